import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod/mini';
import { logger } from '#adapters/logger';
import { sendActivationLink } from '#domain/password-links';
import { awsDependencies, type Dependencies } from '#shared/dependencies';

const TaskInput = z.object({ accountId: z.uuid(), taskToken: z.string().check(z.minLength(1)) });

/**
 * Task of the account-activation workflow (.waitForTaskToken): emails the first password link.
 * The workflow stays paused until setting the password sends the token back, or 24 hours pass.
 */
export const buildHandler =
  (deps: Dependencies) =>
  async (input: unknown): Promise<void> => {
    const { accountId, taskToken } = TaskInput.parse(input);
    logger.appendKeys({ accountId });
    await sendActivationLink(deps, { accountId, taskToken });
    logger.info('Activation link step done');
  };

let built: ReturnType<typeof buildHandler> | undefined;
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((input: unknown) => (built ??= buildHandler(awsDependencies()))(input));
