export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /**
   * Whether `password` matches `hash`. Without a hash (unknown login, no password yet, a refused
   * attempt) it spends the time of a verification against a dummy hash and answers false.
   */
  verify(hash: string | undefined, password: string): Promise<boolean>;
}

/** Digests of short one-time codes (recovery codes) under a known salt, slow enough to resist an offline search. */
export interface CodeHasher {
  digest(code: string, salt: string): Promise<string>;
}
