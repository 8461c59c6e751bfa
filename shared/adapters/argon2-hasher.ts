import { randomBytes } from 'node:crypto';
import { hash as argon2Hash, hashRaw, verify as argon2Verify, type Options } from '@node-rs/argon2';
import type { CodeHasher, PasswordHasher } from '#domain/hashing-ports';

export interface Argon2Parameters {
  memorySize: number;
  iterations: number;
  parallelism: number;
  hashLength: number;
}

/**
 * argon2id at OWASP's first recommended setting: 19 MiB, 2 passes, 1 lane, 16-byte salt.
 * Native (@node-rs/argon2, Rust): 4-6 times faster than the WebAssembly build used before, on
 * the same parameters, so the same PHC strings ($argon2id$v=19$m=19456,t=2,p=1$...): hashes made
 * by hash-wasm verify unchanged (a test keeps one). Lambda runs arm64: infra ships the
 * linux-arm64-gnu binding in every function that hashes (infra/lambda-arm64/).
 */
export const ARGON2_PARAMETERS: Argon2Parameters = { memorySize: 19456, iterations: 2, parallelism: 1, hashLength: 32 };

// 2 is Algorithm.Argon2id: the package declares its enums `const`, which isolated modules cannot read.
const options = (parameters: Argon2Parameters, salt: Buffer): Options => ({
  algorithm: 2,
  memoryCost: parameters.memorySize,
  timeCost: parameters.iterations,
  parallelism: parameters.parallelism,
  outputLen: parameters.hashLength,
  salt,
});

/** An argon2id hasher; other parameters only for tests that feed it thousands of inputs. */
export const createArgon2Hasher = (parameters: Argon2Parameters = ARGON2_PARAMETERS): PasswordHasher => {
  const hash = (password: string) => argon2Hash(password, options(parameters, randomBytes(16)));
  // Made on first need, with the same parameters, so that it always costs what a real one costs.
  let dummy: Promise<string> | undefined;
  return {
    hash,
    verify: async (encoded, password) => {
      // The parameters come from the PHC string itself, as with any argon2 verifier.
      if (encoded) return argon2Verify(encoded, password);
      dummy ??= hash(randomBytes(32).toString('base64url'));
      await argon2Verify(await dummy, password);
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
  digest: async (code, salt) => (await hashRaw(code, options(parameters, Buffer.from(salt, 'base64url')))).toString('hex'),
});

export const argon2CodeHasher = createArgon2CodeHasher();

/** Both hashers at other parameters (tests that build the system in their own process). */
export const createArgon2Hashers = (parameters: Argon2Parameters): { hasher: PasswordHasher; codeHasher: CodeHasher } => ({
  hasher: createArgon2Hasher(parameters),
  codeHasher: createArgon2CodeHasher(parameters),
});
