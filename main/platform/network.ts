import net from 'node:net';

/** True for names and addresses that only this machine can reach (127.0.0.0/8, ::1, localhost). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (net.isIPv4(bare)) return bare.startsWith('127.');
  if (net.isIPv6(bare)) return bare === '::1' || /^::ffff:127\./.test(bare);
  return false;
}

/** The host part of a URL for an address a server is bound to (wildcards shown as loopback). */
export function urlHostFor(boundHost: string): string {
  if (boundHost === '0.0.0.0') return '127.0.0.1';
  if (boundHost === '::') return '[::1]';
  return net.isIPv6(boundHost) ? `[${boundHost}]` : boundHost;
}
