/** An answer as it was given, to give again to a client that retries the same request. */
export interface RememberedResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

export type IdempotencyClaim =
  | { outcome: 'claimed' }
  | { outcome: 'replay'; response: RememberedResponse }
  /** The first request under this key still runs (or died less than a minute ago). */
  | { outcome: 'in_progress' }
  /** The key was used for a different request. */
  | { outcome: 'mismatch' };

/** Requests under a client's Idempotency-Key: each runs once, its answer is given again to retries. */
export interface IdempotencyStore {
  /** Claims the key for this request (one conditional write), unless a request holds it or has answered under it. */
  claim(key: string, requestHash: string, now: Date): Promise<IdempotencyClaim>;
  /** Remembers the answer for the key's lifetime. */
  complete(key: string, response: RememberedResponse, now: Date): Promise<void>;
  /** Frees the key: the request failed and changed nothing, a retry may run it. */
  release(key: string): Promise<void>;
}
