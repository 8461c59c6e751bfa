import { RemovalPolicy } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/**
 * Every state machine logs all events for a year, but never execution data: it would carry task
 * tokens. Off (undefined) for the local runtime, which only needs the definition.
 */
export const stateMachineLogs = (scope: Construct, enabled = true): sfn.LogOptions | undefined =>
  enabled
    ? {
        destination: new LogGroup(scope, 'Logs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN }),
        level: sfn.LogLevel.ALL,
        includeExecutionData: false,
      }
    : undefined;
