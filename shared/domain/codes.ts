import { hashSecret, randomString } from './secrets';

/** Letters and digits that cannot be mistaken for one another: no 0/O, no 1/I/L. */
export const UNAMBIGUOUS_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** A one-time code of `length` characters from the CSPRNG. */
export const newCode = (length: number): string => randomString(UNAMBIGUOUS_ALPHABET, length);

/** Shows a code in groups, as people read it: 9WGARXAX -> 9WGA-RXAX. */
export const formatCode = (code: string, groupSize: number): string => code.match(new RegExp(`.{1,${groupSize}}`, 'g'))!.join('-');

/** What a person typed, as a code: any case, with or without spaces and dashes. */
export const normaliseCode = (typed: string): string => typed.replace(/[\s\-‐‑–—]/g, '').toUpperCase();

/** The stored form of a code, salted with its challenge so that equal codes hash apart. */
export const hashCode = (salt: string, code: string): string => hashSecret(`${salt}:${normaliseCode(code)}`);
