import { Aspects, Stack, type IAspect } from 'aws-cdk-lib';
import { AnyPrincipal, Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';

/** Gives every log group of the stack the key, whoever created it (functions, API, state machines). */
class EncryptLogGroups implements IAspect {
  constructor(private readonly keyArn: string) {}

  visit(node: IConstruct): void {
    if (node instanceof CfnLogGroup && node.kmsKeyId === undefined) node.kmsKeyId = this.keyArn;
  }
}

/** Only AWS services may be given grants on the key (for the resources they encrypt), no principal of ours. */
export const restrictGrantsToAwsServices = (key: Key): void => {
  key.addToResourcePolicy(
    new PolicyStatement({
      effect: Effect.DENY,
      principals: [new AnyPrincipal()],
      actions: ['kms:CreateGrant'],
      resources: ['*'],
      conditions: { BoolIfExists: { 'kms:GrantIsForAWSResource': 'false', 'aws:PrincipalIsAWSService': 'false' } },
    }),
  );
};

/**
 * One customer-managed key, rotated yearly, for what AWS-managed keys cannot cover: CloudWatch
 * Logs (log groups carry account ids and addresses) and the alarm topic (CloudWatch may not use
 * the aws/sns key).
 */
export class Encryption extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    this.key = new Key(this, 'Key', { enableKeyRotation: true, description: 'Passerelle: log groups and the alarm topic' });
    restrictGrantsToAwsServices(this.key);
    this.key.grantEncryptDecrypt(new ServicePrincipal(`logs.${stack.region}.amazonaws.com`));
    Aspects.of(stack).add(new EncryptLogGroups(this.key.keyArn));
  }
}
