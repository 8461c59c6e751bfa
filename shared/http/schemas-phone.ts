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
