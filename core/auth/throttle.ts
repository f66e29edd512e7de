import type { Knex } from 'knex'
import { RateLimiterPostgres, type RateLimiterAbstract } from 'rate-limiter-flexible'
import { Problem } from '#core/errors/problem'

/**
 * Login throttling as a progressive delay, never a lockout. Failures are counted per account
 * and address together (an attacker's guesses slow down only that pair: the owner of the
 * account signs in from anywhere else at once) and per address (spraying many accounts from
 * one address). Past a few free failures each further one makes the pair, or the address,
 * wait twice as long as the last (1 s, 2 s, 4 s … up to the cap) before the next attempt is
 * even checked. The counters live in PostgreSQL (`sys_login_limits`), so every node agrees;
 * a success clears its pair.
 */
export const LOGIN_THROTTLE = {
  pair: { free: 5, windowSeconds: 3600, maxDelaySeconds: 900 },
  address: { free: 50, windowSeconds: 900, maxDelaySeconds: 60 },
}

/** Seconds to wait after the n-th failure in a window: 0 while free, then 1, 2, 4 … cap. */
export function delayAfter(failures: number, rule: { free: number; maxDelaySeconds: number }): number {
  if (failures <= rule.free) return 0
  return Math.min(rule.maxDelaySeconds, 2 ** Math.min(30, failures - rule.free - 1))
}

interface Limiters {
  pair: RateLimiterAbstract
  address: RateLimiterAbstract
  wait: RateLimiterAbstract
}

const byDatabase = new WeakMap<Knex, Limiters>()

function limiters(db: Knex): Limiters {
  let found = byDatabase.get(db)
  if (!found) {
    const make = (keyPrefix: string, points: number, duration: number, clearExpiredByTimeout = false) =>
      new RateLimiterPostgres({ storeClient: db, storeType: 'knex', tableName: 'sys_login_limits', tableCreated: true, clearExpiredByTimeout, keyPrefix, points, duration })
    found = {
      pair: make('pair', 1e9, LOGIN_THROTTLE.pair.windowSeconds, true),
      address: make('ip', 1e9, LOGIN_THROTTLE.address.windowSeconds),
      wait: make('wait', 1, 1),
    }
    byDatabase.set(db, found)
  }
  return found
}

const pairKey = (login: string, ip: string) => `${login.toLowerCase().slice(0, 120)}|${ip}`

/** Throws 429 (with `retryAfter` seconds) while the pair or the address must still wait. */
export async function checkLoginAllowed(db: Knex, login: string, ip: string) {
  const { wait } = limiters(db)
  const [pair, address] = await Promise.all([wait.get(pairKey(login, ip)), wait.get(`ip|${ip}`)])
  const ms = Math.max(pair && pair.consumedPoints > 1 ? pair.msBeforeNext : 0, address && address.consumedPoints > 1 ? address.msBeforeNext : 0)
  if (ms > 0) throw new Problem('too-many-requests', [], { retryAfter: Math.ceil(ms / 1000) })
}

/** Counts a failure and starts the delay it earns. */
export async function recordLoginFailure(db: Knex, login: string, ip: string) {
  const l = limiters(db)
  const [pair, address] = await Promise.all([l.pair.penalty(pairKey(login, ip), 1), l.address.penalty(`ip|${ip}`, 1)])
  const pairDelay = delayAfter(pair.consumedPoints, LOGIN_THROTTLE.pair)
  const addressDelay = delayAfter(address.consumedPoints, LOGIN_THROTTLE.address)
  await Promise.all([pairDelay && l.wait.block(pairKey(login, ip), pairDelay), addressDelay && l.wait.block(`ip|${ip}`, addressDelay)])
}

/** A success forgets the pair's failures (not the address's: others may be guessing there). */
export async function recordLoginSuccess(db: Knex, login: string, ip: string) {
  const l = limiters(db)
  await Promise.all([l.pair.delete(pairKey(login, ip)), l.wait.delete(pairKey(login, ip))])
}
