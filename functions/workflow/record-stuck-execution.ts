import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod/mini';
import { logger } from '#adapters/logger';
import { recordStuckExecution } from '#domain/cases';
import { awsDependencies, type Dependencies } from '#shared/dependencies';

/** EventBridge's "Step Functions Execution Status Change" event: what this function reads of it. */
const StatusChange = z.object({
  'detail-type': z.literal('Step Functions Execution Status Change'),
  detail: z.object({
    executionArn: z.string(),
    stateMachineArn: z.string(),
    name: z.string(),
    status: z.string(),
    input: z.optional(z.nullable(z.string())),
    stopDate: z.optional(z.nullable(z.number())),
    error: z.optional(z.nullable(z.string())),
    cause: z.optional(z.nullable(z.string())),
  }),
});

/**
 * Target of the EventBridge rule on executions that ended FAILED, TIMED_OUT or ABORTED (and, locally,
 * of the local runner's same event): the case goes to the PMO's "to handle" list. An error makes
 * EventBridge try again; a case is recorded once however often its event comes.
 */
export const buildHandler =
  (deps: Dependencies) =>
  async (event: unknown): Promise<void> => {
    const { detail } = StatusChange.parse(event);
    logger.appendKeys({ executionName: detail.name, status: detail.status });
    const outcome = await recordStuckExecution(deps, detail);
    // The alarm on stuck cases counts these lines (infra/constructs/observability.ts).
    if (outcome === 'recorded') logger.warn('Stuck case recorded', { workflowError: detail.error });
    else logger.info('Execution status change', { outcome });
  };

let built: ReturnType<typeof buildHandler> | undefined;
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((event: unknown) => (built ??= buildHandler(awsDependencies()))(event));
