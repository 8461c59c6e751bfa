import type { Clock } from '#domain/clock';
import { systemClock } from '#domain/clock';
import type { Limits } from '#domain/rules';
import type { AccountStore } from '#domain/accounts-ports';
import type { AuthenticatorAppStore, SecretSealer } from '#domain/authenticator-apps-ports';
import type { CaptchaGenerator, CaptchaStore } from '#domain/captcha-ports';
import type { CaseStore } from '#domain/cases-ports';
import type { IdempotencyStore } from '#domain/idempotency-ports';
import type { ChallengeStore } from '#domain/challenges-ports';
import type { Mailer } from '#domain/emails-ports';
import type { FactorResetStore } from '#domain/factor-reset-ports';
import type { CodeHasher, PasswordHasher } from '#domain/hashing-ports';
import type { LetterRenderer, Mailroom } from '#domain/letters-ports';
import type { PersonalDataStore } from '#domain/personal-data-ports';
import type { PhoneStore } from '#domain/phones-ports';
import type { AccountItemsReader } from '#domain/profile-ports';
import type { RateLimiter } from '#domain/rate-limits-ports';
import type { RcamStore } from '#domain/rcam-ports';
import type { RecoveryCodeStore } from '#domain/recovery-codes-ports';
import type { SecurityKeyStore, WebauthnChallengeStore } from '#domain/security-keys-ports';
import type { SessionStore } from '#domain/sessions-ports';
import type { OidcKeyStore, ServiceClientStore } from '#domain/services-ports';
import type { Adapter as OidcAdapter } from 'oidc-provider';
import type { SmsSender } from '#domain/sms-ports';
import type { Funnel } from '#domain/funnel';
import type { MailDeliveryStore } from '#domain/mail-delivery-ports';
import { suppressing } from '#domain/mail-delivery';
import { DynamoMailDeliveryStore } from '#adapters/dynamo/mail-delivery-store';
import type { TaskCallbacks, Workflows } from '#domain/workflows-ports';
import { DynamoAccountStore } from '#adapters/dynamo/account-store';
import { DynamoAccountItems } from '#adapters/dynamo/account-items';
import { DynamoAuthenticatorAppStore } from '#adapters/dynamo/authenticator-app-store';
import { DynamoCaptchaStore } from '#adapters/dynamo/captcha-store';
import { DynamoCaseStore } from '#adapters/dynamo/case-store';
import { DynamoIdempotencyStore } from '#adapters/dynamo/idempotency-store';
import { DynamoChallengeStore } from '#adapters/dynamo/challenge-store';
import { DynamoFactorResetStore } from '#adapters/dynamo/factor-reset-store';
import { DynamoRecoveryCodeStore } from '#adapters/dynamo/recovery-code-store';
import { DynamoSecurityKeyStore, DynamoWebauthnChallengeStore } from '#adapters/dynamo/security-key-store';
import { DynamoPersonalDataStore } from '#adapters/dynamo/personal-data-store';
import { DynamoPhoneStore } from '#adapters/dynamo/phone-store';
import { DynamoRcamStore } from '#adapters/dynamo/rcam-store';
import { printMailroom } from '#adapters/print-mailroom';
import { DynamoRateLimiter } from '#adapters/dynamo/rate-limiter';
import { tableRef, type ConsumedCapacityHook, type FaultHook, type TableRef } from '#adapters/dynamo/client';
import { DynamoSessionStore } from '#adapters/dynamo/session-store';
import { svgCaptchaGenerator } from '#adapters/svg-captcha-generator';
import { loggedSecurityEvents } from '#adapters/security-log';
import { emfFunnel } from '#adapters/emf-funnel';
import type { SecurityEventLog } from '#domain/security-events';
import type { EidClient, EidProvider, EidStore } from '#domain/eid-ports';
import { DynamoEidStore } from '#adapters/dynamo/eid-store';
import type { Access } from './access';
import { config, type Config } from './config';

