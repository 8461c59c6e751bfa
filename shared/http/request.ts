import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type * as z from 'zod/mini';
import { negotiateLanguage, type Language } from '#domain/languages';
import { FIELD_CODES, HttpError, type FieldCode } from './errors';

export const MAX_BODY_BYTES = 16 * 1024;

const KNOWN_FIELD_CODES = new Set<string>(FIELD_CODES);

/**
 * The client's address: CloudFront's viewer address ("198.51.100.7:46532", "2001:db8::7:46532")
 * without its port, else the address that reached API Gateway (or the local front door).
 */
export const clientIpOf = (event: Pick<APIGatewayProxyEventV2, 'headers' | 'requestContext'>): string | undefined => {
  const viewer = event.headers?.['cloudfront-viewer-address'];
  if (viewer && /^[\da-f.:]+:\d+$/i.test(viewer)) return viewer.slice(0, viewer.lastIndexOf(':'));
  return event.requestContext?.http?.sourceIp;
};

/** The language of a request's messages, from Accept-Language. */
export const languageOf = (event: Pick<APIGatewayProxyEventV2, 'headers'>): Language => negotiateLanguage(event.headers?.['accept-language']);

const rawBody = (event: APIGatewayProxyEventV2): string => {
  const text = event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new HttpError(413, 'payload_too_large');
  return text;
};

/**
 * Parses a JSON body against a zod schema. Schema messages are field codes; each failing input
 * (by its path: postalAddress.city) gets its first code. Anything else becomes "invalid". The error is 400 validation_failed,
 * unless `errorCodes` names a more telling one for a field's code ({phoneNumber: 'phone_invalid'}).
 */
export const parseBody = <S extends z.ZodMiniType>(event: APIGatewayProxyEventV2, schema: S, errorCodes: Record<string, string> = {}): z.output<S> => {
  let body: unknown;
  try {
    body = JSON.parse(rawBody(event) || 'null');
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, 'invalid_json');
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'invalid_json');
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const fields: Record<string, FieldCode> = {};
  for (const issue of parsed.error.issues) {
    // Nested fields by their path (postalAddress.city, postalAddress.lines.0), so that a form can show each beside its input.
    const name = issue.path.length ? issue.path.map(String).join('.') : '_';
    fields[name] ??= (KNOWN_FIELD_CODES.has(issue.message) ? issue.message : 'invalid') as FieldCode;
  }
  const specific = Object.entries(errorCodes).find(([name, code]) => fields[name] === code);
  throw new HttpError(400, specific ? specific[1] : 'validation_failed', fields);
};
