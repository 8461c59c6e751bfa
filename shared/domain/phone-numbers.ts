type Parse = typeof import('libphonenumber-js/max').parsePhoneNumberFromString;
let parser: Parse | undefined;
/** The full metadata (mobile vs fixed line) is large: required on first use only. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parsePhoneNumberFromString: Parse = (...args) => (parser ??= (require('libphonenumber-js/max') as typeof import('libphonenumber-js/max')).parsePhoneNumberFromString)(...args);

/**
 * A mobile number in international format (+32 470 12 34 56, spaces allowed) as E.164, or
 * undefined if it is not a valid mobile number. Numbers that may be either (as in the US) pass.
 */
export const mobileNumber = (typed: string): string | undefined => {
  const trimmed = typed.trim();
  if (!/^\+[\d\s().-]{6,24}$/.test(trimmed)) return undefined;
  const parsed = parsePhoneNumberFromString(trimmed);
  if (!parsed?.isValid()) return undefined;
  const type = parsed.getType();
  return type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE' ? parsed.number : undefined;
};

/** The region (ISO 3166) a valid number belongs to, e.g. BE for +32 470...; undefined if none. */
export const regionOf = (e164: string): string | undefined => parsePhoneNumberFromString(e164)?.country;

/** A number as an email may show it: country code and last two digits (+32*******56). */
export const maskNumber = (e164: string): string => {
  const parsed = parsePhoneNumberFromString(e164);
  const countryCode = parsed ? `+${parsed.countryCallingCode}` : e164.slice(0, 3);
  const rest = e164.slice(countryCode.length);
  return `${countryCode}${'*'.repeat(Math.max(0, rest.length - 2))}${rest.slice(-2)}`;
};
