import serverless from 'serverless-http';
import type { OidcKeySet } from '#domain/services-ports';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { buildOidcProvider } from '#http/oidc';

const fingerprint = (keys: OidcKeySet) => [...keys.signingKeys.map((key) => key.kid), keys.nextKey?.key.kid, ...keys.cookieSecrets].join(' ');

/**
 * /oidc/* and /.well-known/openid-configuration: the OpenID provider of the services, one Koa app
 * (oidc-provider) behind API Gateway. It is built again when the key set changes (a rotation).
 */
export const buildHandler = (deps: Dependencies): RouteHandler => {
  let built: { fingerprint: string; handle: ReturnType<typeof serverless> } | undefined;
  return async (event) => {
    const keys = await deps.oidcKeys.current();
    if (built?.fingerprint !== fingerprint(keys)) {
      const https = new URL(deps.publicOrigin).protocol === 'https:';
      built = {
        fingerprint: fingerprint(keys),
        // serverless-http marks every request as TLS; locally (http://localhost) the provider must know it is not.
        handle: serverless(buildOidcProvider(deps, keys, deps.oidcStorage), {
          request: (request: { socket: { encrypted?: boolean } }) => void (request.socket.encrypted = https),
        }),
      };
    }
    // The provider writes its own addresses from the request's: the public origin, as people and
    // services see it, never API Gateway's own host (CloudFront does not pass the viewer's Host on).
    const origin = new URL(deps.publicOrigin);
    const headers = { ...event.headers, 'x-forwarded-proto': origin.protocol.slice(0, -1), 'x-forwarded-host': origin.host };
    return built.handle({ ...event, headers, body: event.body ?? '' }, {});
  };
};

export const handler = httpHandler(() => buildHandler(awsDependencies()), undefined, undefined, { crossSite: true });
