import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod/mini';
import { logger } from '#adapters/logger';
import { runRcamStep, type RcamStep } from '#domain/rcam-workflow';
import { awsDependencies, type Dependencies } from '#shared/dependencies';

const StepInput = z.discriminatedUnion('step', [
  z.object({ step: z.enum(['awaitReview', 'awaitDelivery', 'awaitRedemption']), requestId: z.uuid(), taskToken: z.string().check(z.minLength(1)) }),
  z.object({ step: z.literal('awaitDispatch'), requestId: z.uuid(), letterId: z.uuid(), taskToken: z.string().check(z.minLength(1)) }),
  z.object({ step: z.enum(['reviewExpired', 'undelivered', 'codeExpired', 'rcamActive', 'complete', 'failed']), requestId: z.uuid() }),
  z.object({ step: z.literal('rejected'), requestId: z.uuid(), reason: z.optional(z.string()) }),
]);

/** Every task of the RCAM enrolment workflow but the letter (prepare-letter.ts); the state machine says which step in the payload. */
export const buildHandler = (deps: Dependencies) => async (input: unknown) => {
  const step: RcamStep = StepInput.parse(input);
  logger.appendKeys({ requestId: step.requestId, step: step.step });
  const output = await runRcamStep(deps, step);
  logger.info('RCAM step done');
  return output;
};

let built: ReturnType<typeof buildHandler> | undefined;
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((input: unknown) => (built ??= buildHandler(awsDependencies()))(input));
