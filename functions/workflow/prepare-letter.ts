import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import * as z from 'zod/mini';
import { logger } from '#adapters/logger';
import { runRcamStep, type RcamStep } from '#domain/rcam-workflow';
import { awsDependencies, type Dependencies } from '#shared/dependencies';

const Address = z.object({ name: z.string(), lines: z.array(z.string()), postalCode: z.string(), city: z.string(), country: z.string() });
const LetterInput = z.object({ step: z.literal('prepareLetter'), requestId: z.uuid(), postalAddress: Address });

/**
 * The RCAM workflow's PrepareLetter task: the code and the registered letter's PDF. Its own
 * function so that pdf-lib, fontkit and the fonts load here and in no other step.
 */
export const buildHandler = (deps: Dependencies) => async (input: unknown) => {
  const step: RcamStep = LetterInput.parse(input);
  logger.appendKeys({ requestId: step.requestId, step: step.step });
  const output = await runRcamStep(deps, step);
  logger.info('RCAM letter prepared');
  return output;
};

let built: ReturnType<typeof buildHandler> | undefined;
export const handler = middy()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler((input: unknown) => (built ??= buildHandler(awsDependencies()))(input));
