import { parseBirthDate } from '#domain/calendar';
import { requestCode } from '#domain/rcam';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { CodeRequestBody } from '#http/contract/rcam';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { idempotent } from '#http/idempotency';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { requireSmsSession } from '#http/session';

/** POST /api/v1/rcam/code-requests -> 202 {requestId, status:"pending_review"}; 409 while a request runs. */
export const buildHandler = (deps: Dependencies): RouteHandler =>
  idempotent(deps, async (event) => {
    const session = await requireSmsSession(deps, event);
    const body = parseBody(event, CodeRequestBody);
    const { day, month, year } = parseBirthDate(body.birthDate)!;
    if (Date.UTC(year, month - 1, day) >= deps.clock.now().getTime()) throw new HttpError(400, 'validation_failed', { birthDate: 'invalid_date' });
    const result = await requestCode(deps, session.accountId, {
      staffNumber: body.staffNumber,
      lastName: body.lastName,
      firstName: body.firstName,
      birthDate: body.birthDate,
    });
    if (result.outcome === 'request_active') throw new HttpError(409, 'request_active');
    return json(202, { requestId: result.requestId, status: 'pending_review' });
  });

export const handler = httpHandler(() => buildHandler(awsDependencies()));
