import type { Argon2Parameters } from '#adapters/argon2-hasher';

/**
 * argon2id at its lightest, for the runtimes the tests build in their own process (the handler
 * harness, the boundary runtime): what those tests prove is who gets in and what is stored, not
 * what a hash costs. Hashing is still argon2id through the same native binding, and the number of
 * hashes each answer makes is unchanged (test/security/equal-work.test.ts counts them).
 * The production parameters are proven where they matter: test/adapters/argon2-hasher.test.ts,
 * the password a handler stores (test/handlers/passwords.test.ts), every `npm start` the browser
 * and end-to-end suites run, and `npm run bench`.
 */
export const LIGHT_ARGON2: Argon2Parameters = { memorySize: 64, iterations: 1, parallelism: 1, hashLength: 32 };
