import * as z from 'zod/mini';
import { parseBirthDate } from '#domain/calendar';
import { personName, text, typedCode } from '../schemas';
import type { Contract } from './operation';
import { INSTANT_DESCRIPTION } from './operation';
import { RCAM_STATUSES } from '#domain/rcam-ports';

const staffNumber = text(12).check(z.refine((value) => /^\d{1,12}$/.test(value), 'invalid_staff_number'));

/** The form of the manual's step 14. */
export const CodeRequestBody = z
  .object({
    staffNumber,
    staffNumberConfirmation: staffNumber,
    lastName: personName,
    firstName: personName,
    birthDate: text(10).check(z.refine((value) => parseBirthDate(value) !== undefined, 'invalid_date')),
  })
  .check(z.refine((body) => body.staffNumber === body.staffNumberConfirmation, { path: ['staffNumberConfirmation'], message: 'staff_number_mismatch' }));

export const RedeemCodeBody = z.object({ code: typedCode });

/** Where a code request stands; the export (me.ts) reads the same list. */
export const rcamStatus = z.enum(RCAM_STATUSES);

export const CodeRequested = z.object({ requestId: z.string(), status: z.literal('pending_review') });
export const Enrollment = z.object({
  requestId: z.string(),
  status: rcamStatus,
  timeline: z.array(z.object({ status: rcamStatus, at: z.iso.datetime() })),
  codeExpiresAt: z.optional(z.iso.datetime()),
  rcamAvailableAt: z.optional(z.iso.datetime()),
  myIntracommAvailableAt: z.optional(z.iso.datetime()),
});
export const CodeRedeemed = z.object({ rcamAvailableAt: z.iso.datetime(), myIntracommAvailableAt: z.iso.datetime() });

export const rcamContract = (): Contract => ({
  tag: { name: 'rcam', description: 'RCAM en ligne: the access code by registered letter (the manual, steps 14 to 16). Needs a session with a second factor.' },
  operations: {
    'POST /api/v1/rcam/code-requests': {
      idempotent: true,
      summary: 'Asks for the RCAM access code',
      description: '`birthDate` is DD/MM/YYYY, in the past. The PMO reviews the request, then the code comes by registered letter.',
      caller: 'second_factor',
      body: { name: 'RcamCodeRequest', schema: CodeRequestBody },
      responses: { 202: { description: 'Waiting for the PMO.', body: { name: 'RcamCodeRequested', schema: CodeRequested } } },
      errors: { 409: ['request_active'] },
    },
    'GET /api/v1/rcam/enrollment': {
      summary: 'The current request, its timeline and its dates',
      caller: 'second_factor',
      responses: { 200: { description: `The enrolment. Instants: ${INSTANT_DESCRIPTION}`, body: { name: 'RcamEnrollment', schema: Enrollment } } },
      errors: { 404: ['no_enrollment'] },
    },
    'POST /api/v1/rcam/code-redemptions': {
      summary: 'The code from the letter',
      description: 'Accepted once the letter is sent, within 6 months of delivery, once; 5 tries in 10 minutes.',
      caller: 'second_factor',
      body: { name: 'RedeemRcamCodeRequest', schema: RedeemCodeBody },
      responses: {
        200: {
          description: `RCAM opens the next day, My Intracomm 48 hours later (${INSTANT_DESCRIPTION})`,
          body: { name: 'RcamCodeRedeemed', schema: CodeRedeemed },
        },
      },
      errors: { 400: ['invalid_code'], 410: ['code_expired'], 429: ['too_many_attempts'] },
    },
  },
});
