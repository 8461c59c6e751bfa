/**
 * The Lambda entry that rotates the OpenID provider's keys (Secrets Manager's four steps,
 * shared/adapters/secret-rotation.ts): createSecret writes the next key set as the pending version
 * (`rotateKeySet`: the key published at the previous rotation signs, the one that signed until now
 * stays published for verification, the oldest goes, a new key is published ahead of its turn;
 * cookie secrets alike), testSecret checks it has a key to sign with, and finishSecret makes it
 * current. The provider's containers read the secret again within `oidcKeySetCacheSeconds`.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Clock } from '#domain/clock';
import { systemClock } from '#domain/clock';
import { nextKeyReady } from '#domain/services';
import type { OidcKeySet } from '#domain/services-ports';
import { logger } from './logger';
import { rotatedKeySet } from './oidc-keys';
import { rotateSecret, type RotationEvent } from './secret-rotation';

export type { RotationEvent as KeyRotationEvent } from './secret-rotation';

/** The secret as CDK creates it holds no key yet (`{signingKeys: [], cookieSecrets: [], seed}`): the first rotation makes one. */
const keySetOf = (text: string | undefined): OidcKeySet => {
  const parsed = JSON.parse(text ?? '{}') as Partial<OidcKeySet>;
  return { signingKeys: parsed.signingKeys ?? [], cookieSecrets: parsed.cookieSecrets ?? [], ...(parsed.nextKey && { nextKey: parsed.nextKey }) };
};

/** One step of a rotation; each is safe to repeat (Secrets Manager retries them). */
export const rotateOidcKeys = (secrets: Pick<SecretsManagerClient, 'send'>, clock: Clock = systemClock) =>
  rotateSecret(secrets, {
    name: 'the OpenID keys secret',
    next: async (current) => {
      const keys = keySetOf(current);
      const now = clock.now();
      // A rotation soon after the last (a manual one): the next key is not in every cached JWKS yet, so nothing is promoted.
      if (keys.nextKey && !nextKeyReady(keys, now)) logger.warn('The next OpenID signing key was published too recently to sign: no key promoted');
      return JSON.stringify(rotatedKeySet(keys, now));
    },
    test: async (pending) => {
      if (!keySetOf(pending).signingKeys.length) throw new Error('The pending OpenID key set has no signing key');
    },
    // setSecret: no other system holds the keys.
  });

export const handler = (event: RotationEvent): Promise<void> => rotateOidcKeys(new SecretsManagerClient({}))(event);
