import type { Clock } from '#domain/clock';
import { systemClock } from '#domain/clock';
import type { Limits } from '#domain/limits';
import type {
  AccountStore,
  CaptchaGenerator,
  CaptchaStore,
  ChallengeStore,
  Mailer,
  LetterRenderer,
  Mailroom,
  PasswordHasher,
  RcamStore,
  PhoneStore,
  SessionStore,
  RateLimiter,
  SmsSender,
  TaskCallbacks,
  Workflows,
} from '#domain/ports';
import { argon2Hasher } from '#adapters/argon2-hasher';
import { DynamoAccountStore } from '#adapters/dynamo/account-store';
import { DynamoCaptchaStore } from '#adapters/dynamo/captcha-store';
import { DynamoChallengeStore } from '#adapters/dynamo/challenge-store';
import { DynamoPhoneStore } from '#adapters/dynamo/phone-store';
import { DynamoRcamStore } from '#adapters/dynamo/rcam-store';
import { pdfLetterRenderer } from '#adapters/pdf-letter-renderer';
import { printMailroom } from '#adapters/print-mailroom';
import { DynamoRateLimiter } from '#adapters/dynamo/rate-limiter';
import { SnsSmsSender } from '#adapters/sns-sms-sender';
import { tableRef } from '#adapters/dynamo/client';
import { DynamoSessionStore } from '#adapters/dynamo/session-store';
import { SesMailer } from '#adapters/ses-mailer';
import { sfnClient, StepFunctionsTaskCallbacks, StepFunctionsWorkflows } from '#adapters/step-functions';
import { svgCaptchaGenerator } from '#adapters/svg-captcha-generator';
import { config, type Config } from './config';

/** Everything the use cases need, as ports. Handlers take this; AWS and the local runtime each build one. */
export interface Dependencies {
  accounts: AccountStore;
  captchas: CaptchaStore;
  sessions: SessionStore;
  phones: PhoneStore;
  challenges: ChallengeStore;
  rateLimiter: RateLimiter;
  rcam: RcamStore;
  letterRenderer: LetterRenderer;
  mailroom: Mailroom;
  mailer: Mailer;
  sms: SmsSender;
  workflows: Workflows;
  callbacks: TaskCallbacks;
  hasher: PasswordHasher;
  captchaGenerator: CaptchaGenerator;
  clock: Clock;
  publicOrigin: string;
  limits: Limits;
  revealCaptchaAnswer?: (captchaId: string, answer: string) => void;
}

/** The real adapters for a configuration; `overrides` swap ports (the local outbox, fault injection in tests). */
export const buildDependencies = (cfg: Config, overrides: Partial<Dependencies> = {}): Dependencies => {
  const table = tableRef(cfg.tableName, cfg.dynamoDbEndpoint);
  const sfn = sfnClient(cfg.stepFunctionsEndpoint);
  return {
    accounts: new DynamoAccountStore(table),
    captchas: new DynamoCaptchaStore(table),
    sessions: new DynamoSessionStore(table),
    phones: new DynamoPhoneStore(table),
    challenges: new DynamoChallengeStore(table),
    rateLimiter: new DynamoRateLimiter(table),
    rcam: new DynamoRcamStore(table),
    letterRenderer: pdfLetterRenderer(cfg.publicOrigin),
    mailroom: printMailroom,
    mailer: overrides.mailer ?? SesMailer.create(cfg.mailFrom, cfg.mailConfigurationSet),
    sms: overrides.sms ?? SnsSmsSender.create(cfg.smsSenderId),
    workflows: new StepFunctionsWorkflows(sfn, cfg.activationStateMachineArn, cfg.rcamStateMachineArn),
    callbacks: new StepFunctionsTaskCallbacks(sfn),
    hasher: argon2Hasher,
    captchaGenerator: svgCaptchaGenerator,
    clock: systemClock,
    publicOrigin: cfg.publicOrigin,
    limits: cfg.limits,
    ...overrides,
  };
};

let production: Dependencies | undefined;
/** The dependencies of a deployed function, built once per container. */
export const awsDependencies = (): Dependencies => (production ??= buildDependencies(config()));
