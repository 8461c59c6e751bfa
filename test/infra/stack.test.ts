import { CONTENT_SECURITY_POLICY } from '../../web/build';
import { Template } from 'aws-cdk-lib/assertions';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureTable } from '../../local/dynamodb';
import aslValidator from 'asl-validator';
import { buildApp } from '../../infra/app';
import { ROUTES, WORKFLOW_TASKS } from '../../functions/routes';
import { evaluate, synthesizeWorkflows, type CfnValue } from '../../local/workflows';
import { MAX_CODE_WINDOW_SECONDS, RCAM_STATES } from '../../state-machines/rcam-enrollment';
import type { AslDefinition, AslState } from '../../local/step-functions';

/** Synthesized once: bundling every function with esbuild takes a few seconds. */
const { app, stack } = buildApp();
let synthError: unknown;
try {
  app.synth();
} catch (error) {
  synthError = error;
}
const template = Template.fromStack(stack);

/** Passerelle's own functions, not the one CDK's BucketDeployment brings along. */
const ownFunctions = () =>
  Object.fromEntries(Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) => !id.startsWith('CustomCDKBucketDeployment')));

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
  it('passes cdk-nag AwsSolutions with no unacknowledged finding', () => {
    expect(synthError).toBeUndefined();
  });

  it('deploys exactly the routes of functions/routes.ts, and no /_local route', () => {
    const routeKeys = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((r) => r.Properties.RouteKey as string);
    expect(routeKeys.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
    expect(routeKeys.filter((key) => key.includes('/_local'))).toEqual([]);
    expect(JSON.stringify(template.toJSON())).not.toContain('/_local');
  });

  it('runs every function on Node 24, arm64, with its own log group', () => {
    const functions = Object.values(ownFunctions());
    expect(functions).toHaveLength(ROUTES.length + Object.keys(WORKFLOW_TASKS).length);
    for (const fn of functions) {
      expect(fn.Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], LoggingConfig: { LogFormat: 'JSON' } });
    }
  });

  it('keeps data in one table with a TTL attribute and point-in-time recovery', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
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
      day; // retries of the Lambda steps, generously
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

  it('each load in a fresh Node 24 process', () => {
    const ids = Object.keys(ownFunctions());
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      const bundle = bundleOf(id);
      expect([id, runNode(`const m=require(${JSON.stringify(bundle)});process.stdout.write(typeof m.handler)`)]).toEqual([id, 'function']);
    }
  });

  it('carry only the AWS SDK clients and libraries their declared access allows', () => {
    const MARKERS = { sns: 'AmazonSimpleNotificationService', ses: 'SimpleEmailService_v2', sfn: 'AWSStepFunctions', pdf: 'PDFDocument', kms: 'TrentService' };
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
    expect(carried('WorkflowsRcamStep')).toEqual(['ses', 'pdf']);
  });

  it('ships the letter fonts beside the RcamStep bundle', () => {
    const dir = join(bundleOf('WorkflowsRcamStep'), '..');
    for (const file of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono-Bold.ttf']) expect(existsSync(join(dir, 'fonts', file))).toBe(true);
  });

  it('GetCaptcha draws a CAPTCHA from its bundle, font included, and stores it', async () => {
    const tableName = `bundle-${Date.now()}`;
    await ensureTable(process.env.TEST_DYNAMODB_ENDPOINT!, tableName);
    const script = `require(${JSON.stringify(bundleOf('ApiGetCaptcha'))}).handler(
      { version: '2.0', rawPath: '/api/v1/captcha', headers: {}, requestContext: { http: { method: 'GET', path: '/api/v1/captcha' } } },
      { functionName: 'GetCaptcha', awsRequestId: 'x', getRemainingTimeInMillis: () => 1000 },
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
