import ipaddr from 'ipaddr.js';
import { isIP } from 'node:net';

/**
 * Where a customer's webhook may point. A delivery is an HTTP request made from inside our
 * network on a customer's say-so, so it must never reach what only that network reaches: the
 * loopback, private ranges, link-local (cloud metadata at 169.254.169.254), carrier-grade NAT,
 * multicast and every other special-purpose range. Only globally routable unicast passes.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  return parsed.range() === 'unicast';
}

/** A `host:port` the operator lets through although it is private (a test receiver on this machine); never in production. */
export type PrivateTargetExceptions = ReadonlySet<string>;

export const privateTargetExceptionsOf = (setting: string | undefined): PrivateTargetExceptions =>
  new Set((setting ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean));

const targetKey = (host: string, port: number) => `${host.toLowerCase()}:${port}`;

/** Names that resolve inside the network by convention, refused before any lookup. */
const INTERNAL_NAMES = /(^|\.)(localhost|local|internal|intranet|lan|home\.arpa)$/i;

export const MAX_ENDPOINT_URL_LENGTH = 2048;

export interface EndpointUrlRules {
  /** https only (production). */
  httpsOnly: boolean;
  exceptions: PrivateTargetExceptions;
}

/**
 * Why a URL cannot be a webhook endpoint, or undefined when it can. Checked at registration, on
 * what the URL says; what its name resolves to is checked again at every delivery, since DNS can
 * change after registration (`checkResolvedAddresses`).
 */
export function endpointUrlProblem(raw: string, rules: EndpointUrlRules): string | undefined {
  if (raw.length > MAX_ENDPOINT_URL_LENGTH) return `must be at most ${MAX_ENDPOINT_URL_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'must be an absolute URL';
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !rules.httpsOnly)) return rules.httpsOnly ? 'must be https' : 'must be http or https';
  if (url.username || url.password) return 'must not carry a user name or password';
  if (url.hash) return 'must not have a fragment';
  const host = hostOf(url);
  if (rules.exceptions.has(targetKey(host, portOf(url)))) return undefined;
  if (isIP(host)) return isPublicAddress(host) ? undefined : `must not point at a private, loopback or other internal address (${host})`;
  if (!host.includes('.') || INTERNAL_NAMES.test(host)) return `must be a public host name (${host} is internal)`;
  return undefined;
}

/** The host of a URL without the brackets of an IPv6 literal. */
export const hostOf = (url: URL): string => url.hostname.replace(/^\[(.*)\]$/, '$1').toLowerCase();

export const portOf = (url: URL): number => Number(url.port || (url.protocol === 'https:' ? 443 : 80));

/**
 * The address to connect to, from what the host name resolved to at delivery time: refused if
 * any of them is internal (a name that resolves both ways is not trusted with either), unless the
 * operator excepted this host and port.
 */
export function checkResolvedAddresses(host: string, port: number, addresses: string[], exceptions: PrivateTargetExceptions): string {
  if (addresses.length === 0) throw new EndpointRefusedError(`${host} does not resolve`);
  if (exceptions.has(targetKey(host, port))) return addresses[0];
  const internal = addresses.find((a) => !isPublicAddress(a));
  if (internal) throw new EndpointRefusedError(`${host === internal ? host : `${host} resolves to ${internal}, which`} is an internal address: not delivered`);
  return addresses[0];
}

/** A delivery refused before any connection: the endpoint points inside the network. */
export class EndpointRefusedError extends Error {}
