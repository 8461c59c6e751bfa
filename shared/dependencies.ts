import type { Clock } from '#domain/clock';
import { systemClock } from '#domain/clock';
import type { AccountStore, CaptchaGenerator, CaptchaStore, Mailer, PasswordHasher, SessionStore, TaskCallbacks, Workflows } from '#domain/ports';
import { argon2Hasher } from '#adapters/argon2-hasher';
import { DynamoAccountStore } from '#adapters/dynamo/account-store';
import { DynamoCaptchaStore } from '#adapters/dynamo/captcha-store';
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
  mailer: Mailer;
  workflows: Workflows;
  callbacks: TaskCallbacks;
  hasher: PasswordHasher;
  captchaGenerator: CaptchaGenerator;
  clock: Clock;
  publicOrigin: string;
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
    mailer: overrides.mailer ?? SesMailer.create(cfg.mailFrom, cfg.mailConfigurationSet),
    workflows: new StepFunctionsWorkflows(sfn, cfg.activationStateMachineArn),
    callbacks: new StepFunctionsTaskCallbacks(sfn),
    hasher: argon2Hasher,
    captchaGenerator: svgCaptchaGenerator,
    clock: systemClock,
    publicOrigin: cfg.publicOrigin,
    ...overrides,
  };
};

let production: Dependencies | undefined;
/** The dependencies of a deployed function, built once per container. */
export const awsDependencies = (): Dependencies => (production ??= buildDependencies(config()));
