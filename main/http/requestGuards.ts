import { isLoopbackHost } from '../platform/index.js';

/** "host:port" or "[::1]:port" → host. */
function hostOf(hostHeader: string): string {
  const bracketed = hostHeader.match(/^\[([^\]]+)\]/);
  if (bracketed) return bracketed[1]!;
  return hostHeader.split(':')[0] ?? '';
}

/**
 * Where sign-in is implicit (a loopback-only core), any web page the operator opens could try to
 * talk to the core. Two checks close that: the Host header must name a loopback address (stops DNS
 * rebinding), and a browser Origin, when sent, must be this same host (stops cross-site sockets).
 */
export function isTrustedLocalRequest(headers: { host?: string | undefined; origin?: string | undefined }): boolean {
  if (!headers.host || !isLoopbackHost(hostOf(headers.host))) return false;
  if (headers.origin === undefined) return true;
  try {
    return new URL(headers.origin).host === headers.host;
  } catch {
    return false;
  }
}

/** With sign-in required, a browser origin must still be our own (socket.io ignores CORS for websockets). */
export function isSameOriginOrNone(headers: { host?: string | undefined; origin?: string | undefined }): boolean {
  if (headers.origin === undefined) return true;
  try {
    return new URL(headers.origin).host === headers.host;
  } catch {
    return false;
  }
}
