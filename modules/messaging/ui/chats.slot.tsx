import type { SlotDef } from '../../../core/ui/src/extensions.js'
import { Chats } from './Chats.js'

/** The chats on the single window (telephony's desk draws its `desk` slots). */
export const slot: SlotDef = { name: 'desk', order: 10, Component: Chats }
