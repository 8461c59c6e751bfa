import { Aspects, CfnResource, Stack, Token, type IAspect } from 'aws-cdk-lib';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type { IConstruct } from 'constructs';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export interface GuardExemption {
  /** The rule's file name in the package (ct-<service>-pr-<n>): what `disabledRules` takes. */
  rule: string;
  reason: string;
}

/**
 * Each AWS Control Tower proactive control (cfn-guard) we do not meet, with why: the one place.
 * Anything not listed here fails `cdk synth` and the tests, as cdk-nag's findings do (infra/nag.ts).
 */
export const guardExemptions = (situation: { customDomain: boolean; accountKnown: boolean }): GuardExemption[] => [
  {
    rule: 'ct-apigateway-pr-5',
    reason:
      'Enrolment routes are public by design; routes for a person check the session cookie against DynamoDB in the function chain ' +
      '(an authorizer cache would keep a revoked session alive: README, "Where a person is authenticated").',
  },
  { rule: 'ct-cloudfront-pr-4', reason: 'One region, one API and one bucket: there is no second origin to fail over to.' },
  { rule: 'ct-s3-pr-2', reason: 'Server access logging of the log bucket itself: it would log into itself.' },
  { rule: 'ct-s3-pr-4', reason: 'No S3 event notifications: nothing reacts to objects of the site or log buckets.' },
  { rule: 'ct-s3-pr-9', reason: 'No S3 Object Lock: site files are replaced at each deploy, logs expire after a year.' },
  {
    rule: 'ct-s3-pr-10',
    reason: 'SSE-S3, not SSE-KMS: S3 server access logs and CloudFront standard logs can be delivered only to SSE-S3 buckets.',
  },
  { rule: 'ct-lambda-pr-3', reason: 'The functions reach only AWS APIs (DynamoDB, SES, SNS, Step Functions) over TLS and IAM: no private network to join.' },
  ...(situation.customDomain
    ? []
    : ['ct-cloudfront-pr-6', 'ct-cloudfront-pr-7', 'ct-cloudfront-pr-9'].map((rule) => ({
        rule,
        reason: 'No custom domain: the default *.cloudfront.net certificate and its TLS policy (-c domainName -c certificateArn lift it).',
      }))),
  ...(situation.accountKnown
    ? []
    : [
        {
          rule: 'ct-lambda-pr-2',
          reason:
            'Offline synth: every invoke permission has SourceAccount (InvokeFromOwnAccount, a test checks it), but as a Ref the rule ' +
            'cannot read; with credentials the account is literal and the rule runs.',
        },
      ]),
];

const CONTROL_TOWER_RULES = path.join(path.dirname(require.resolve('@cdklabs/cdk-validator-cfnguard')), '..', 'rules', 'control-tower', 'cfn-guard');

const ruleFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((entry) => {
    const file = path.join(dir, entry);
    return statSync(file).isDirectory() ? ruleFiles(file) : [file];
  });

/**
 * The Control Tower rules, minus the exemptions, that concern a resource type the app deploys: a
 * rule about RDS or EKS cannot fail here, and the 237 rules together take minutes per synth on a
 * busy machine where these take seconds. Read from the constructs, so a new kind of resource brings
 * its rules along by itself.
 */
export const guardValidator = (app: IConstruct, exemptions: readonly GuardExemption[]) => {
  const deployed = new Set(
    app.node
      .findAll()
      .filter(CfnResource.isCfnResource)
      .map((resource) => resource.cfnResourceType),
  );
  const rules = ruleFiles(CONTROL_TOWER_RULES).filter(
    (file) =>
      !exemptions.some(({ rule }) => path.basename(file, '.guard') === rule) &&
      (readFileSync(file, 'utf8').match(/AWS::\w+::\w+/g) ?? []).some((type) => deployed.has(type)),
  );
  return new CfnGuardValidator({ controlTowerRulesEnabled: false, rules });
};

/** Only our own account's API may invoke a function: CDK sets SourceArn, this adds SourceAccount. */
class InvokeFromOwnAccount implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof CfnPermission && node.sourceAccount === undefined && !Token.isUnresolved(node.principal) && node.principal.endsWith('.amazonaws.com')) {
      node.sourceAccount = Stack.of(node).account;
    }
  }
}

/** What the controls ask and CDK does not do by itself, applied to every stack of the app. */
export const applyGuardFixes = (app: IConstruct): void => {
  Aspects.of(app).add(new InvokeFromOwnAccount());
};
