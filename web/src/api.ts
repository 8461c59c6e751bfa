import { language, t } from './i18n';

/** The API's error envelope (shared/http/responses.ts), already in the page's language. */
export interface ApiError {
  code: string;
  message: string;
  fields?: Record<string, { code: string; message: string }>;
  rules?: Array<{ rule: string; message: string }>;
  retryAfterSeconds?: number;
}

let sessionEnded: () => void = () => undefined;

/** What to do when the API says the session is over (idle for an hour, or 12 hours old). */
export const onSessionEnded = (handler: () => void) => {
  sessionEnded = handler;
};

export type ApiResult<T> = { ok: true; status: number; data: T } | { ok: false; status: number; error: ApiError };

/**
 * Calls the HTTP API on this origin. The session is an HttpOnly cookie the browser sends by itself;
 * Accept-Language asks for messages in the page's language. Never throws: a network failure or an
 * unreadable answer is an error like any other, with a message for the person.
 */
export const api = async <T = Record<string, unknown>>(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<ApiResult<T>> => {
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      credentials: 'same-origin',
      headers: { 'accept-language': language(), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    return { ok: false, status: 0, error: { code: 'network', message: t('errors.network') } };
  }
  const isJson = response.headers.get('content-type')?.includes('application/json');
  // A file (the letter's PDF) comes as a Blob; errors are JSON whatever was asked.
  if (response.ok && !isJson && response.status !== 204) return { ok: true, status: response.status, data: (await response.blob()) as T };
  const payload: unknown = isJson ? await response.json().catch(() => undefined) : undefined;
  if (response.ok) return { ok: true, status: response.status, data: payload as T };
  const error = (payload as { error?: ApiError } | undefined)?.error;
  if (response.status === 401 && error?.code === 'unauthenticated' && path !== '/me') sessionEnded();
  return { ok: false, status: response.status, error: error ?? { code: 'unexpected', message: t('errors.unexpected') } };
};
