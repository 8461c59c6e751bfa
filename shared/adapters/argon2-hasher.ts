import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';
import type { PasswordHasher } from '#domain/ports';

/**
 * argon2id at OWASP's first recommended setting: 19 MiB, 2 passes, 1 lane, 16-byte salt.
 * hash-wasm rather than a native addon: the same WebAssembly runs here and on arm64 Lambda,
 * bundled by esbuild, with no per-platform binary to ship (about 45 ms a hash on this machine).
 * Hashes are standard PHC strings ($argon2id$v=19$m=19456,t=2,p=1$...).
 */
export const ARGON2_PARAMETERS = { memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32 } as const;

export const argon2Hasher: PasswordHasher = {
  hash: (password) => argon2id({ ...ARGON2_PARAMETERS, password, salt: randomBytes(16), outputType: 'encoded' }),
  verify: (hash, password) => argon2Verify({ hash, password }),
};
