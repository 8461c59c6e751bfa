import { z } from 'zod';
import { mobileNumber } from '#domain/phone-numbers';
import { text } from './schemas';

/** A mobile number in international format, normalised to E.164; "phone_invalid" otherwise. */
export const mobilePhone = text(40).transform((typed, ctx) => {
  const e164 = mobileNumber(typed);
  if (!e164) {
    ctx.addIssue({ code: 'custom', message: 'phone_invalid' });
    return z.NEVER;
  }
  return e164;
});
