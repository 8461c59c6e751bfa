import * as z from 'zod/mini';
import { mobileNumber } from '#domain/phone-numbers';
import { text } from './schemas';

/** A mobile number in international format, normalised to E.164; "phone_invalid" otherwise. */
export const mobilePhone = z.pipe(
  text(40),
  z.transform((typed: string, payload) => {
    const e164 = mobileNumber(typed);
    if (!e164) {
      payload.issues.push({ code: 'custom', message: 'phone_invalid', input: typed });
      return z.NEVER;
    }
    return e164;
  }),
);

/** A code as typed from an SMS or a letter: bounded; its shape is the use case's business. */
export const typedCode = text(64);
