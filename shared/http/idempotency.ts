import { createHash, createHmac } from 'node:crypto';
import type { Clock } from '#domain/clock';
import type { IdempotencyStore } from '#domain/idempotency-ports';
import { HttpError } from './errors';
import type { RouteHandler } from './http-handler';
import { json } from './responses';
import { sessionTokenOf } from './session';

/** The header a client sends to retry a request safely (draft-ietf-httpapi-idempotency-key-header). */
export const IDEMPOTENCY_HEADER = 'idempotency-key';
/** 16 to 128 characters of a UUID's or base64url's alphabet: enough to be unguessable when the client draws it at random. */
export const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{16,128}$/;
/** How long a retry should wait while the first request under its key still runs. */
const IN_PROGRESS_RETRY_AFTER_SECONDS = 1;

/**
 * Makes a route safe to retry: a request carrying `Idempotency-Key` runs once, and a retry with
 * the same key and body gets the first answer again (for 24 hours) instead of a second account, SMS
 * or request. The key is scoped by route and session, so nobody else's key can replay an answer to
 * you. Only the key's hash is stored, and the body's HMAC under the key (it may hold a password: no
 * digest of it is crackable without the key). Refusals and failures are not remembered (they
 * changed nothing: a retry runs again), nor answers that set a cookie (a session is a secret).
 * Without the header, nothing changes.
 */
export const idempotent =
  (deps: { idempotency: IdempotencyStore; clock: Clock }, handle: RouteHandler): RouteHandler =>
  async (event) => {
    const key = event.headers?.[IDEMPOTENCY_HEADER];
    if (key === undefined) return handle(event);
    if (!IDEMPOTENCY_KEY.test(key)) throw new HttpError(400, 'idempotency_key_invalid');
    const scope = createHash('sha256')
      .update(`${event.routeKey}\n${sessionTokenOf(event) ?? ''}\n${key}`)
      .digest('hex');
    const requestHash = createHmac('sha256', key)
      .update(event.body ?? '')
      .digest('hex');
    const claim = await deps.idempotency.claim(scope, requestHash, deps.clock.now());
    if (claim.outcome === 'mismatch') throw new HttpError(422, 'idempotency_key_reused');
    if (claim.outcome === 'in_progress') {
      throw new HttpError(
        409,
        'request_in_progress',
        undefined,
        { retryAfterSeconds: IN_PROGRESS_RETRY_AFTER_SECONDS },
        { 'retry-after': String(IN_PROGRESS_RETRY_AFTER_SECONDS) },
      );
    }
    if (claim.outcome === 'replay') {
      const { statusCode, headers, body } = claim.response;
      return { ...json(statusCode), headers: { ...json(statusCode).headers, ...headers, 'idempotent-replayed': 'true' }, body };
    }
    let response: Awaited<ReturnType<RouteHandler>>;
    try {
      response = await handle(event);
    } catch (error) {
      await deps.idempotency.release(scope).catch(() => undefined);
      throw error;
    }
    const remember = (response.statusCode ?? 200) < 300 && !response.cookies?.length;
    const stored = { statusCode: response.statusCode ?? 200, headers: (response.headers ?? {}) as Record<string, string>, body: String(response.body ?? '') };
    // The work is done: a table that fails now must not turn it into an error. The key then frees itself after a minute.
    await (remember ? deps.idempotency.complete(scope, stored, deps.clock.now()) : deps.idempotency.release(scope)).catch(() => undefined);
    return response;
  };
