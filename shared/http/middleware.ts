import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { logger } from '#adapters/logger';
import { loggedSecurityEvents, withClient } from '#adapters/security-log';
import { RULES } from '#domain/rules';
import { HttpError, isServiceUnavailable } from './errors';
import { clientIpOf, languageOf } from './request';
import { errorResponse, rateLimited } from './responses';

type HttpMiddleware = MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;

const UNSAFE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Refuses state-changing requests from any other origin (CSRF defence on top of SameSite=Strict). */
export const originGuard = (publicOrigin: () => string): HttpMiddleware => ({
  before: (request) => {
    const { method } = request.event.requestContext.http;
    if (UNSAFE_METHODS.has(method) && request.event.headers?.origin !== publicOrigin()) {
      throw new HttpError(403, 'forbidden_origin');
    }
  },
});

/** The one place where errors become HTTP: HttpErrors as their envelope, an AWS outage as 503 with Retry-After, anything else as a bare 500. */
export const errorEnvelope = (): HttpMiddleware => ({
  onError: (request) => {
    const { error, event } = request;
    const language = languageOf(event);
    if (error instanceof HttpError) {
      // Refusals an attacker meets are security events; the client's address comes with them.
      if (error.status === 403 || error.status === 429) {
        withClient(clientIpOf(event), () =>
          loggedSecurityEvents.record({
            type: error.status === 403 ? 'forbidden' : 'rate_limited',
            accountId: error.accountId,
            outcome: error.code,
            details: { route: event.routeKey },
          }),
        );
      }
      request.response = errorResponse(error.status, error.code, language, error.fields, error.extra, error.headers);
      return;
    }
    if (isServiceUnavailable(error)) {
      // An outage or throttling of a service below: the client may come back (nothing was half-written).
      logger.warn('Service unavailable', { errorName: error?.name });
      const retryAfterSeconds = RULES.serviceUnavailableRetryAfterSeconds;
      request.response = errorResponse(503, 'service_unavailable', language, undefined, { retryAfterSeconds }, rateLimited(retryAfterSeconds));
      return;
    }
    logger.error('Unhandled error', { errorName: error?.name, error: error as Error });
    request.response = errorResponse(500, 'internal_error', language);
  },
});
