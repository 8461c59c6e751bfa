import { eidLinksOf, unlinkEid } from '#domain/eid';
import type { Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import type { RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requireSession, requireSmsSession } from '#http/session';

/** GET /api/v1/me/eid-links -> 200 {links}: the account page's list (the subject identifier stays on the server). */
export const buildLinksHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSession(deps, event);
    const links = await eidLinksOf(deps, session.accountId);
    return json(200, {
      links: links.map((link) => ({
        linkId: link.linkId,
        provider: link.providerId,
        providerName: link.providerName,
        linkedAt: link.linkedAt.toISOString(),
        ...(link.lastUsedAt && { lastUsedAt: link.lastUsedAt.toISOString() }),
      })),
    });
  };

/** DELETE /api/v1/me/eid-links/{linkId} -> 204; needs a session proven by a second factor. */
export const buildUnlinkHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const session = await requireSmsSession(deps, event);
    const linkId = event.pathParameters?.linkId ?? '';
    const result = /^[0-9a-f]{64}$/.test(linkId) ? await unlinkEid(deps, session, linkId) : 'not_found';
    if (result === 'not_found') throw new HttpError(404, 'not_found');
    return json(204);
  };