/** Everything the use cases need, as ports. Handlers take this; AWS and the local runtime each build one. */
export interface Dependencies {
  accounts: AccountStore;
  /** An account's items in one read (GET /me). */
  accountItems: AccountItemsReader;
  captchas: CaptchaStore;
  sessions: SessionStore;
  phones: PhoneStore;
  authenticatorApps: AuthenticatorAppStore;
  sealer: SecretSealer;
  securityKeys: SecurityKeyStore;
  webauthnChallenges: WebauthnChallengeStore;
  challenges: ChallengeStore;
  recoveryCodes: RecoveryCodeStore;
  factorResets: FactorResetStore;
  rateLimiter: RateLimiter;
  rcam: RcamStore;
  /** The right to erasure: every item of an account at once. */
  personalData: PersonalDataStore;
  /** The PMO's "to handle" list: workflow executions that ended badly. */
  cases: CaseStore;
  /** Answers remembered under a client's Idempotency-Key. */
  idempotency: IdempotencyStore;
  letterRenderer: LetterRenderer;
  mailroom: Mailroom;
  /** Sends nothing to an address on the suppression list (see mailDelivery). */
  mailer: Mailer;
  /** The suppression list (bounces, complaints) and changes of address. */
  mailDelivery: MailDeliveryStore;
  sms: SmsSender;
  workflows: Workflows;
  callbacks: TaskCallbacks;
  hasher: PasswordHasher;
  codeHasher: CodeHasher;
  captchaGenerator: CaptchaGenerator;
  securityEvents: SecurityEventLog;
  /** Counts people through the journey's steps (the dashboard's funnel). */
  funnel: Funnel;
  /** The OpenID provider's storage, one adapter per model of oidc-provider, on the table. */
  oidcStorage: (model: string) => OidcAdapter;
  /** The OpenID provider's signing keys and cookie secrets. */
  oidcKeys: OidcKeyStore;
  /** The services registered as OpenID clients. */
  serviceClients: ServiceClientStore;
  /** The national eID providers of the configuration, their OpenID client, and the identities linked to accounts. */
  eidProviders: readonly EidProvider[];
  eid: EidClient;
  eidLinks: EidStore;
  clock: Clock;
  publicOrigin: string;
  /** See Config.decoyMailTo. */
  decoyMailTo: string;
  /** See Config.pmoRequiresWebauthn. */
  pmoRequiresWebauthn: boolean;
  limits: Limits;
  revealCaptchaAnswer?: (captchaId: string, answer: string) => void;
  /** Local only: hears what each DynamoDB call consumed (`npm run cost`); in AWS nothing asks for it. */
  onConsumedCapacity?: ConsumedCapacityHook;
  /** Local only: makes DynamoDB calls fail while a fault is on (POST /_local/faults). */
  dynamoDbFault?: FaultHook;
}

/** A port this function was not built with: any use is a bug in its declared access, and says so. */
const notInThisFunction = <T extends object>(port: string): T =>
  new Proxy({} as T, {
    get: (_, member) => {
      if (member === 'then') return undefined; // not a promise
      throw new Error(`The ${port} port is not available in this function: declare it in functions/routes.ts`);
    },
  });

/*
 * The adapters a deployed function may use are fixed at bundling, from its declared access
 * (functions/routes.ts; infra/constructs/function.ts turns it into esbuild `define`s). Each
 * `require` below sits in a branch whose condition is then a constant, so esbuild leaves the other
 * adapters out, and their AWS SDK clients with them: a function that sends no SMS carries no SNS
 * client. Unset, as in tests and `npm start`, everything is available.
 */
/* eslint-disable @typescript-eslint/no-require-imports -- required in branches that bundling removes */
const sesMailer = (cfg: Config): Mailer =>
  process.env.PASSERELLE_SENDS_EMAIL !== 'false'
    ? (require('#adapters/ses-mailer') as typeof import('#adapters/ses-mailer')).SesMailer.create(cfg.mailFrom, cfg.mailConfigurationSet)
    : notInThisFunction<Mailer>('mailer');
const snsSmsSender = (cfg: Config): SmsSender =>
  process.env.PASSERELLE_SENDS_SMS !== 'false'
    ? (require('#adapters/sns-sms-sender') as typeof import('#adapters/sns-sms-sender')).SnsSmsSender.create(cfg.smsSenderId)
    : notInThisFunction<SmsSender>('sms');
