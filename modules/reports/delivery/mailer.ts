import nodemailer from 'nodemailer'

/** One letter with one attachment. */
export interface ReportLetter {
  to: string[]
  subject: string
  text: string
  attachment: { fileName: string; contentType: string; content: Buffer }
  /** `<…@vikno>`: the same letter sent again is recognisably the same one. */
  messageId: string
}

/**
 * Sends through the SMTP server of `VIKNO_SMTP_URL` (`smtp://user:pass@host:587`, or
 * `smtps://` for TLS from the start), from `VIKNO_SMTP_FROM`, a fresh connection per letter.
 * Errors keep the server's reply but never the password.
 */
export async function sendReportLetter(letter: ReportLetter): Promise<void> {
  const url = process.env.VIKNO_SMTP_URL
  if (!url) throw new Error('VIKNO_SMTP_URL is not set: reports cannot be sent by e-mail')
  const transport = nodemailer.createTransport(url, { from: process.env.VIKNO_SMTP_FROM })
  try {
    await transport.sendMail({
      from: process.env.VIKNO_SMTP_FROM ?? 'Vikno <vikno@localhost>',
      to: letter.to,
      subject: letter.subject,
      text: letter.text,
      messageId: letter.messageId,
      attachments: [{ filename: letter.attachment.fileName, contentType: letter.attachment.contentType, content: letter.attachment.content }],
    })
  } catch (error) {
    const password = safePassword(url)
    const message = String((error as Error).message ?? error)
    throw new Error(`SMTP: ${password ? message.replaceAll(password, '***') : message}`)
  } finally {
    transport.close()
  }
}

function safePassword(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password)
  } catch {
    return ''
  }
}
