import { argon2CodeHasher, argon2Hasher } from '#adapters/argon2-hasher';

/*
 * Produced by hash-wasm 4.13.0, the WebAssembly argon2id this project used before the native
 * binding, with the same parameters (m=19456, t=2, p=1, 32 bytes): what the table already holds.
 */
const HASH_WASM_PASSWORD_HASH = '$argon2id$v=19$m=19456,t=2,p=1$MDEyMzQ1Njc4OWFiY2RlZg$Z7OYNrAP4hm455K/EJfSw1H2j5qSS1nYRuaC83JlwXQ';
const HASH_WASM_RECOVERY_DIGEST = {
  code: 'ABCD-EFGH-JKMN',
  salt: 'c2VsLWRlLXJlY291dnJlbWVudA',
  hex: '3087076208dd45d06a28969500f53244b215a79ae81a13573629bbb54d0d7d47',
};

describe('the argon2id hasher', () => {
  it('verifies a password hash that hash-wasm made, and refuses another password against it', async () => {
    expect(await argon2Hasher.verify(HASH_WASM_PASSWORD_HASH, 'Ceci est un exemple1')).toBe(true);
    expect(await argon2Hasher.verify(HASH_WASM_PASSWORD_HASH, 'Ceci est un exemple2')).toBe(false);
  });

  it('hashes with the same parameters, as a PHC string with a fresh 16-byte salt', async () => {
    const [first, second] = [await argon2Hasher.hash('Ceci est un exemple1'), await argon2Hasher.hash('Ceci est un exemple1')];
    expect(first).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
    expect(first).not.toBe(second);
    expect(await argon2Hasher.verify(first, 'Ceci est un exemple1')).toBe(true);
  });

  it('refuses every password when there is no hash, after the same work', async () => {
    expect(await argon2Hasher.verify(undefined, 'Ceci est un exemple1')).toBe(false);
  });

  it('digests a recovery code exactly as hash-wasm did, so stored codes still match', async () => {
    const { code, salt, hex } = HASH_WASM_RECOVERY_DIGEST;
    expect(await argon2CodeHasher.digest(code, salt)).toBe(hex);
  });
});
