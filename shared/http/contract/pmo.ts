import * as z from 'zod/mini';
import { text } from '../schemas';
import type { Contract } from './operation';
import { INSTANT_DESCRIPTION } from './operation';

const PostalAddress = z.object({
  name: text(120),
  // How many lines fit is the envelope window's to say (address_too_tall); this only bounds the input.
  lines: z.array(text(120)).check(z.minLength(1, 'required'), z.maxLength(20, 'too_long')),
  postalCode: text(12),
  city: text(80),
  country: text(60),
});

/** Approve with the postal address the letter goes to, or reject with a reason. */
export const DecisionBody = z.discriminatedUnion(
  'decision',
  [
    z.object({ decision: z.literal('approve'), reason: z.optional(text(500)), postalAddress: PostalAddress }),
    z.object({ decision: z.literal('reject'), reason: text(500) }),
  ],
  { error: 'invalid' },
);

export const LetterSentBody = z.object({ trackingNumber: text(40).check(z.refine((value) => /^[A-Za-z0-9 -]+$/.test(value), 'invalid')) });

// An instant, or the day printed on the acknowledgement of receipt (what a clerk has in hand).
export const LetterDeliveredBody = z.object({ deliveredAt: z.union([z.iso.datetime({ offset: true }), z.iso.date()], { error: 'invalid_date' }) });

export const Reviews = z.object({
  items: z.array(
    z.object({
      requestId: z.string(),
      submittedAt: z.iso.datetime(),
      staffNumber: z.string(),
      lastName: z.string(),
      firstName: z.string(),
      birthDate: z.string(),
      username: z.string(),
      email: z.string(),
      ownRequest: z.boolean(),
    }),
  ),
});
export const Decided = z.object({ requestId: z.string(), decision: z.enum(['approve', 'reject']) });
export const Letters = z.object({
  items: z.array(
    z.object({
      letterId: z.string(),
      requestId: z.string(),
      recipient: z.string(),
      staffNumber: z.string(),
      createdAt: z.iso.datetime(),
      status: z.enum(['queued', 'sent', 'delivered']),
      trackingNumber: z.optional(z.string()),
      ownRequest: z.boolean(),
    }),
  ),
});
export const LetterSent = z.object({ letterId: z.string(), status: z.literal('sent') });
export const LetterDelivered = z.object({ letterId: z.string(), status: z.literal('delivered') });
export const AuditTrail = z.object({
  items: z.array(z.object({ at: z.iso.datetime(), actor: z.string(), action: z.string(), details: z.optional(z.record(z.string(), z.unknown())) })),
});

export const Cases = z.object({
  items: z.array(
    z.object({
      caseId: z.string(),
      workflow: z.enum(['activation', 'rcam', 'factorReset']),
      status: z.enum(['FAILED', 'TIMED_OUT', 'ABORTED']),
      error: z.optional(z.string()),
      cause: z.optional(z.string()),
      username: z.optional(z.string()),
      requestId: z.optional(z.string()),
      stoppedAt: z.iso.datetime(),
      state: z.enum(['open', 'retried', 'closed']),
      handledBy: z.optional(z.string()),
      handledAt: z.optional(z.iso.datetime()),
      retryable: z.boolean(),
    }),
  ),
});
export const CaseRetried = z.object({ caseId: z.string(), state: z.literal('retried'), executionName: z.string() });
export const CaseClosed = z.object({ caseId: z.string(), state: z.literal('closed') });

