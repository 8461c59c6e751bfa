import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod/mini';
import { logger } from '#adapters/logger';
import { completeFactorReset } from '#domain/factor-reset';
import { awsDependencies, type Dependencies } from '#shared/dependencies';

const TaskInput = z.object({ accountId: z.uuid(), resetId: z.uuid() });

/**
 * Task of the second-factor reset workflow, after its 72-hour wait: removes the account's phones
 * and recovery codes and ends its sessions, unless the owner cancelled. Safe to retry.
 */
export const buildHandler =
  (deps: Dependencies) =>
  async (input: unknown): Promise<{ outcome: 'completed' | 'cancelled' }> => {
    const { accountId, resetId } = TaskInput.parse(input);
    logger.appendKeys({ accountId, resetId });
    const outcome = await completeFactorReset(deps, { accountId, resetId });
    logger.info('Second-factor reset step done', { outcome });
    return { outcome };
  };

let built: ReturnType<typeof buildHandler> | undefined;
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((input: unknown) => (built ??= buildHandler(awsDependencies()))(input));
