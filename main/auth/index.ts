/** Sign-in and sessions: local users (scrypt hashes), tokens, lock-out policy (docs/security.md). */
export { Authenticator, bearerToken, implicitLocalUser } from './Authenticator.js';
export { UserStore } from './UserStore.js';
export { isSignInRequired } from './signInPolicy.js';
