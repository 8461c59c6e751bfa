import { randomBytes } from 'node:crypto';
import { argon2id, argon2Verify } from 'hash-wasm';
import type { CodeHasher, PasswordHasher } from '#domain/hashing-ports';

export interface Argon2Parameters {
  memorySize: number;
  iterations: number;
  parallelism: number;
  hashLength: number;
}

/**
 * argon2id at OWASP's first recommended setting: 19 MiB, 2 passes, 1 lane, 16-byte salt.
 * hash-wasm rather than a native addon: the same WebAssembly runs here and on arm64 Lambda,
 * bundled by esbuild, with no per-platform binary to ship (about 45 ms a hash on this machine).
 * Hashes are standard PHC strings ($argon2id$v=19$m=19456,t=2,p=1$...).
 */
export const ARGON2_PARAMETERS: Argon2Parameters = { memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32 };

/** An argon2id hasher; other parameters only for tests that feed it thousands of inputs. */
export const createArgon2Hasher = (parameters: Argon2Parameters = ARGON2_PARAMETERS): PasswordHasher => {
  const hash = (password: string) => argon2id({ ...parameters, password, salt: randomBytes(16), outputType: 'encoded' });
  // Made on first need, with the same parameters, so that it always costs what a real one costs.
  let dummy: Promise<string> | undefined;
  return {
    hash,
    verify: async (encoded, password) => {
      if (encoded) return argon2Verify({ hash: encoded, password });
      dummy ??= hash(randomBytes(32).toString('base64url'));
      await argon2Verify({ hash: await dummy, password });
      return false;
    },
  };
};

export const argon2Hasher = createArgon2Hasher();

/**
 * argon2id of a recovery code under its set's salt, with the passwords' parameters: the same code
 * and salt always give the same digest, so a typed code is looked up with one hash.
 */
export const createArgon2CodeHasher = (parameters: Argon2Parameters = ARGON2_PARAMETERS): CodeHasher => ({
  digest: (code, salt) => argon2id({ ...parameters, password: code, salt: Buffer.from(salt, 'base64url'), outputType: 'hex' }),
});

export const argon2CodeHasher = createArgon2CodeHasher();
