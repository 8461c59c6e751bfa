import type { MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { createHash, timingSafeEqual } from 'node:crypto';
import { ORIGIN_VERIFY_HEADER, type OriginSecrets } from '#shared/edge';
import { HttpError } from './errors';

/** How often a container may re-read the secret on a header it does not know (a rotation it has not seen). */
export const ORIGIN_SECRET_REFRESH_MS = 60_000;

const digest = (value: string) => createHash('sha256').update(value).digest();
const matchesAny = (given: string, values: readonly string[]) => values.some((value) => timingSafeEqual(digest(given), digest(value)));

/**
 * Refuses (403 forbidden_origin) any request that did not come through CloudFront, which adds the
 * origin secret in ORIGIN_VERIFY_HEADER: nobody reaches the API around the edge's web ACL. Off
 * when no secret is configured (`npm start`, tests).
 */
export const cloudFrontOnly = (
  secrets: () => OriginSecrets | undefined,
  now: () => number = Date.now,
): MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> => {
  let lastRefresh = Number.NEGATIVE_INFINITY;
  return {
    before: async (request) => {
      const source = secrets();
      if (!source) return;
      const given = request.event.headers?.[ORIGIN_VERIFY_HEADER];
      if (given && matchesAny(given, await source())) return;
      if (given && now() - lastRefresh >= ORIGIN_SECRET_REFRESH_MS) {
        lastRefresh = now();
        if (matchesAny(given, await source(true))) return;
      }
      throw new HttpError(403, 'forbidden_origin');
    },
  };
};
