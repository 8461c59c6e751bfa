import type { HandleResult } from '#domain/cases';
import type { Account } from '#domain/accounts-ports';
import type { Dependencies } from '#shared/dependencies';
import { HttpError } from '#http/errors';
import type { RouteHandler } from '#http/http-handler';
import { json } from '#http/responses';
import { requirePmo } from '#http/session';

/** Case ids are 32 hex digits (shared/domain/cases.ts caseIdOf); anything else is unknown. */
const CASE_ID = /^[0-9a-f]{32}$/;

/** The PMO's two actions on a stuck case, as HTTP: retry (POST .../retry) or close (POST .../close). */
export const caseAction =
  (deps: Dependencies, action: (deps: Dependencies, clerk: Account, caseId: string) => Promise<HandleResult>): RouteHandler =>
  async (event) => {
    const clerk = await requirePmo(deps, event);
    const caseId = event.pathParameters?.caseId ?? '';
    const result = CASE_ID.test(caseId) ? await action(deps, clerk, caseId) : ({ outcome: 'not_found' } as const);
    switch (result.outcome) {
      case 'retried':
        return json(200, { caseId, state: 'retried', executionName: result.executionName });
      case 'closed':
        return json(200, { caseId, state: 'closed' });
      case 'not_found':
        throw new HttpError(404, 'case_not_found');
      case 'own_request':
        throw new HttpError(403, 'own_request').about(clerk.accountId);
      case 'not_open':
        throw new HttpError(409, 'case_not_open');
      case 'not_retryable':
        throw new HttpError(409, 'case_not_retryable');
    }
  };
