/**
 * Secrets Manager's four-step rotation protocol, once for every secret Passerelle rotates
 * (the origin secret, the OpenID provider's keys): each rotation says only how to make the next
 * value from the current one, and what to do with it before it becomes current. It lives with the
 * adapters: it is nothing but AWS calls.
 */
import {
  DescribeSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  type SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { logger } from './logger';

export interface RotationEvent {
  SecretId: string;
  ClientRequestToken: string;
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

/** What one secret's rotation does at the steps where secrets differ. */
export interface SecretRotation {
  /** The secret, as messages name it: "the origin secret". */
  name: string;
  /** createSecret: the pending value, from the current one. */
  next(current: string | undefined): Promise<string>;
  /** setSecret: hands the pending value to whoever checks it, before it becomes current. */
  set?(pending: string): Promise<void>;
  /** testSecret: throws when the pending value is not fit to become current. */
  test?(pending: string): Promise<void>;
}

/**
 * One step of a rotation; each is safe to repeat (Secrets Manager retries them): createSecret
 * writes the pending value once, finishSecret moves AWSCURRENT to it (the old one becomes AWSPREVIOUS).
 */
export const rotateSecret =
  (secrets: Pick<SecretsManagerClient, 'send'>, rotation: SecretRotation) =>
  async ({ SecretId, ClientRequestToken: token, Step }: RotationEvent): Promise<void> => {
    const { VersionIdsToStages: versions = {}, RotationEnabled } = await secrets.send(new DescribeSecretCommand({ SecretId }));
    if (!RotationEnabled) throw new Error(`Rotation is not enabled on ${rotation.name}`);
    const stages = versions[token] ?? [];
    if (stages.includes('AWSCURRENT')) return; // already done
    if (!stages.includes('AWSPENDING')) throw new Error(`The rotation token is not the pending version of ${rotation.name}`);
    logger.info(`Rotating ${rotation.name}`, { step: Step });
    const pending = async () => (await secrets.send(new GetSecretValueCommand({ SecretId, VersionId: token, VersionStage: 'AWSPENDING' }))).SecretString!;
    if (Step === 'createSecret') {
      try {
        await pending();
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        const { SecretString: current } = await secrets.send(new GetSecretValueCommand({ SecretId, VersionStage: 'AWSCURRENT' }));
        const SecretString = await rotation.next(current);
        await secrets.send(new PutSecretValueCommand({ SecretId, ClientRequestToken: token, SecretString, VersionStages: ['AWSPENDING'] }));
      }
    } else if (Step === 'setSecret') {
      await rotation.set?.(await pending());
    } else if (Step === 'testSecret') {
      await rotation.test?.(await pending());
    } else if (Step === 'finishSecret') {
      const current = Object.entries(versions).find(([, versionStages]) => versionStages.includes('AWSCURRENT'))?.[0];
      await secrets.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));
    }
  };
