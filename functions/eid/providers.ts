import type { Dependencies } from '#shared/dependencies';
import type { RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';

/** GET /api/v1/eid/providers -> 200 {providers: [{id, name}]}: what the sign-in page offers. */
export const buildProvidersHandler =
  (deps: Dependencies): RouteHandler =>
  async () =>
    json(200, { providers: deps.eidProviders.map(({ id, name }) => ({ id, name })) });
