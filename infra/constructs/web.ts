import { CfnOutput, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { ORIGIN_VERIFY_HEADER } from '../../shared/edge';
import { acknowledgeWebFindings } from '../nag';
import * as path from 'node:path';
import { buildWeb, CONTENT_SECURITY_POLICY } from '../../web/build';
import { scratchDir } from '../scratch';

export interface WebProps {
  api: HttpApi;
  /** The sender of the emails, shown to people on the "account created" page. */
  mailFrom: string;
  /** A custom domain (e.g. passerelle.example.eu) and its ACM certificate in us-east-1; else the *.cloudfront.net name. */
  domainName?: string;
  certificateArn?: string;
  /** A WAF web ACL (scope CLOUDFRONT, in us-east-1) to put in front of everything. */
  webAclArn?: string;
  /** The secret CloudFront sends to the API in ORIGIN_VERIFY_HEADER: the API refuses requests without it. */
  originSecret: ISecret;
}

/** Client-side routes (/set-password, /sign-in...) are pages of the one index.html. */
const SPA_REWRITE = `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

/**
 * The web client on one origin with the API: S3 (private, through Origin Access Control) behind
 * CloudFront, and /api/* passed to the HTTP API uncached, cookies and all.
 */
export class Web extends Construct {
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const logs = new Bucket(this, 'Logs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logs are written with ACLs.
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      versioned: true,
      lifecycleRules: [
        { expiration: Duration.days(365), noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const site = new Bucket(this, 'Site', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: logs,
      serverAccessLogsPrefix: 'site/',
      // A deploy replaces every file: the versions it replaces are kept a month, to roll back by hand.
      versioned: true,
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30), abortIncompleteMultipartUploadAfter: Duration.days(7) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const apiDomain = `${props.api.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
    // The security headers of the local front door: the site loads nothing from elsewhere, so says its CSP.
    const headers = new cloudfront.ResponseHeadersPolicy(this, 'Headers', {
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: CONTENT_SECURITY_POLICY, override: true },
        contentTypeOptions: { override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
    const toApi = {
      origin: new HttpOrigin(apiDomain, {
        // A CloudFormation dynamic reference: the value is resolved at deploy, never written in the template.
        // The rotation function updates it in place; a later deploy resolves the same (current) value.
        customHeaders: { [ORIGIN_VERIFY_HEADER]: props.originSecret.secretValue.unsafeUnwrap() },
        protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
        originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      }),
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
      cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
    };
    const apiRequests = new cloudfront.OriginRequestPolicy(this, 'ApiRequests', {
      comment: 'Passerelle API: the headers it reads, the viewer address for security events, all cookies and query strings',
      // Only what the functions read (shared/http); CloudFront writes the viewer address itself.
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList('Origin', 'Accept-Language', 'Content-Type', 'CloudFront-Viewer-Address'),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.all(),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.all(),
    });
    const oidcCache = new cloudfront.CachePolicy(this, 'OidcCache', {
      comment: 'Passerelle OpenID provider: Authorization, cookies and query strings reach it; nothing is kept',
      headerBehavior: cloudfront.CacheHeaderBehavior.allowList('Authorization'),
      cookieBehavior: cloudfront.CacheCookieBehavior.all(),
      queryStringBehavior: cloudfront.CacheQueryStringBehavior.all(),
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
    });
    const oidcRequests = new cloudfront.OriginRequestPolicy(this, 'OidcRequests', {
      comment: 'Passerelle OpenID provider: the headers it reads and the viewer address (cookies and query strings come with the cache key)',
      headerBehavior: cloudfront.OriginRequestHeaderBehavior.allowList('Origin', 'Accept-Language', 'Content-Type', 'CloudFront-Viewer-Address'),
      cookieBehavior: cloudfront.OriginRequestCookieBehavior.none(),
      queryStringBehavior: cloudfront.OriginRequestQueryStringBehavior.none(),
    });
    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'Passerelle',
      defaultRootObject: 'index.html',
      ...(props.domainName && props.certificateArn
        ? {
            domainNames: [props.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
      webAclId: props.webAclArn,
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(site),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        responseHeadersPolicy: headers,
        functionAssociations: [
          {
            eventType: cloudfront.FunctionEventType.VIEWER_REQUEST,
            function: new cloudfront.Function(this, 'SpaRewrite', {
              code: cloudfront.FunctionCode.fromInline(SPA_REWRITE),
              runtime: cloudfront.FunctionRuntime.JS_2_0,
            }),
          },
        ],
      },
      additionalBehaviors: {
        '/api/*': { ...toApi, originRequestPolicy: apiRequests },
        // The OpenID provider (functions/oidc/provider.ts): the same API origin. Its userinfo endpoint reads a
        // bearer token in Authorization, which CloudFront passes on only as part of a cache key: a key that
        // caches nothing (no TTL of its own, and the provider answers no-store), so every request reaches it.
        '/oidc/*': { ...toApi, cachePolicy: oidcCache, originRequestPolicy: oidcRequests },
        '/.well-known/*': { ...toApi, cachePolicy: oidcCache, originRequestPolicy: oidcRequests },
      },
    });
    acknowledgeWebFindings(this, site, Boolean(props.domainName && props.certificateArn), Boolean(props.webAclArn));
    // Built at synth into a directory of its own (parallel synths never share one); config.json beside it.
    const built = buildWeb(path.join(scratchDir('web-'), 'web'));
    new BucketDeployment(this, 'Deploy', {
      sources: [Source.asset(built), Source.jsonData('config.json', { mailFrom: props.mailFrom, local: false })],
      destinationBucket: site,
      distribution: this.distribution,
      // File names carry no hash: a new version replaces every cached file.
      distributionPaths: ['/*'],
    });
    new CfnOutput(this, 'WebUrl', { value: `https://${this.distribution.distributionDomainName}` });
  }
}
