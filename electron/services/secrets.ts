import crypto from 'node:crypto';

/** scrypt cost: N=2^14, r=8, p=1 — about 50 ms per check here, within what a sign-in can wait. */
const N = 16384;
const R = 8;
const P = 1;
const KEY_LEN = 32;

/** Hashes a password or PIN with a fresh random salt: `scrypt$N$r$p$salt$hash` (base64). */
export function hashSecret(secret: string): string {
  const salt = crypto.randomBytes(16);
  const hash = crypto.scryptSync(secret.normalize('NFKC'), salt, KEY_LEN, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/** Constant-time check of a secret against a stored hash. */
export function verifySecret(secret: string, stored: string): boolean {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = crypto.scryptSync(secret.normalize('NFKC'), Buffer.from(salt, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
}
