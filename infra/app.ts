import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { acknowledgeNagFindings } from './nag';
import { PasserelleStack } from './passerelle-stack';

/** Builds the app; tests call this too, so they check exactly what `cdk deploy` ships. */
export const buildApp = (app = new App()) => {
  const context = (name: string): string | undefined => app.node.tryGetContext(name) as string | undefined;
  const stack = new PasserelleStack(app, 'Passerelle', {
    publicOrigin: context('publicOrigin') ?? 'https://passerelle.example.eu',
    mailFrom: context('mailFrom') ?? 'no-reply@passerelle.example.eu',
    domainName: context('domainName'),
    certificateArn: context('certificateArn'),
    webAclArn: context('webAclArn'),
    pmoRequiresWebauthn: String(app.node.tryGetContext('pmoRequiresWebauthn')) === 'true',
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  acknowledgeNagFindings(stack);
  return { app, stack };
};

if (require.main === module) buildApp().app.synth();
