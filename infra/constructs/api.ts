import { CfnOutput } from 'aws-cdk-lib';
import { CfnStage, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { ROUTES } from '../../functions/routes';
import { PasserelleFunction } from './function';
import type { Grants } from './grants';

export interface ApiRoutesProps {
  environment: Record<string, string>;
  grants: Grants;
}

/**
 * The HTTP API (payload 2.0): one function per route of functions/routes.ts, and nothing else.
 * The API comes first and its routes later (`addRoutes`): CloudFront needs only the API's id, so
 * the functions can be told the distribution's address in the same deploy.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  readonly functions: Array<{ name: string; fn: LambdaFunction }> = [];

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', { description: 'Passerelle public API' });
    new CfnOutput(this, 'ApiUrl', { value: this.httpApi.apiEndpoint });
  }

  /** One function per route, each with the grants its declared access names. */
  addRoutes(props: ApiRoutesProps): void {
    for (const route of ROUTES) {
      const { fn } = new PasserelleFunction(this, route.name, {
        entry: route.entry,
        environment: props.environment,
        shipModules: route.shipModules,
        access: route.access,
      });
      props.grants.apply(fn, route.access ?? {});
      this.functions.push({ name: route.name, fn });
      const integration = new HttpLambdaIntegration(`${route.name}Integration`, fn);
      for (const { method, path } of [route, ...(route.alsoAt ?? [])]) {
        this.httpApi.addRoutes({ path, methods: [HttpMethod[method]], integration });
      }
    }
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR });
    const stage = this.httpApi.defaultStage!.node.defaultChild as CfnStage;
    // Access logs carry no query strings, cookies or bodies: nothing secret ever goes in a URL anyway.
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        method: '$context.httpMethod',
        path: '$context.path',
        status: '$context.status',
        latency: '$context.responseLatency',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 200, throttlingRateLimit: 100 };
  }
}
