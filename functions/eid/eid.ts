import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { buildCallbackHandler } from './callback';
import { buildLinksHandler, buildUnlinkHandler } from './links';
import { buildProvidersHandler } from './providers';
import { buildSignInHandler } from './sign-in';
import { buildStartHandler } from './start';

/** The routes this one function answers (functions/routes.ts), each by its own small handler. */
const ROUTE_HANDLERS: Record<string, (deps: Dependencies) => RouteHandler> = {
  'POST /api/v1/eid/authorizations': buildStartHandler,
  'POST /api/v1/eid/callback': buildCallbackHandler,
  'POST /api/v1/sessions/eid': buildSignInHandler,
  'GET /api/v1/eid/providers': buildProvidersHandler,
  'GET /api/v1/me/eid-links': buildLinksHandler,
  'DELETE /api/v1/me/eid-links/{linkId}': buildUnlinkHandler,
};

/**
 * Signing in with a national eID: one function for its few routes (the stack stays under
 * CloudFormation's resource limit), each routed by API Gateway's route key to its handler.
 */
export const buildHandler = (deps: Dependencies): RouteHandler => {
  const handlers = new Map(Object.entries(ROUTE_HANDLERS).map(([key, build]) => [key, build(deps)]));
  return async (event) => {
    const handle = handlers.get(event.routeKey);
    // API Gateway sends only the route keys declared for this function (functions/routes.ts): another is a bug.
    if (!handle) throw new Error(`No eID handler for ${event.routeKey}`);
    return handle(event);
  };
};

export const handler = httpHandler(() => buildHandler(awsDependencies()));
