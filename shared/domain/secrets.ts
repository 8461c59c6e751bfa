import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** A bearer secret (link token, session id): 256 bits from the CSPRNG, base64url. */
export const newSecretToken = (): string => randomBytes(32).toString('base64url');

/** What we store instead of a secret: its SHA-256, hex. Secrets here are high-entropy, so no salt is needed. */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret, 'utf8').digest('hex');

/** Constant-time comparison of two hex digests. */
export const sameHash = (a: string, b: string): boolean => {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
};

/** A string of `length` characters drawn uniformly from `alphabet` with the CSPRNG. */
export const randomString = (alphabet: string, length: number): string => Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('');
