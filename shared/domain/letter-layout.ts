import metrics from './letter-font-metrics.json';
import type { PostalAddress } from './letters-ports';

/**
 * Where the address of the registered letter prints, on the A4 sheet: the part of it that the
 * window of a C5/6 envelope shows once the sheet is folded in three, less a margin. The renderer
 * draws there; the approval refuses an address that would not fit, rather than print it broken.
 */
export const ADDRESS_WINDOW = {
  leftMm: 110,
  widthMm: 75,
  /** The first line's baseline, from the top of the sheet. */
  firstBaselineMm: 50,
  /** The lowest a descender may reach, from the top of the sheet. */
  bottomMm: 85,
} as const;

/** The address's type: DejaVu Sans 11 pt, lines 1.45 × the size apart (shared/adapters/pdf-letter-renderer.ts). */
export const ADDRESS_TYPE = { size: 11, leading: 1.45 } as const;

const POINTS_PER_MM = 72 / 25.4;

/** What is wrong with a part of the address, as a field code the locale files explain. */
export type AddressFault = 'address_line_too_long' | 'address_unprintable_character' | 'address_too_tall';

/** A printed line of the address block, and the input it comes from (the field an error names). */
export interface AddressLine {
  text: string;
  field: string;
}

/** A line as the renderer prints it: words one space apart (it wraps on whitespace). */
const printed = (text: string) => text.split(/\s+/).filter(Boolean).join(' ');

/** The address block, top to bottom, as printed in the window. */
export const addressBlock = (address: PostalAddress): AddressLine[] => [
  { text: printed(address.name), field: 'postalAddress.name' },
  ...address.lines.map((line, i) => ({ text: printed(line), field: `postalAddress.lines.${i}` })),
  { text: printed(`${address.postalCode} ${address.city}`), field: 'postalAddress.city' },
  { text: printed(address.country.toUpperCase()), field: 'postalAddress.country' },
];

/** Advance widths of the font by code point (font units), from the runs extracted once. */
const ADVANCES = new Map<number, number>(metrics.advances.flatMap(([first, ...widths]) => widths.map((width, i): [number, number] => [first + i, width])));

/**
 * Scripts that print a glyph per character, left to right: all Europe writes in. pdf-lib neither
 * orders right-to-left text (Arabic, Hebrew) nor positions marks, so those would print broken.
 */
const PLAIN_SCRIPT = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}\p{Script=Georgian}\p{Script=Common}\p{Script=Inherited}]$/u;
/** Controls and invisible formatting characters (zero-width space, bidi overrides): nothing to print. */
const INVISIBLE = /\p{C}/u;

/** Whether every character prints as it should: a glyph in the letter's font (else an empty box), in a plain script. */
export const printable = (text: string): boolean =>
  [...text].every((character) => ADVANCES.has(character.codePointAt(0)!) && PLAIN_SCRIPT.test(character) && !INVISIBLE.test(character));

/**
 * The width of a line in points, as pdf-lib measures and draws it: the sum of the advances.
 * Never less than what prints (a ligature such as "ffi" is, if anything, narrower).
 */
export const lineWidth = (text: string, size: number = ADDRESS_TYPE.size): number =>
  ([...text].reduce((sum, character) => sum + (ADVANCES.get(character.codePointAt(0)!) ?? metrics.unitsPerEm), 0) * size) / metrics.unitsPerEm;

/** How many lines the window holds: the last one's descender must stay above its bottom edge. */
export const MAX_ADDRESS_LINES =
  1 +
  Math.floor(
    ((ADDRESS_WINDOW.bottomMm - ADDRESS_WINDOW.firstBaselineMm) * POINTS_PER_MM - (-metrics.descender / metrics.unitsPerEm) * ADDRESS_TYPE.size) /
      (ADDRESS_TYPE.size * ADDRESS_TYPE.leading),
  );

/**
 * Whether the address prints whole in the envelope's window: each character in the font, each
 * line within its width, the block within its height. The faults by field, empty when it prints.
 */
export const addressFaults = (address: PostalAddress): Record<string, AddressFault> => {
  const faults: Record<string, AddressFault> = {};
  const parts: AddressLine[] = [
    { text: address.name, field: 'postalAddress.name' },
    ...address.lines.map((line, i) => ({ text: line, field: `postalAddress.lines.${i}` })),
    { text: address.postalCode, field: 'postalAddress.postalCode' },
    { text: address.city, field: 'postalAddress.city' },
    { text: address.country.toUpperCase(), field: 'postalAddress.country' },
  ];
  for (const part of parts) if (!printable(printed(part.text))) faults[part.field] = 'address_unprintable_character';
  const maxWidth = ADDRESS_WINDOW.widthMm * POINTS_PER_MM;
  for (const line of addressBlock(address)) if (!faults[line.field] && lineWidth(line.text) > maxWidth) faults[line.field] = 'address_line_too_long';
  if (addressBlock(address).length > MAX_ADDRESS_LINES) faults['postalAddress.lines'] = 'address_too_tall';
  return faults;
};
