import type { ConsumedCapacityHook } from '#adapters/dynamo/client';

/**
 * What the local runtime tells whoever counts what a walk through it would cost in AWS
 * (`npm run cost`). The hooks are called unbound; without a meter nothing is counted.
 */
export interface LocalMeter {
  /** A Lambda function ran (an API route's handler or a workflow task's), for `durationMs` of real time. */
  invocation: (functionName: string, durationMs: number) => void;
  /** A Step Functions state transition as AWS bills it: a state entered, or a retry of one. */
  transition: (stateMachineArn: string, stateName: string) => void;
  /** A DynamoDB call and the request units it consumed. */
  consumedCapacity: ConsumedCapacityHook;
}

/** `fn`, reporting each call and its duration to `meter` under `functionName`; `fn` itself when there is no meter. */
export const metered = <A extends unknown[], R>(meter: LocalMeter | undefined, functionName: string, fn: (...args: A) => Promise<R>) =>
  meter
    ? async (...args: A): Promise<R> => {
        const started = performance.now();
        try {
          return await fn(...args);
        } finally {
          meter.invocation(functionName, performance.now() - started);
        }
      }
    : fn;
