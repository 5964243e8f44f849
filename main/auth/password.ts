import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * Password hashing with scrypt (RFC 7914). Parameters follow the OWASP Password Storage
 * Cheat Sheet minimum for scrypt (N=2^17, r=8, p=1 ≈ 128 MiB); we use N=2^15 with r=8 (32 MiB),
 * the strength Node's own docs use, to keep sign-in under ~100 ms on the 2-core control-room PCs.
 * The parameters are stored with each hash, so they can be raised later without breaking old hashes.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_BYTES = 32;
const SALT_BYTES = 16;

function derive(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const maxmem = 256 * (options.N ?? N) * (options.r ?? R);
    scrypt(password.normalize('NFC'), salt, KEY_BYTES, { ...options, maxmem }, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/**
 * A well-formed hash, with the current parameters, of a random key nobody knows: verifying a password
 * for an unknown user name (or a user without a password) against it costs the same scrypt work as
 * for a real user, so sign-in time does not reveal which user names exist (OWASP Authentication
 * Cheat Sheet, "Authentication and Error Messages": respond in the same time).
 */
export const UNMATCHABLE_HASH = ['scrypt', N, R, P, randomBytes(SALT_BYTES).toString('base64url'), randomBytes(KEY_BYTES).toString('base64url')].join('$');

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, saltText, keyText] = stored.split('$');
  if (scheme !== 'scrypt' || !saltText || !keyText) return false;
  const expected = Buffer.from(keyText, 'base64url');
  const actual = await derive(password, Buffer.from(saltText, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