export const pmoContract = (): Contract => ({
  tag: {
    name: 'pmo',
    description:
      'The PMO console: the role `pmo` and a session with a second factor. A clerk never decides, prints, sends or records the delivery ' +
      'of a request made from their own account (403 `own_request`).',
  },
  operations: {
    'GET /api/v1/pmo/reviews': {
      summary: 'The RCAM requests waiting for a decision, oldest first',
      caller: 'pmo',
      query: { status: { description: 'Only `pending` (the default).', schema: z.optional(z.enum(['pending'])) } },
      responses: { 200: { description: `The requests, the clerk's own flagged. ${INSTANT_DESCRIPTION}`, body: { name: 'PmoReviews', schema: Reviews } } },
      errors: { 400: ['validation_failed'] },
    },
    'POST /api/v1/pmo/reviews/{requestId}/decision': {
      summary: 'Approves a request with the postal address, or rejects it',
      description:
        'An address that would not print whole in the envelope window is 400 `validation_failed`, the field named (`postalAddress.lines.1`) with ' +
        '`address_line_too_long`, `address_unprintable_character` or `address_too_tall`.',
      caller: 'pmo',
      pathParameters: { requestId: 'The RCAM request.' },
      body: { name: 'PmoDecisionRequest', schema: DecisionBody },
      responses: { 200: { description: 'Decided; the workflow goes on.', body: { name: 'PmoDecided', schema: Decided } } },
      errors: { 403: ['own_request'], 404: ['not_found'], 409: ['conflict'] },
    },
    'GET /api/v1/pmo/letters': {
      summary: 'The registered letters, oldest first',
      caller: 'pmo',
      query: { status: { description: '`queued` (the default) or `sent`.', schema: z.optional(z.enum(['queued', 'sent'])) } },
      responses: { 200: { description: `The letters. ${INSTANT_DESCRIPTION}`, body: { name: 'PmoLetters', schema: Letters } } },
      errors: { 400: ['validation_failed'] },
    },
    'GET /api/v1/pmo/letters/{letterId}/pdf': {
      summary: 'The letter to print',
      description: 'Reprintable until it is sent; each download is audited first.',
      caller: 'pmo',
      pathParameters: { letterId: 'The letter.' },
      responses: { 200: { description: 'The letter, with the code in clear.', body: 'pdf' } },
      errors: { 403: ['own_request'], 404: ['not_found'], 410: ['letter_gone'] },
    },
    'POST /api/v1/pmo/letters/{letterId}/sent': {
      summary: 'The registered letter is in the post',
      description: "The PDF (the code in clear) is deleted; the letter's summary stays.",
      caller: 'pmo',
      pathParameters: { letterId: 'The letter.' },
      body: { name: 'PmoLetterSentRequest', schema: LetterSentBody },
      responses: { 200: { description: 'Recorded.', body: { name: 'PmoLetterSent', schema: LetterSent } } },
      errors: { 403: ['own_request'], 404: ['not_found'], 409: ['conflict'] },
    },
    'GET /api/v1/pmo/requests/{requestId}/audit': {
      summary: "A request's audit trail, oldest first",
      description: 'Actors by username (or `workflow`), never by email.',
      caller: 'pmo',
      pathParameters: { requestId: 'The RCAM request.' },
      responses: { 200: { description: `The records. ${INSTANT_DESCRIPTION}`, body: { name: 'PmoAuditTrail', schema: AuditTrail } } },
      errors: { 404: ['not_found'] },
    },
    'POST /api/v1/pmo/letters/{letterId}/delivered': {
      summary: 'The acknowledgement of receipt came back',
      description:
        'The 6 months start at `deliveredAt`: an instant, or the day of the acknowledgement (YYYY-MM-DD: its last second in Brussels, or now ' +
        'if today). A future date is 400.',
      caller: 'pmo',
      pathParameters: { letterId: 'The letter.' },
      body: { name: 'PmoLetterDeliveredRequest', schema: LetterDeliveredBody },
      responses: { 200: { description: 'Recorded.', body: { name: 'PmoLetterDelivered', schema: LetterDelivered } } },
      errors: { 403: ['own_request'], 404: ['not_found'], 409: ['conflict'] },
    },
    'GET /api/v1/pmo/cases': {
      summary: 'The "to handle" list: workflow executions that failed, timed out or were aborted, oldest first',
      description:
        'A workflow step is retried for about 7.5 hours before its execution fails; EventBridge (locally, the runner) then records ' +
        'the case. `username` names the account concerned (never its email); `retryable` says whether a retry can help.',
      caller: 'pmo',
      query: { status: { description: '`open` (the default), `retried` or `closed`.', schema: z.optional(z.enum(['open', 'retried', 'closed'])) } },
      responses: { 200: { description: `The cases. ${INSTANT_DESCRIPTION}`, body: { name: 'PmoCases', schema: Cases } } },
      errors: { 400: ['validation_failed'] },
    },
    'POST /api/v1/pmo/cases/{caseId}/retry': {
      summary: 'Starts the workflow again with the input of the execution that ended badly',
      description:
        'Under a new execution name. The activation waits its 15 minutes and emails a fresh link; the second-factor reset completes; ' +
        'an RCAM workflow starts again only while its request waits for review (else 409 `case_not_retryable`).',
      caller: 'pmo',
      pathParameters: { caseId: 'The case.' },
      responses: { 200: { description: 'Started again.', body: { name: 'PmoCaseRetried', schema: CaseRetried } } },
      errors: { 403: ['own_request'], 404: ['case_not_found'], 409: ['case_not_open', 'case_not_retryable'] },
    },
    'POST /api/v1/pmo/cases/{caseId}/close': {
      summary: 'Closes a case: handled by hand, or nothing more to do',
      caller: 'pmo',
      pathParameters: { caseId: 'The case.' },
      responses: { 200: { description: 'Closed.', body: { name: 'PmoCaseClosed', schema: CaseClosed } } },
      errors: { 403: ['own_request'], 404: ['case_not_found'], 409: ['case_not_open'] },
    },
  },
});
