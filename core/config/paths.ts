import { resolve } from 'node:path'
import env from '#start/env'

/** The data folder: embedded database, app key, uploaded files. */
export const dataDir = resolve(env.get('VIKNO_DATA_DIR') ?? 'data')
