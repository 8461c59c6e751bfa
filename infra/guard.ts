import {
  Aspects,
  CfnResource,
  Stack,
  Token,
  type IAspect,
  type IPolicyValidationContextBeta1,
  type IPolicyValidationPluginBeta1,
  type PolicyValidationPluginReportBeta1,
} from 'aws-cdk-lib';
import { CfnPermission } from 'aws-cdk-lib/aws-lambda';
import { CfnGuardValidator } from '@cdklabs/cdk-validator-cfnguard';
import type { IConstruct } from 'constructs';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

/** The resource types a rule file names: the only resources it can select. */
const typesNamedIn = (ruleFile: string): string[] => [...new Set(readFileSync(ruleFile, 'utf8').match(/AWS::\w+::\w+/g) ?? [])].sort();

/**
 * cfn-guard runs each rule over the template's every resource, and its time grows with the
 * template: the whole set over this app's 450 resources takes a minute and a half on a busy 2-core
 * machine. A rule selects resources by the types it names, so each group of rules that name the
 * same types is run on templates cut down to those types, as the package's own validator: the
 * same findings, reported against the original templates, in a third of the time.
 */
class TypeScopedGuardValidator implements IPolicyValidationPluginBeta1 {
  readonly name = 'cdk-validator-cfnguard';
  readonly version: string;
  readonly ruleIds: string[];
  private readonly groups = new Map<string, string[]>();

  constructor(rules: readonly string[]) {
    for (const rule of rules) {
      const key = typesNamedIn(rule).join(' ');
      this.groups.set(key, [...(this.groups.get(key) ?? []), rule]);
    }
    const whole = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules: [...rules] });
    this.version = whole.version ?? '0.0.0';
    this.ruleIds = rules.map((rule) => path.basename(rule, '.guard').replace('ct-', '').replace(/-/g, ''));
  }

  validate(context: IPolicyValidationContextBeta1): PolicyValidationPluginReportBeta1 {
    const templates = context.templatePaths.map((file) => ({
      file,
      template: JSON.parse(readFileSync(file, 'utf8')) as { Resources?: Record<string, { Type: string }> },
    }));
    const dir = mkdtempSync(path.join(tmpdir(), 'guard-'));
    try {
      const reports = [...this.groups].map(([key, rules], group) => {
        const types = new Set(key.split(' '));
        const original = new Map<string, string>();
        templates.forEach(({ file, template }, index) => {
          const resources = Object.entries(template.Resources ?? {}).filter(([, resource]) => types.has(resource.Type));
          if (resources.length === 0) return;
          const cut = path.join(dir, `${group}-${index}.json`);
          writeFileSync(cut, JSON.stringify({ ...template, Resources: Object.fromEntries(resources) }));
          original.set(cut, file);
        });
        if (original.size === 0) return { success: true, violations: [] };
        const report = new CfnGuardValidator({ controlTowerRulesEnabled: false, rules }).validate({ ...context, templatePaths: [...original.keys()] });
        return {
          success: report.success,
          violations: report.violations.map((violation) => ({
            ...violation,
            violatingResources: violation.violatingResources.map((resource) => ({
              ...resource,
              templatePath: original.get(resource.templatePath) ?? resource.templatePath,
            })),
          })),
        };
      });
      return { success: reports.every((report) => report.success), violations: reports.flatMap((report) => report.violations) };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/**
 * The Control Tower rules, minus the exemptions, that concern a resource type the app deploys: a
 * rule about RDS or EKS cannot fail here. Read from the constructs, so a new kind of resource brings
 * its rules along by itself.
 */
export const guardValidator = (app: IConstruct, exemptions: readonly GuardExemption[]): IPolicyValidationPluginBeta1 => {
  const deployed = new Set(
    app.node
      .findAll()
      .filter(CfnResource.isCfnResource)
      .map((resource) => resource.cfnResourceType),
  );
  const rules = ruleFiles(CONTROL_TOWER_RULES).filter(
    (file) => !exemptions.some(({ rule }) => path.basename(file, '.guard') === rule) && typesNamedIn(file).some((type) => deployed.has(type)),
  );
  return new TypeScopedGuardValidator(rules);
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
