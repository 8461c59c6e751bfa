/**
 * The Lambda entry that rotates the OpenID provider's keys (Secrets Manager's four-step protocol):
 * createSecret writes the next key set as the pending version (a new signing key first, the key
 * that signed until now kept for verification, the oldest retired; cookie secrets alike), and
 * finishSecret makes it current. The provider's containers read the secret again within five
 * minutes (shared/adapters/oidc-keys.ts); tokens signed with the previous key still verify, since
 * it stays in the JWKS until the next rotation. It lives with the adapters: it is nothing but AWS calls.
 */
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import type { OidcKeySet } from '#domain/services-ports';
import { logger } from './logger';
import { rotatedKeySet } from './oidc-keys';

export interface KeyRotationEvent {
  SecretId: string;
  ClientRequestToken: string;
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

/** The secret as CDK creates it holds no key yet (`{signingKeys: [], cookieSecrets: [], seed}`): the first rotation makes one. */
const keySetOf = (text: string | undefined): OidcKeySet => {
  const parsed = JSON.parse(text ?? '{}') as Partial<OidcKeySet>;
  return { signingKeys: parsed.signingKeys ?? [], cookieSecrets: parsed.cookieSecrets ?? [] };
};

/** One step of a rotation; each is safe to repeat (Secrets Manager retries them). */
export const rotateOidcKeys =
  (secrets: Pick<SecretsManagerClient, 'send'>) =>
  async ({ SecretId, ClientRequestToken: token, Step }: KeyRotationEvent): Promise<void> => {
    const { VersionIdsToStages: versions = {}, RotationEnabled } = await secrets.send(new DescribeSecretCommand({ SecretId }));
    if (!RotationEnabled) throw new Error('Rotation is not enabled on the OpenID keys secret');
    const stages = versions[token] ?? [];
    if (stages.includes('AWSCURRENT')) return; // already done
    if (!stages.includes('AWSPENDING')) throw new Error('The rotation token is not the pending version of the OpenID keys secret');
    logger.info('Rotating the OpenID provider keys', { step: Step });
    if (Step === 'createSecret') {
      try {
        await secrets.send(new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: 'AWSPENDING' }));
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId, VersionStage: 'AWSCURRENT' }));
        const next = rotatedKeySet(keySetOf(SecretString));
        const value = JSON.stringify(next);
        await secrets.send(new PutSecretValueCommand({ SecretId, ClientRequestToken: token, SecretString: value, VersionStages: ['AWSPENDING'] }));
      }
    } else if (Step === 'testSecret') {
      const { SecretString } = await secrets.send(new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: 'AWSPENDING' }));
      if (!keySetOf(SecretString).signingKeys.length) throw new Error('The pending OpenID key set has no signing key');
    } else if (Step === 'finishSecret') {
      const current = Object.entries(versions).find(([, versionStages]) => versionStages.includes('AWSCURRENT'))?.[0];
      await secrets.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));
    }
    // setSecret: no other system holds the keys.
  };

export const handler = (event: KeyRotationEvent): Promise<void> => rotateOidcKeys(new SecretsManagerClient({}))(event);