const stepFunctions = (cfg: Config): Pick<Dependencies, 'workflows' | 'callbacks'> => {
  if (process.env.PASSERELLE_USES_WORKFLOWS !== 'false') {
    const { sfnClient, StepFunctionsWorkflows, StepFunctionsTaskCallbacks } = require('#adapters/step-functions') as typeof import('#adapters/step-functions');
    const sfn = sfnClient(cfg.stepFunctionsEndpoint);
    return {
      workflows: new StepFunctionsWorkflows(sfn, cfg.activationStateMachineArn, cfg.rcamStateMachineArn, cfg.factorResetStateMachineArn),
      callbacks: new StepFunctionsTaskCallbacks(sfn),
    };
  }
  return { workflows: notInThisFunction<Workflows>('workflows'), callbacks: notInThisFunction<TaskCallbacks>('callbacks') };
};
const pdfRenderer = (cfg: Config): LetterRenderer =>
  process.env.PASSERELLE_RENDERS_LETTERS !== 'false'
    ? (require('#adapters/pdf-letter-renderer') as typeof import('#adapters/pdf-letter-renderer')).pdfLetterRenderer(cfg.publicOrigin)
    : notInThisFunction<LetterRenderer>('letterRenderer');
// The native argon2 binding is shipped beside the bundles that declare it, and only there.
const argon2 = (): Pick<Dependencies, 'hasher' | 'codeHasher'> => {
  if (process.env.PASSERELLE_HASHES_SECRETS !== 'false') {
    const { argon2Hasher, argon2CodeHasher } = require('#adapters/argon2-hasher') as typeof import('#adapters/argon2-hasher');
    return { hasher: argon2Hasher, codeHasher: argon2CodeHasher };
  }
  return { hasher: notInThisFunction<PasswordHasher>('hasher'), codeHasher: notInThisFunction<CodeHasher>('codeHasher') };
};
// Only where everything runs on this machine (DynamoDB Local) is a key derived: a deployed function without its KMS key fails, not invents one.
const factorSealer = (cfg: Config): SecretSealer =>
  process.env.PASSERELLE_SEALS_FACTOR_SECRETS !== 'false'
    ? cfg.factorKeyArn
      ? (require('#adapters/kms-secret-sealer') as typeof import('#adapters/kms-secret-sealer')).kmsSecretSealer(cfg.factorKeyArn)
      : cfg.dynamoDbEndpoint
        ? (require('#adapters/aes-secret-sealer') as typeof import('#adapters/aes-secret-sealer')).localSealer(cfg.tableName)
        : notInThisFunction<SecretSealer>('sealer (FACTOR_KEY_ARN is not set)')
    : notInThisFunction<SecretSealer>('sealer');
// The signing keys: Secrets Manager in AWS; where everything runs on this machine, keys made in memory (npm start passes its own file-kept ones).
const oidcKeyStore = (cfg: Config, clock: Clock): OidcKeyStore =>
  process.env.PASSERELLE_SIGNS_TOKENS !== 'false'
    ? cfg.oidcKeysSecretArn
      ? (require('#adapters/oidc-keys') as typeof import('#adapters/oidc-keys')).secretsManagerOidcKeys(cfg.oidcKeysSecretArn, clock)
      : cfg.dynamoDbEndpoint
        ? new (require('#adapters/oidc-keys') as typeof import('#adapters/oidc-keys')).LocalOidcKeyStore(clock)
        : notInThisFunction<OidcKeyStore>('oidcKeys (OIDC_KEYS_SECRET_ARN is not set)')
    : notInThisFunction<OidcKeyStore>('oidcKeys');
const eidClient = (): EidClient =>
  process.env.PASSERELLE_USES_EID !== 'false'
    ? (require('#adapters/openid-eid-client') as typeof import('#adapters/openid-eid-client')).openIdEidClient()
    : notInThisFunction<EidClient>('eid');
// The provider's storage imports oidc-provider (and Koa with it, ~900 KB minified): only the function that serves it carries them.
const oidcStores = (table: TableRef, clock: Clock): Pick<Dependencies, 'oidcStorage' | 'serviceClients'> => {
  if (process.env.PASSERELLE_SIGNS_TOKENS !== 'false') {
    const { dynamoOidcAdapter, DynamoServiceClientStore } = require('#adapters/dynamo/oidc-store') as typeof import('#adapters/dynamo/oidc-store');
    return { oidcStorage: dynamoOidcAdapter(table, clock), serviceClients: new DynamoServiceClientStore(table) };
  }
  return {
    oidcStorage: () => notInThisFunction<OidcAdapter>('oidcStorage'),
    serviceClients: notInThisFunction<ServiceClientStore>('serviceClients'),
  };
};
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * The ports a function may use by its declared access, the others refusing any use: what its AWS
 * bundle holds, applied where no bundler runs (`npm start`, so every local journey checks the
 * declarations as IAM would).
 */
