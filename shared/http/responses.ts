import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { translate } from '#domain/i18n';
import type { Language } from '#domain/languages';

export type HttpResponse = APIGatewayProxyStructuredResultV2 & { statusCode: number; headers: Record<string, string> };

/** Headers on every API response: JSON, never cached, not sniffed, not framed. */
export const API_HEADERS: Record<string, string> = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
};

export const json = (statusCode: number, body?: unknown, extra: Partial<Pick<HttpResponse, 'cookies' | 'headers'>> = {}): HttpResponse => ({
  statusCode,
  headers: { ...API_HEADERS, ...extra.headers },
  cookies: extra.cookies,
  body: body === undefined ? '' : JSON.stringify(body),
});

/** The error envelope {error:{code, message, fields?}}, with messages in the caller's language. */
export const errorResponse = (
  statusCode: number,
  code: string,
  language: Language,
  fields?: Record<string, string>,
  extra?: Record<string, unknown>,
  headers?: Record<string, string>,
): HttpResponse =>
  json(
    statusCode,
    {
      error: {
        code,
        message: translate(language, `errors.${code}`),
        ...(fields && {
          fields: Object.fromEntries(
            Object.entries(fields).map(([name, fieldCode]) => [name, { code: fieldCode, message: translate(language, `fields.${fieldCode}`) }]),
          ),
        }),
        ...extra,
      },
    },
    { headers },
  );

export const SESSION_COOKIE = '__Host-session';

/** The session cookie: only over HTTPS, out of reach of scripts, never sent cross-site. */
export const sessionCookie = (token: string): string => `${SESSION_COOKIE}=${token}; Secure; HttpOnly; SameSite=Strict; Path=/`;

/** Tells the browser to forget the session cookie. */
export const clearedSessionCookie = `${SESSION_COOKIE}=; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

export const EID_FLOW_COOKIE = '__Host-eid-flow';

/** Binds an eID sign-in or link to the browser that started it: only that browser may hand over the provider's answer. */
export const eidFlowCookie = (token: string, maxAgeSeconds: number): string =>
  `${EID_FLOW_COOKIE}=${token}; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAgeSeconds}`;

export const clearedEidFlowCookie = `${EID_FLOW_COOKIE}=; Secure; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`;

/** 429 with Retry-After, in seconds. */
export const rateLimited = (retryAfterSeconds: number) => ({ 'retry-after': String(retryAfterSeconds) });
