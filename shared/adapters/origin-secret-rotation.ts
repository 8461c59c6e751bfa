/**
 * The Lambda entry that rotates the origin secret (Secrets Manager's four steps, shared/adapters/secret-rotation.ts):
 * a new value is generated (createSecret), given to CloudFront's API origin header (setSecret) and
 * made current (finishSecret). Between steps the functions accept the current, pending and previous
 * values (shared/http/cloudfront-only.ts), so requests still in flight with the old header, or
 * edges not yet updated, keep working.
 */
import { CloudFrontClient, GetDistributionConfigCommand, UpdateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { GetRandomPasswordCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ORIGIN_VERIFY_HEADER } from '#shared/edge';
import { rotateSecret, type RotationEvent } from './secret-rotation';

export type { RotationEvent } from './secret-rotation';

export interface RotationDependencies {
  secrets: Pick<SecretsManagerClient, 'send'>;
  cloudFront: Pick<CloudFrontClient, 'send'>;
  distributionId: string;
}

/** One step of a rotation; each is safe to repeat (Secrets Manager retries them). */
export const rotateOriginSecret = ({ secrets, cloudFront, distributionId }: RotationDependencies) =>
  rotateSecret(secrets, {
    name: 'the origin secret',
    next: async () => (await secrets.send(new GetRandomPasswordCommand({ PasswordLength: 48, ExcludePunctuation: true }))).RandomPassword!,
    set: async (value) => {
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
    },
    // testSecret: nothing to try; the functions accept the pending value already.
  });

export const handler = (event: RotationEvent): Promise<void> =>
  rotateOriginSecret({ secrets: new SecretsManagerClient({}), cloudFront: new CloudFrontClient({}), distributionId: process.env.DISTRIBUTION_ID! })(event);
