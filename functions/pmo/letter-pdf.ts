import { letterToPrint } from '#domain/pmo';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { requirePmo } from '#http/session';

/** GET /api/v1/pmo/letters/{letterId}/pdf -> the letter to print, as application/pdf, until it is sent. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    const clerk = await requirePmo(deps, event);
    const letterId = event.pathParameters?.letterId ?? '';
    const result = /^[\w-]{1,64}$/.test(letterId) ? await letterToPrint(deps, clerk, letterId) : { outcome: 'not_found' as const };
    switch (result.outcome) {
      case 'pdf':
        return {
          statusCode: 200,
          headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="letter-${letterId}.pdf"`, 'cache-control': 'no-store' },
          body: Buffer.from(result.pdf).toString('base64'),
          isBase64Encoded: true,
        };
      case 'own_request':
        throw new HttpError(403, 'own_request').about(clerk.accountId);
      case 'not_found':
        throw new HttpError(404, 'not_found');
      case 'gone':
        throw new HttpError(410, 'letter_gone');
    }
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
