import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/core';
import metadata from 'libphonenumber-js/metadata.mobile.json';

/**
 * libphonenumber with its mobile metadata: the full rules for mobile numbers only (96 KB of JSON
 * against 153 KB for `max`), all that a service accepting only mobiles needs. Over every country's
 * example mobile and 200,000 random numbers it accepts and places exactly what `max` does, bar one
 * Tristan da Cunha (TA) number that `max` types FIXED_LINE_OR_MOBILE, a country SMS may not go to
 * anyway. Imported from `core` as ES modules so that bundles keep the parser alone (no formatter,
 * no as-you-type, no number finder): 138 KB minified against 278 KB for `max`'s entry point.
 */
export const parsePhoneNumber = (text: string): PhoneNumber | undefined => parsePhoneNumberFromString(text, metadata);
