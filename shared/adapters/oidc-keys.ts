import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Clock } from '#domain/clock';
import { RULES } from '#domain/rules';
import { rotateKeySet } from '#domain/services';
import type { OidcKeySet, OidcKeyStore, OidcSigningKey } from '#domain/services-ports';

/** A new RS256 signing key (RSA 2048, the algorithm every OpenID relying party supports), as a private JWK. */
export const newSigningKey = (): OidcSigningKey => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: randomUUID(), alg: 'RS256', use: 'sig' };
};

export const newCookieSecret = (): string => randomBytes(32).toString('base64url');

/** The key set rotated once (`rotateKeySet`): the next key signs, the previous one stays for verification, a new next key is published. */
export const rotatedKeySet = (current: OidcKeySet, now: Date): OidcKeySet => rotateKeySet(current, now, newSigningKey, newCookieSecret);

/** A first key set: a signing key, the next key published beside it, a cookie secret. */
export const newKeySet = (now: Date): OidcKeySet => rotatedKeySet({ signingKeys: [], cookieSecrets: [] }, now);

/**
 * The local key set: kept in a file under the runtime's data directory (so tokens outlive a
 * restart), or only in memory for a throwaway run. `rotate` plays the rotation function.
 */
export class LocalOidcKeyStore implements OidcKeyStore {
  // Made at first use, not at construction: two RSA keys cost a CPU-tenth of a second, and most
  // runtimes and test harnesses never sign a token.
  private made?: OidcKeySet;

  constructor(
    private readonly clock: Clock,
    private readonly file?: string,
  ) {
    if (file && existsSync(file)) this.made = JSON.parse(readFileSync(file, 'utf8')) as OidcKeySet;
  }

  private get keys(): OidcKeySet {
    if (!this.made) {
      this.made = newKeySet(this.clock.now());
      this.save();
    }
    return this.made;
  }

  current(): Promise<OidcKeySet> {
    return Promise.resolve(this.keys);
  }

  rotate(): OidcKeySet {
    this.made = rotatedKeySet(this.keys, this.clock.now());
    this.save();
    return this.made;
  }

  private save() {
    if (this.file && this.made) writeFileSync(this.file, JSON.stringify(this.made), { mode: 0o600 });
  }
}

/**
 * The key set in Secrets Manager (its AWSCURRENT version, JSON), read at most every
 * `oidcKeySetCacheSeconds`: a rotation reaches every container within that.
 * The rotation function (functions/oidc/rotate-signing-keys.ts) writes the next one.
 */
export const secretsManagerOidcKeys = (secretId: string, clock: Clock): OidcKeyStore => {
  let cached: { keys: Promise<OidcKeySet>; at: number } | undefined;
  return {
    current: () => {
      const now = clock.now().getTime();
      if (!cached || now - cached.at > RULES.oidcKeySetCacheSeconds * 1000) {
        const keys = (async () => {
          // eslint-disable-next-line @typescript-eslint/no-require-imports -- only the provider's function ships the Secrets Manager client
          const sdk = require('@aws-sdk/client-secrets-manager') as typeof import('@aws-sdk/client-secrets-manager');
          const { SecretsManagerClient, GetSecretValueCommand } = sdk;
          const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));
          return JSON.parse(SecretString!) as OidcKeySet;
        })();
        // A failed read is not kept: the next request tries again.
        keys.catch(() => (cached = undefined));
        cached = { keys, at: now };
      }
      return cached.keys;
    },
  };
};
