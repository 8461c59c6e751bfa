import { App, Token, Validations, type AppProps } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { EdgeStack } from './edge-stack';
import { applyGuardFixes, guardExemptions, guardValidator } from './guard';
import { acknowledgeNagFindings } from './nag';
import { PasserelleStack } from './passerelle-stack';

/** The context values of a deploy (`cdk.json` or `-c name=value`); README, "First deploy". */
const readContext = (app: App) => {
  const text = (name: string): string | undefined => (app.node.tryGetContext(name) as string | undefined) || undefined;
  const hostedZoneId = text('hostedZoneId');
  const hostedZoneName = text('hostedZoneName');
  return {
    publicOrigin: text('publicOrigin'),
    mailFrom: text('mailFrom') ?? 'no-reply@passerelle.example.eu',
    domainName: text('domainName'),
    certificateArn: text('certificateArn'),
    webAclArn: text('webAclArn'),
    hostedZone: hostedZoneId && hostedZoneName ? { hostedZoneId, zoneName: hostedZoneName } : undefined,
    dmarcReportEmail: text('dmarcReportEmail'),
    alarmEmail: text('alarmEmail'),
    // AWS's own limit for a new account; raise it (a quota request) before raising this.
    smsMonthlySpendLimit: Number(text('smsMonthlySpendLimit') ?? '1'),
    pmoRequiresWebauthn: String(app.node.tryGetContext('pmoRequiresWebauthn')) === 'true',
    // The national eID providers, as JSON: [{"id","name","issuer","clientId"}] (README, "Signing in with a national eID").
    eidProviders: text('eidProviders'),
  };
};

/** Builds the app; tests call this too, so they check exactly what `cdk deploy` ships. */
export const buildApp = (props: AppProps = {}) => {
  // S3 server access logs delivered under a bucket policy, not a bucket ACL (cfn-guard CT.S3.PR.5).
  const app = new App({ ...props, context: { '@aws-cdk/aws-s3:serverAccessLogsUseBucketPolicy': true, ...props.context } });
  const context = readContext(app);
  const account = process.env.CDK_DEFAULT_ACCOUNT;
  // CloudFront's web ACL must live in us-east-1: a stack there, deployed by the same `cdk deploy`.
  const edge = context.webAclArn
    ? undefined
    : new EdgeStack(app, 'PasserelleEdge', { env: { account, region: 'us-east-1' }, crossRegionReferences: true, alarmEmail: context.alarmEmail });
  const stack = new PasserelleStack(app, 'Passerelle', {
    ...context,
    webAclArn: context.webAclArn ?? edge?.webAcl.attrArn,
    webAcl: edge && { name: edge.webAclName, region: edge.region },
    env: { account, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' },
    crossRegionReferences: Boolean(edge),
  });
  const exemptions = guardExemptions({
    customDomain: Boolean(context.domainName && context.certificateArn),
    accountKnown: !Token.isUnresolved(stack.account),
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app), guardValidator(app, exemptions));
  acknowledgeNagFindings(stack);
  if (edge) acknowledgeNagFindings(edge);
  applyGuardFixes(app);
  return { app, stack, edge, guardExemptions: exemptions };
};

if (require.main === module) buildApp().app.synth();
