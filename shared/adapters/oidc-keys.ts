import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { Clock } from '#domain/clock';
import { rotateKeySet } from '#domain/services';
import type { OidcKeySet, OidcKeyStore } from '#domain/services-ports';

/** A new RS256 signing key (RSA 2048, the algorithm every OpenID relying party supports), as a private JWK. */
export const newSigningKey = (): OidcKeySet['signingKeys'][number] => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...(privateKey.export({ format: 'jwk' }) as Record<string, unknown>), kid: randomUUID(), alg: 'RS256', use: 'sig' };
};

export const newCookieSecret = (): string => randomBytes(32).toString('base64url');

/** A first key set: one signing key, one cookie secret. */
export const newKeySet = (): OidcKeySet => ({ signingKeys: [newSigningKey()], cookieSecrets: [newCookieSecret()] });

/** The key set rotated once: a new key signs, the previous one stays for verification, the oldest goes. */
export const rotatedKeySet = (current: OidcKeySet): OidcKeySet => rotateKeySet(current, newSigningKey(), newCookieSecret());

/**
 * The local key set: kept in a file under the runtime's data directory (so tokens outlive a
 * restart), or only in memory for a throwaway run. `rotate` plays the rotation function.
 */
export class LocalOidcKeyStore implements OidcKeyStore {
  private keys: OidcKeySet;

  constructor(private readonly file?: string) {
    this.keys = file && existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as OidcKeySet) : newKeySet();
    this.save();
  }

  current(): Promise<OidcKeySet> {
    return Promise.resolve(this.keys);
  }

  rotate(): OidcKeySet {
    this.keys = rotatedKeySet(this.keys);
    this.save();
    return this.keys;
  }

  private save() {
    if (this.file) writeFileSync(this.file, JSON.stringify(this.keys), { mode: 0o600 });
  }
}

/** How long a container keeps the key set before reading it again: a rotation reaches every container within this. */
export const KEY_SET_CACHE_SECONDS = 300;

/**
 * The key set in Secrets Manager (its AWSCURRENT version, JSON), read at most every five minutes.
 * The rotation function (functions/oidc/rotate-signing-keys.ts) writes the next one.
 */
export const secretsManagerOidcKeys = (secretId: string, clock: Clock): OidcKeyStore => {
  let cached: { keys: Promise<OidcKeySet>; at: number } | undefined;
  return {
    current: () => {
      const now = clock.now().getTime();
      if (!cached || now - cached.at > KEY_SET_CACHE_SECONDS * 1000) {
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
