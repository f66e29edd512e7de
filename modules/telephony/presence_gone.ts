import { engine } from '#core/engine/engine'
import { SYSTEM_ACTOR } from '#core/permissions/actor'
import { onUserGone } from '#core/realtime/server'
import { presenceOf, setPresence } from './presence.js'

/**
 * An operator whose last socket closed (the single window shut, the network gone) is offline:
 * the board shows so, and calls ring nobody on their extension (calls.ts skips offline operators).
 */
onUserGone(async (user) => {
  const op = { set: engine.set, actor: SYSTEM_ACTOR, db: engine.knex }
  const presence = await presenceOf(op, user)
  if (presence && presence.state !== 'offline') await setPresence(op, user, 'offline')
})
