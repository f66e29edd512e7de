/** The e-mail instance's config with the manifest's defaults filled in (the host checked it against the schema). */
export interface SmtpConfig {
  host: string
  port: number
  secure: boolean
  requireTLS: boolean
  user?: string
  password?: string
  from: string
  replyTo?: string
}

export interface InboundConfig {
  enabled: boolean
  host: string
  port: number
  /** Lowercased: domains (`city.gov.ua`) and addresses (`cc@city.gov.ua`). */
  allowedRecipients: string[]
  maxBytes: number
  attachmentMaxBytes: number
  authToken?: string
}

export interface EmailConfig {
  smtp: SmtpConfig
  inbound: InboundConfig
  defaultSubject: string
  checkIntervalMs: number
  timeoutMs: number
}

export const TEN_MB = 10 * 1024 * 1024

export function emailConfig(c: Record<string, any>): EmailConfig {
  const smtp = c.smtp ?? {}
  const inbound = c.inbound ?? {}
  return {
    smtp: {
      host: String(smtp.host ?? ''),
      port: smtp.port ?? 587,
      secure: smtp.secure === true,
      requireTLS: smtp.requireTLS === true,
      user: smtp.user || undefined,
      password: smtp.password || undefined,
      from: String(smtp.from ?? ''),
      replyTo: smtp.replyTo || undefined,
    },
    inbound: {
      enabled: inbound.enabled === true,
      host: inbound.host ?? '0.0.0.0',
      port: inbound.port ?? 2525,
      allowedRecipients: ((inbound.allowedRecipients ?? []) as string[]).map((r) => r.trim().toLowerCase().replace(/^@/, '')),
      maxBytes: inbound.maxBytes ?? TEN_MB,
      attachmentMaxBytes: Math.min(inbound.attachmentMaxBytes ?? TEN_MB, TEN_MB),
      authToken: inbound.authToken || undefined,
    },
    defaultSubject: c.defaultSubject ?? 'Відповідь контакт-центру',
    checkIntervalMs: c.checkIntervalMs ?? 60_000,
    timeoutMs: c.timeoutMs ?? 10_000,
  }
}

/**
 * Whether mail to `address` is accepted: an entry with `@` is one address, any other entry a
 * domain (exactly that domain, not its subdomains). Case does not matter.
 */
export function recipientAllowed(allowed: string[], address: string): boolean {
  const a = address.trim().toLowerCase()
  const at = a.lastIndexOf('@')
  if (at <= 0) return false
  const domain = a.slice(at + 1)
  return allowed.some((entry) => (entry.includes('@') ? entry === a : entry === domain))
}
