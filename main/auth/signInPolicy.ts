import { isLoopbackHost } from '../platform/index.js';

/**
 * Sign-in is implicit only for a core that nothing but this machine can reach; binding to any
 * other address (a LAN interface, 0.0.0.0, ::) always requires users to sign in.
 */
export function isSignInRequired(config: { host: string; requireAuth: boolean }): boolean {
  return config.requireAuth || !isLoopbackHost(config.host);
}
