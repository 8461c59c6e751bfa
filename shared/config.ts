import { DEFAULT_LIMITS, type Limits } from '#domain/rules';

/** Everything a function reads from its environment, checked once at start. */
export interface Config {
  tableName: string;
  publicOrigin: string;
  mailFrom: string;
  mailConfigurationSet?: string;
  /** Only the functions that start an activation have it (the workflow's own task must not: a cycle). */
  activationStateMachineArn?: string;
  rcamStateMachineArn?: string;
  /** "J'ai perdu mon téléphone": the workflow that removes the second factors after 72 hours. */
  factorResetStateMachineArn?: string;
  /** Local runtime only: DynamoDB Local and the local Step Functions endpoint. */
  dynamoDbEndpoint?: string;
  stepFunctionsEndpoint?: string;
  /** Alphanumeric sender shown on SMS where the country allows it. */
  smsSenderId?: string;
  /** Where an unknown login's "lost password" email goes, so that it costs what a known one does: a mailbox that drops it. */
  decoyMailTo: string;
  /** The KMS key that seals authenticator apps' secrets (AWS). Locally, without it, a key derived from the table's name. */
  factorKeyArn?: string;
  /** The Secrets Manager secret holding the OpenID provider's key set (AWS). Locally, keys made at start. */
  oidcKeysSecretArn?: string;
  /** The PMO console asks for a session proven by a security key or passkey, not just any second factor. */
  pmoRequiresWebauthn?: boolean;
  limits: Limits;
}

const REQUIRED = ['TABLE_NAME', 'PUBLIC_ORIGIN', 'MAIL_FROM'] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): Config => {
  const missing = REQUIRED.filter((name) => !env[name]);
  if (missing.length > 0) throw new ConfigError(`Missing environment variables: ${missing.join(', ')}`);
  return {
    tableName: env.TABLE_NAME!,
    publicOrigin: new URL(env.PUBLIC_ORIGIN!).origin,
    mailFrom: env.MAIL_FROM!,
    mailConfigurationSet: env.MAIL_CONFIGURATION_SET || undefined,
    activationStateMachineArn: env.ACTIVATION_STATE_MACHINE_ARN || undefined,
    rcamStateMachineArn: env.RCAM_STATE_MACHINE_ARN || undefined,
    factorResetStateMachineArn: env.FACTOR_RESET_STATE_MACHINE_ARN || undefined,
    dynamoDbEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    stepFunctionsEndpoint: env.STEP_FUNCTIONS_ENDPOINT || undefined,
    smsSenderId: env.SMS_SENDER_ID || undefined,
    // SES's mailbox simulator: accepted and dropped, outside the sending quota and the reputation metrics.
    decoyMailTo: env.DECOY_MAIL_TO || 'success@simulator.amazonses.com',
    factorKeyArn: env.FACTOR_KEY_ARN || undefined,
    oidcKeysSecretArn: env.OIDC_KEYS_SECRET_ARN || undefined,
    pmoRequiresWebauthn: env.PMO_REQUIRES_WEBAUTHN === 'true',
    // LIMITS may override any default, as JSON: {"signInMaxFailures": 5}.
    limits: { ...DEFAULT_LIMITS, ...(env.LIMITS ? (JSON.parse(env.LIMITS) as Partial<Limits>) : {}) },
  };
};

let cached: Config | undefined;
/** The configuration of this process, read on first use. */
export const config = (): Config => (cached ??= loadConfig());
