import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { Effect, Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { ConfigurationSet, EmailIdentity } from 'aws-cdk-lib/aws-ses';
import { ArnFormat, Stack, Token, Validations } from 'aws-cdk-lib';
import type { Access } from '../../shared/access';

export interface GrantTargets {
  table: ITableV2;
  identity: EmailIdentity;
  configurationSet: ConfigurationSet;
  /** ARNs, not constructs: the activation workflow's own task needs them and a reference would be a cycle. */
  activationStateMachineArn: string;
  rcamStateMachineArn: string;
  factorResetStateMachineArn: string;
  /** Names, for StopExecution, which names executions (`execution:<machine name>:<execution name>`), not machines. */
  rcamStateMachineName: string;
  factorResetStateMachineName: string;
  factorKeyArn: string;
  /** The OpenID provider's key set (Secrets Manager). */
  oidcKeysSecretArn: string;
}

/** Turns a function's declared Access into least-privilege IAM: one table, one identity, one state machine. */
export class Grants {
  constructor(private readonly targets: GrantTargets) {}

  apply(fn: IFunction, access: Access): void {
    const { table, identity, configurationSet, activationStateMachineArn, rcamStateMachineArn, factorResetStateMachineArn } = this.targets;
    if (access.table === 'read') table.grantReadData(fn);
    if (access.table === 'write') table.grantWriteData(fn);
    if (access.table === 'readWrite') table.grantReadWriteData(fn);
    const statements: PolicyStatement[] = [];
    if (access.sendsEmail) {
      const stack = Stack.of(fn);
      statements.push(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['ses:SendEmail'],
          resources: [
            stack.formatArn({ service: 'ses', resource: 'identity', resourceName: identity.emailIdentityName }),
            stack.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName }),
          ],
        }),
      );
    }
    if (access.sendsSms) {
      // SMS straight to a number has no resource ARN, so Publish is allowed on "*"... and denied on
      // every topic: the function can text a phone and nothing else.
      statements.push(
        new PolicyStatement({ effect: Effect.ALLOW, actions: ['sns:Publish'], resources: ['*'] }),
        new PolicyStatement({
          effect: Effect.DENY,
          actions: ['sns:Publish'],
          resources: [Stack.of(fn).formatArn({ service: 'sns', region: '*', account: '*', resource: '*' })],
        }),
      );
    }
    if (access.startsActivation) {
      statements.push(new PolicyStatement({ effect: Effect.ALLOW, actions: ['states:StartExecution'], resources: [activationStateMachineArn] }));
    }
    if (access.startsRcam) {
      statements.push(new PolicyStatement({ effect: Effect.ALLOW, actions: ['states:StartExecution'], resources: [rcamStateMachineArn] }));
    }
    if (access.startsFactorReset) {
      statements.push(new PolicyStatement({ effect: Effect.ALLOW, actions: ['states:StartExecution'], resources: [factorResetStateMachineArn] }));
    }
    if (access.stopsWorkflows) {
      // Executions are named per request and per reset (rcam-<id>, factor-reset-<id>): the executions of these two machines, no other.
      const stack = Stack.of(fn);
      const executions = [this.targets.rcamStateMachineName, this.targets.factorResetStateMachineName].map((name) => {
        const arn = stack.formatArn({ service: 'states', resource: 'execution', resourceName: `${name}:*`, arnFormat: ArnFormat.COLON_RESOURCE_NAME });
        // As cdk-nag writes the finding: tokens by their logical id and attribute.
        const {
          'Fn::GetAtt': [logicalId],
        } = stack.resolve(name) as { 'Fn::GetAtt': [string, string] };
        const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
        Validations.of(fn).acknowledge({
          id: `AwsSolutions::AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${region}:<AWS::AccountId>:execution:<${logicalId}.Name>:*]`,
          reason: 'states:StopExecution names an execution: the executions of one state machine (rcam-<request>, factor-reset-<reset>), no other.',
        });
        return arn;
      });
      statements.push(new PolicyStatement({ effect: Effect.ALLOW, actions: ['states:StopExecution'], resources: executions }));
    }
    if (access.sealsFactorSecrets) {
      statements.push(new PolicyStatement({ effect: Effect.ALLOW, actions: ['kms:Encrypt', 'kms:Decrypt'], resources: [this.targets.factorKeyArn] }));
    }
    if (access.signsTokens) {
      statements.push(new PolicyStatement({ effect: Effect.ALLOW, actions: ['secretsmanager:GetSecretValue'], resources: [this.targets.oidcKeysSecretArn] }));
    }
    if (access.resumesTasks) {
      statements.push(
        new PolicyStatement({
          effect: Effect.ALLOW,
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
          resources: [activationStateMachineArn, rcamStateMachineArn],
        }),
      );
    }
    if (statements.length > 0 && fn.role) {
      // A policy of its own, not the role's default one, so that the function does not depend on it (no cycle with the workflow).
      fn.role.attachInlinePolicy(new Policy(fn, 'Access', { statements }));
    }
  }
}
