import { defineConfig } from '@adonisjs/core/app'

/** AdonisJS wiring: everything lives under core/ (see README, "Layout"). */
export default defineConfig({
  commands: [() => import('@adonisjs/core/commands'), () => import('@adonisjs/lucid/commands')],
  providers: [
    () => import('@adonisjs/core/providers/app_provider'),
    () => import('@adonisjs/core/providers/hash_provider'),
    { file: () => import('@adonisjs/core/providers/repl_provider'), environment: ['repl', 'test'] },
    () => import('@adonisjs/lucid/database_provider'),
    { file: () => import('#providers/engine_provider'), environment: ['web', 'test', 'console'] },
  ],
  preloads: [
    { file: () => import('#start/routes'), environment: ['web', 'test'] },
    { file: () => import('#start/kernel'), environment: ['web', 'test'] },
  ],
  directories: {
    config: 'core/config',
    commands: 'core/commands',
    start: 'core/start',
    providers: 'core/providers',
    migrations: 'core/database/migrations',
    seeders: 'core/database/seeders',
    httpControllers: 'core/http',
    exceptions: 'core/exceptions',
    tests: 'tests',
    tmp: 'tmp',
  },
  metaFiles: [],
})
