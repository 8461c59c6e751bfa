import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { requirePmo } from '#http/session';

/** GET /api/v1/pmo/letters/{letterId}/pdf -> the letter to print, as application/pdf. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
    await requirePmo(deps, event);
    const letterId = event.pathParameters?.letterId ?? '';
    const letter = /^[\w-]{1,64}$/.test(letterId) ? await deps.rcam.findLetter(letterId) : undefined;
    if (!letter) throw new HttpError(404, 'not_found');
    return {
      statusCode: 200,
      headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="letter-${letterId}.pdf"`, 'cache-control': 'no-store' },
      body: Buffer.from(letter.pdf).toString('base64'),
      isBase64Encoded: true,
    };
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
