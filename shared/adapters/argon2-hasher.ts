import { hash, verify } from '@node-rs/argon2';
import type { PasswordHasher } from '#domain/ports';

/** argon2id at OWASP's first recommended setting: 19 MiB, 2 passes, 1 lane. */
export const ARGON2_OPTIONS = { algorithm: 2 /* Argon2id */, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_OPTIONS),
  verify: (encoded, password) => verify(encoded, password),
};
