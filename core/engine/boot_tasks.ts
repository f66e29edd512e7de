import type { Knex } from 'knex'

/** Work a module needs once the engine's database is ready (e.g. a sequence), run at each boot. */
export type BootTask = (knex: Knex) => Promise<void>

const tasks = new Map<string, BootTask>()

export function registerBootTask(name: string, task: BootTask) {
  tasks.set(name, task)
}

export async function runBootTasks(knex: Knex) {
  for (const task of tasks.values()) await task(knex)
}
