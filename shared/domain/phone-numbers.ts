type Parse = typeof import('./mobile-parser').parsePhoneNumber;
let parser: Parse | undefined;
/** The metadata is parsed when it loads, and only the phone use cases need it: required on first use. */
const loadParser = (): Parse => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use, for its size
  return (require('./mobile-parser') as typeof import('./mobile-parser')).parsePhoneNumber;
};
const parsePhoneNumberFromString: Parse = (...args) => (parser ??= loadParser())(...args);

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

/**
 * A number as shown to anyone who has not proven a second factor, and in emails: the last two
 * digits only (••••••••56), enough for the owner to tell their phones apart. The same length for
 * every number, so that not even the country shows through.
 */
export const maskNumber = (e164: string): string => `${'•'.repeat(8)}${e164.slice(-2)}`;
