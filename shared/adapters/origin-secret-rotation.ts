/**
 * The Lambda entry that rotates the origin secret (Secrets Manager's four-step protocol): a new
 * value is generated (createSecret), given to CloudFront's API origin header (setSecret) and made
 * current (finishSecret). Between steps the functions accept the current, pending and previous
 * values (shared/http/cloudfront-only.ts), so requests still in flight with the old header, or
 * edges not yet updated, keep working. It lives with the adapters: it is nothing but AWS calls.
 */
import { CloudFrontClient, GetDistributionConfigCommand, UpdateDistributionCommand } from '@aws-sdk/client-cloudfront';
import {
  DescribeSecretCommand,
  GetRandomPasswordCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  UpdateSecretVersionStageCommand,
} from '@aws-sdk/client-secrets-manager';
import { ORIGIN_VERIFY_HEADER } from '#shared/edge';
import { logger } from './logger';

export interface RotationEvent {
  SecretId: string;
  ClientRequestToken: string;
  Step: 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';
}

export interface RotationDependencies {
  secrets: Pick<SecretsManagerClient, 'send'>;
  cloudFront: Pick<CloudFrontClient, 'send'>;
  distributionId: string;
}

const pendingValue = async (secrets: RotationDependencies['secrets'], SecretId: string, VersionId: string) =>
  (await secrets.send(new GetSecretValueCommand({ SecretId, VersionId, VersionStage: 'AWSPENDING' }))).SecretString!;

/** One step of a rotation; each is safe to repeat (Secrets Manager retries them). */
export const rotateOriginSecret =
  ({ secrets, cloudFront, distributionId }: RotationDependencies) =>
  async ({ SecretId, ClientRequestToken: token, Step }: RotationEvent): Promise<void> => {
    const { VersionIdsToStages: versions = {}, RotationEnabled } = await secrets.send(new DescribeSecretCommand({ SecretId }));
    if (!RotationEnabled) throw new Error('Rotation is not enabled on the origin secret');
    const stages = versions[token] ?? [];
    if (stages.includes('AWSCURRENT')) return; // already done
    if (!stages.includes('AWSPENDING')) throw new Error('The rotation token is not the pending version of the origin secret');
    logger.info('Rotating the origin secret', { step: Step });
    if (Step === 'createSecret') {
      try {
        await pendingValue(secrets, SecretId, token);
      } catch (error) {
        if (!(error instanceof ResourceNotFoundException)) throw error;
        const { RandomPassword } = await secrets.send(new GetRandomPasswordCommand({ PasswordLength: 48, ExcludePunctuation: true }));
        await secrets.send(new PutSecretValueCommand({ SecretId, ClientRequestToken: token, SecretString: RandomPassword, VersionStages: ['AWSPENDING'] }));
      }
    } else if (Step === 'setSecret') {
      const value = await pendingValue(secrets, SecretId, token);
      const { DistributionConfig: config, ETag } = await cloudFront.send(new GetDistributionConfigCommand({ Id: distributionId }));
      let changed = false;
      for (const origin of config?.Origins?.Items ?? []) {
        for (const header of origin.CustomHeaders?.Items ?? []) {
          if (header.HeaderName?.toLowerCase() === ORIGIN_VERIFY_HEADER && header.HeaderValue !== value) {
            header.HeaderValue = value;
            changed = true;
          }
        }
      }
      if (changed) await cloudFront.send(new UpdateDistributionCommand({ Id: distributionId, IfMatch: ETag, DistributionConfig: config }));
    } else if (Step === 'finishSecret') {
      const current = Object.entries(versions).find(([, versionStages]) => versionStages.includes('AWSCURRENT'))?.[0];
      await secrets.send(new UpdateSecretVersionStageCommand({ SecretId, VersionStage: 'AWSCURRENT', MoveToVersionId: token, RemoveFromVersionId: current }));
    }
    // testSecret: nothing to try; the functions accept the pending value already.
  };

export const handler = (event: RotationEvent): Promise<void> =>
  rotateOriginSecret({ secrets: new SecretsManagerClient({}), cloudFront: new CloudFrontClient({}), distributionId: process.env.DISTRIBUTION_ID! })(event);