export const withinAccess = (deps: Dependencies, access: Access = {}): Dependencies => ({
  ...deps,
  mailer: access.sendsEmail ? deps.mailer : notInThisFunction<Mailer>('mailer'),
  sms: access.sendsSms ? deps.sms : notInThisFunction<SmsSender>('sms'),
  workflows:
    access.startsActivation || access.startsRcam || access.startsFactorReset || access.stopsWorkflows
      ? deps.workflows
      : notInThisFunction<Workflows>('workflows'),
  callbacks: access.resumesTasks ? deps.callbacks : notInThisFunction<TaskCallbacks>('callbacks'),
  letterRenderer: access.rendersLetters ? deps.letterRenderer : notInThisFunction<LetterRenderer>('letterRenderer'),
  hasher: access.hashesSecrets ? deps.hasher : notInThisFunction<PasswordHasher>('hasher'),
  codeHasher: access.hashesSecrets ? deps.codeHasher : notInThisFunction<CodeHasher>('codeHasher'),
  sealer: access.sealsFactorSecrets ? deps.sealer : notInThisFunction<SecretSealer>('sealer'),
  oidcKeys: access.signsTokens ? deps.oidcKeys : notInThisFunction<OidcKeyStore>('oidcKeys'),
  eid: access.usesEid ? deps.eid : notInThisFunction<EidClient>('eid'),
});

/** The real adapters for a configuration; `overrides` swap ports (the local outbox, fault injection in tests). */
export const buildDependencies = (cfg: Config, overrides: Partial<Dependencies> = {}): Dependencies => {
  const table = tableRef(cfg.tableName, cfg.dynamoDbEndpoint, overrides.onConsumedCapacity, overrides.dynamoDbFault);
  const mailDelivery = overrides.mailDelivery ?? new DynamoMailDeliveryStore(table);
  return {
    accounts: new DynamoAccountStore(table),
    accountItems: new DynamoAccountItems(table),
    captchas: new DynamoCaptchaStore(table),
    sessions: new DynamoSessionStore(table),
    phones: new DynamoPhoneStore(table),
    authenticatorApps: new DynamoAuthenticatorAppStore(table),
    sealer: factorSealer(cfg),
    securityKeys: new DynamoSecurityKeyStore(table),
    webauthnChallenges: new DynamoWebauthnChallengeStore(table),
    challenges: new DynamoChallengeStore(table),
    recoveryCodes: new DynamoRecoveryCodeStore(table),
    factorResets: new DynamoFactorResetStore(table),
    rateLimiter: new DynamoRateLimiter(table),
    rcam: new DynamoRcamStore(table),
    personalData: new DynamoPersonalDataStore(table),
    cases: new DynamoCaseStore(table),
    idempotency: new DynamoIdempotencyStore(table),
    letterRenderer: pdfRenderer(cfg),
    mailroom: printMailroom,
    mailDelivery,
    sms: overrides.sms ?? snsSmsSender(cfg),
    ...stepFunctions(cfg),
    ...argon2(),
    captchaGenerator: svgCaptchaGenerator,
    securityEvents: loggedSecurityEvents,
    funnel: overrides.funnel ?? emfFunnel(),
    ...oidcStores(table, overrides.clock ?? systemClock),
    oidcKeys: overrides.oidcKeys ?? oidcKeyStore(cfg, overrides.clock ?? systemClock),
    eidProviders: cfg.eidProviders ?? [],
    eid: eidClient(),
    eidLinks: new DynamoEidStore(table),
    clock: systemClock,
    publicOrigin: cfg.publicOrigin,
    decoyMailTo: cfg.decoyMailTo,
    pmoRequiresWebauthn: cfg.pmoRequiresWebauthn ?? false,
    limits: cfg.limits,
    ...overrides,
    // Every email, whoever built the mailer, passes the suppression list first.
    mailer: suppressing(overrides.mailer ?? sesMailer(cfg), mailDelivery),
  };
};

let production: Dependencies | undefined;
/** The dependencies of a deployed function, built once per container. */
export const awsDependencies = (): Dependencies => (production ??= buildDependencies(config()));
