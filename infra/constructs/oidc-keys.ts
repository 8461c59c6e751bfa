import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { RULES } from '#domain/rules';
import { PasserelleFunction } from './function';

/** How often the OpenID provider's signing key changes (`oidcKeyRotationSeconds`; README, "Rotating the OpenID signing keys"). */
export const OIDC_KEY_ROTATION = Duration.seconds(RULES.oidcKeyRotationSeconds);

/**
 * The OpenID provider's key set (private JWKs, newest first, and its cookie secrets) in Secrets
 * Manager. It is created empty: the rotation, which runs at once and then every 30 days, writes
 * each key set (shared/adapters/oidc-key-rotation.ts): the first makes a signing key and publishes
 * the next one, each later one promotes the published key. Only the provider's function reads it.
 */
export class OidcKeys extends Construct {
  readonly secret: Secret;
  readonly rotation: IFunction;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.secret = new Secret(this, 'Secret', {
      description: 'Passerelle: the OpenID provider signing keys (JWKS, private) and cookie secrets',
      // No key in the template: the first rotation makes one. `seed` is only what Secrets Manager must generate.
      generateSecretString: {
        secretStringTemplate: JSON.stringify({ signingKeys: [], cookieSecrets: [] }),
        generateStringKey: 'seed',
        excludePunctuation: true,
      },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const { fn } = new PasserelleFunction(this, 'RotateOidcKeys', {
      entry: '../shared/adapters/oidc-key-rotation',
      environment: {},
      timeout: Duration.seconds(30),
    });
    this.secret.addRotationSchedule('Rotation', { rotationLambda: fn, automaticallyAfter: OIDC_KEY_ROTATION });
    this.rotation = fn;
  }
}
