import { GetSecretValueCommand, ResourceNotFoundException, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ORIGIN_SECRET_ARN_VARIABLE, type OriginSecrets } from '#shared/edge';

/** The stages CloudFront's header may carry: the current value, and around a rotation the next or the last. */
const STAGES = ['AWSCURRENT', 'AWSPENDING', 'AWSPREVIOUS'] as const;

/**
 * The origin secret's live values from Secrets Manager, read on first use and kept for the life of
 * the container; `refresh` reads them again (the middleware does so, at most once a minute, when
 * a header matches none: a rotation it has not seen yet).
 */
export const secretsManagerOriginSecrets = (secretId: string, client = new SecretsManagerClient({})): OriginSecrets => {
  const stage = async (VersionStage: string): Promise<string | undefined> => {
    try {
      return (await client.send(new GetSecretValueCommand({ SecretId: secretId, VersionStage }))).SecretString;
    } catch (error) {
      // No value at that stage (no rotation yet, or none in flight).
      if (error instanceof ResourceNotFoundException) return undefined;
      throw error;
    }
  };
  let values: Promise<string[]> | undefined;
  return (refresh = false) => {
    if (refresh || !values) {
      const reading = Promise.all(STAGES.map(stage)).then((found) => found.filter((value): value is string => Boolean(value)));
      // A failed read is not kept: the next request tries again.
      reading.catch(() => {
        if (values === reading) values = undefined;
      });
      values = reading;
    }
    return values;
  };
};

let fromEnvironment: OriginSecrets | undefined;
/** The origin secret named by ORIGIN_SECRET_ARN, once per container; none (locally, in tests), no check. */
export const originSecretsFromEnvironment = (): OriginSecrets | undefined => {
  const secretId = process.env[ORIGIN_SECRET_ARN_VARIABLE];
  return secretId ? (fromEnvironment ??= secretsManagerOriginSecrets(secretId)) : undefined;
};
