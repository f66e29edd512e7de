/**
 * Indexes behind finding who wrote (identity.ts) among a city's residents: a messenger address
 * in `contact.messengers` (GIN, containment) and an e-mail address in any case; and behind the
 * exactly-once key of an outbound message (`send_options.key`, outbound.ts). The entity's
 * metadata cannot declare expression indexes; the schema planner leaves indexes whose names
 * are not `<table>_…_idx` alone, so these live beside it, created once at boot.
 */
import { registerBootTask } from '#core/engine/boot_tasks'

registerBootTask('messaging_identity_indexes', async (knex) => {
  await knex.raw('CREATE INDEX IF NOT EXISTS messaging_contact_messengers_gin ON contact USING gin (messengers jsonb_path_ops)')
  await knex.raw('CREATE INDEX IF NOT EXISTS messaging_contact_email_lower ON contact (lower(email))')
  await knex.raw(`CREATE INDEX IF NOT EXISTS messaging_message_send_key ON message ((send_options->>'key'))`)
})
