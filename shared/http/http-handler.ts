import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { logger } from '#adapters/logger';
import { withClient } from '#adapters/security-log';
import { config } from '#shared/config';
import { originSecretsFromEnvironment } from '#adapters/origin-secret';
import type { OriginSecrets } from '#shared/edge';
import { cloudFrontOnly } from './cloudfront-only';
import { errorEnvelope, originGuard } from './middleware';
import { clientIpOf } from './request';

export type RouteHandler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
export type LambdaHttpHandler = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

/**
 * Wraps a route handler with the same middleware chain, in the same order, everywhere. The
 * handler is built on first use so that importing a module (in tests, locally) reads no config.
 */
export const httpHandler = (
  build: () => RouteHandler,
  publicOrigin: () => string = () => config().publicOrigin,
  originSecrets: () => OriginSecrets | undefined = originSecretsFromEnvironment,
  { crossSite = false }: { crossSite?: boolean } = {},
): LambdaHttpHandler => {
  let handle: RouteHandler | undefined;
  const chain = middy<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(errorEnvelope())
    .use(cloudFrontOnly(originSecrets));
  // The OpenID endpoints are called from services' sites and servers by design (see Route.crossSite).
  return (crossSite ? chain : chain.use(originGuard(publicOrigin))).handler((event) => withClient(clientIpOf(event), () => (handle ??= build())(event)));
};
