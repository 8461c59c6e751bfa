import * as z from 'zod/mini';
import { LANGUAGES } from '#domain/languages';

/** A required string, trimmed, with "required" and "too_long" as its field codes. */
export const text = (max: number) =>
  z.string({ error: 'required' }).check(
    z.trim(),
    z.minLength(1, 'required'),
    z.maxLength(max, 'too_long'),
    // Control characters have no place in a name or an address, and would corrupt emails and letters.
    z.refine((value) => !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}]/u.test(value), 'invalid'),
  );

/** Names as people write them: letters of any script, spaces, hyphens, apostrophes, dots. */
export const personName = text(100).check(z.refine((value) => /^[\p{L}\p{M}](?:[\p{L}\p{M}' .’-]*[\p{L}\p{M}.])?$/u.test(value), 'invalid_name'));

export const email = z.pipe(
  z.string({ error: 'required' }).check(z.trim(), z.minLength(1, 'required'), z.maxLength(254, 'too_long')),
  z.email({ error: 'invalid_email' }),
);

export const language = z.enum(LANGUAGES, { error: 'invalid_language' });

/** A secret from a link or form: opaque, bounded. */
export const secret = z.string({ error: 'required' }).check(z.minLength(1, 'required'), z.maxLength(512, 'too_long'));

/** A code as typed from an SMS, a letter or a recovery sheet: bounded; its shape is the use case's business. */
export const typedCode = text(64);
