import { z } from 'zod';
import { parseBirthDate } from '#domain/calendar';
import { requestCode } from '#domain/rcam';
import { awsDependencies, type Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import { httpHandler, type RouteHandler } from '#http/http-handler';
import { parseBody } from '#http/request';
import { json } from '#http/responses';
import { personName, text } from '#http/schemas';
import { requireSmsSession } from '#http/session';

const staffNumber = text(12).refine((value) => /^\d{1,12}$/.test(value), 'invalid_staff_number');

/** The form of the manual's step 14. */
const CodeRequestBody = z
  .object({
    staffNumber,
    staffNumberConfirmation: staffNumber,
    lastName: personName,
    firstName: personName,
    birthDate: text(10).refine((value) => parseBirthDate(value) !== undefined, 'invalid_date'),
  })
  .refine((body) => body.staffNumber === body.staffNumberConfirmation, { path: ['staffNumberConfirmation'], message: 'staff_number_mismatch' });

/** POST /api/v1/rcam/code-requests -> 202 {requestId, status:"pending_review"}; 409 while a request runs. */
export const buildHandler =
  (deps: Dependencies): RouteHandler =>
  async (event) => {
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
  };

export const handler = httpHandler(() => buildHandler(awsDependencies()));
