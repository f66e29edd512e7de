import { lookup } from 'node:dns/promises'
import { BlockList, isIP, type LookupFunction } from 'node:net'

/**
 * Addresses a webhook must not reach unless the instance allows private targets: this host,
 * private networks, link-local (cloud metadata at 169.254.169.254 among them), unique-local,
 * carrier-grade NAT, and the special ranges around them. IPv4-mapped IPv6 is checked as IPv4.
 */
const blocked = new BlockList()
for (const [net, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  blocked.addSubnet(net, prefix, 'ipv4')
for (const [net, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
  ['2001:db8::', 32],
] as const)
  blocked.addSubnet(net, prefix, 'ipv6')

/** Whether `address` (an IP literal) is private, loopback, link-local or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = isIP(address)
  if (family === 4) return blocked.check(address, 'ipv4')
  if (family !== 6) return true
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address)
  if (mapped) return blocked.check(mapped[1], 'ipv4')
  return blocked.check(address, 'ipv6')
}

export class RefusedTarget extends Error {}

/**
 * Resolves `host` once and checks every address it has. Returns the address to connect to and
 * a `lookup` for http.request that always answers it: the connection goes where we checked,
 * even if the name resolves elsewhere a moment later (DNS rebinding).
 * @throws RefusedTarget when an address is not public and `allowPrivate` is false.
 */
export async function pinnedLookup(host: string, allowPrivate: boolean): Promise<{ address: string; family: number; lookup: LookupFunction }> {
  const bare = host.replace(/^\[|\]$/g, '')
  const addresses = isIP(bare) ? [{ address: bare, family: isIP(bare) }] : await lookup(bare, { all: true, verbatim: true })
  if (!addresses.length) throw new RefusedTarget(`${host} has no address`)
  if (!allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address))
    if (bad) throw new RefusedTarget(`${host} resolves to a private or special address (${bad.address}); set allowPrivate to send there`)
  }
  const { address, family } = addresses[0]
  const pinned: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) (callback as any)(null, [{ address, family }])
    else callback(null, address, family)
  }
  return { address, family, lookup: pinned }
}
