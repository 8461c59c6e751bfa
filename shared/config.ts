import { DEFAULT_LIMITS, type Limits } from '#domain/rules';
import type { EidProvider } from '#domain/eid-ports';

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
  /** The national eID providers a person may link and sign in with (EID_PROVIDERS, JSON); none by default. */
  eidProviders?: EidProvider[];
  limits: Limits;
}

const REQUIRED = ['TABLE_NAME', 'PUBLIC_ORIGIN', 'MAIL_FROM'] as const;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const PROVIDER_ID = /^[a-z0-9-]{1,32}$/;

/** EID_PROVIDERS: [{"id","name","issuer","clientId"}], each checked: a typo fails the start, not a sign-in. */
const eidProvidersOf = (text: string | undefined): EidProvider[] => {
  if (!text) return [];
  const list = JSON.parse(text) as unknown;
  if (!Array.isArray(list)) throw new ConfigError('EID_PROVIDERS must be a JSON array');
  return list.map((entry: Partial<EidProvider>) => {
    const { id, name, issuer, clientId } = entry;
    if (typeof id !== 'string' || !PROVIDER_ID.test(id) || typeof name !== 'string' || !name || typeof clientId !== 'string' || !clientId)
      throw new ConfigError('EID_PROVIDERS: each provider needs an id ([a-z0-9-]), a name and a clientId');
    const url = new URL(String(issuer));
    // Only a provider on this machine may be reached without TLS (the local stand-in).
    if (url.protocol !== 'https:' && !['localhost', '127.0.0.1'].includes(url.hostname)) throw new ConfigError(`EID_PROVIDERS: ${id} must use https`);
    return { id, name, issuer: url.href.replace(/\/$/, ''), clientId };
  });
};

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
    eidProviders: eidProvidersOf(env.EID_PROVIDERS),
    // LIMITS may override any default, as JSON: {"signInMaxFailures": 5}.
    limits: { ...DEFAULT_LIMITS, ...(env.LIMITS ? (JSON.parse(env.LIMITS) as Partial<Limits>) : {}) },
  };
};

let cached: Config | undefined;
/** The configuration of this process, read on first use. */
export const config = (): Config => (cached ??= loadConfig());
