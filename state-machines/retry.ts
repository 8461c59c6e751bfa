import { Duration } from 'aws-cdk-lib';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { RULES } from '#domain/rules';

/**
 * How every workflow step that sends mail, a letter or writes to the table is tried again when it
 * fails: exponential backoff capped at 30 minutes, about 7.5 hours in all (shared/domain/rules.ts),
 * so that an outage of several hours loses nothing. After that the execution fails and lands in
 * the PMO's "to handle" list. No jitter: executions start when people sign up, not together, so
 * their retries are spread already, and a fixed schedule is one a test can hold to its boundary.
 * The same ASL runs in AWS and locally (aws-local-stepfunctions honours MaxDelaySeconds on the
 * virtual clock).
 */
export const STEP_RETRY: sfn.RetryProps = {
  errors: ['States.TaskFailed'],
  interval: Duration.seconds(RULES.stepRetryFirstDelaySeconds),
  backoffRate: RULES.stepRetryBackoffRate,
  maxDelay: Duration.seconds(RULES.stepRetryMaxDelaySeconds),
  maxAttempts: RULES.stepRetryAttempts,
  jitterStrategy: sfn.JitterType.NONE,
};
