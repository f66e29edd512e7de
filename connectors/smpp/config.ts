/** The instance's config with the manifest's defaults filled in (the host checked it against the schema). */
export interface GatewayConfig {
  key: string
  host: string
  port: number
  systemId: string
  /** The gateway's `password`, in clear (never logged); undefined when none is set. */
  password?: string
  systemType: string
  sourceAddr: string
  ratePerSecond: number
  windowSize: number
}

export interface SmppConfig {
  gateways: GatewayConfig[]
  enquireLinkSeconds: number
  deliveryReceipts: boolean
}

export function smppConfig(c: Record<string, any>): SmppConfig {
  const gateways: GatewayConfig[] = (c.gateways ?? []).map((g: Record<string, any>) => ({
    key: String(g.key),
    host: String(g.host),
    port: g.port ?? 2775,
    systemId: String(g.systemId),
    password: typeof g.password === 'string' ? g.password : undefined,
    systemType: g.systemType ?? '',
    sourceAddr: String(g.sourceAddr),
    ratePerSecond: g.ratePerSecond ?? 5,
    windowSize: g.windowSize ?? 10,
  }))
  const keys = gateways.map((g) => g.key)
  const twice = keys.find((k, i) => keys.indexOf(k) !== i)
  if (twice) throw new Error(`config/gateways: the key ${twice} is used by two gateways`)
  if (!gateways.length) throw new Error('config/gateways: at least one gateway is needed')
  return { gateways, enquireLinkSeconds: c.enquireLinkSeconds ?? 30, deliveryReceipts: c.deliveryReceipts ?? true }
}
