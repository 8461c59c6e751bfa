import type * as z from 'zod/mini';

/**
 * Who may call a route, as its handler checks before anything else: `anyone`; a live `session`;
 * a session proven by a `second_factor` (else 403 step_up_required); the PMO (`pmo`, else 403 forbidden).
 */
export type Caller = 'anyone' | 'session' | 'second_factor' | 'pmo';

/** A schema and the name it has among the document's components. */
export interface Named {
  name: string;
  schema: z.ZodMiniType;
}

/** A success response: what it means, and its JSON body (none for 204, or the PDF of a letter). */
export interface Success {
  description: string;
  body?: Named | 'pdf';
  /** The session cookie it sets (signing in), or clears (signing out). */
  cookie?: 'set' | 'cleared';
  /** A download: the `Content-Disposition: attachment` it is sent with, described. */
  attachment?: string;
}

/**
 * One route as its handler answers it: the body it parses, what it returns on success, and the
 * error codes it may answer with beyond those every route of its kind has (the OpenAPI generator
 * adds those: origin, body, session, 500).
 */
export interface Operation {
  summary: string;
  description?: string;
  caller: Caller;
  /** A route open to anyone that still reads the session cookie when one comes (signing in ends the previous session). */
  readsSessionCookie?: boolean;
  body?: Named;
  query?: Record<string, { description: string; schema: z.ZodMiniType }>;
  /** Each `{name}` of the path, described. */
  pathParameters?: Record<string, string>;
  responses: Partial<Record<200 | 201 | 202 | 204, Success>>;
  errors?: Partial<Record<400 | 401 | 403 | 404 | 409 | 410 | 422 | 429 | 503, readonly string[]>>;
  /** Accepts an `Idempotency-Key` header (shared/http/idempotency.ts): a retried request runs once. */
  idempotent?: boolean;
}

/** The routes of one feature, keyed by route key ("POST /api/v1/accounts"), and the tag that groups them. */
export interface Contract {
  tag: { name: string; description: string };
  operations: Record<string, Operation>;
}

/** When an instant is answered: always UTC, as Date.prototype.toISOString writes it. */
export const INSTANT_DESCRIPTION = 'An instant in UTC, as 2026-12-01T09:30:00.000Z.';
