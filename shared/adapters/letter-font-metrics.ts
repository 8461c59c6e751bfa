import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import fontkit from '@pdf-lib/fontkit';
import { LETTER_FONTS } from './pdf-letter-renderer';

/** The font file the address is printed in, from the dejavu-fonts-ttf package. */
const addressFontFile = () => path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', LETTER_FONTS.regular);

/** Where the extracted metrics live: beside the domain rule that reads them. */
export const METRICS_FILE = path.join(__dirname, '..', 'domain', 'letter-font-metrics.json');

/**
 * The advance width of every character of the address font, in font units, as runs of
 * consecutive code points `[first, width, width, ...]`: what pdf-lib adds up to measure and
 * place text (it draws glyph advances, without kerning). Extracted once, so that the domain can
 * tell whether an address prints without loading pdf-lib or the 750 kB font.
 */
export const extractAddressFontMetrics = () => {
  const font = fontkit.create(readFileSync(addressFontFile()));
  const codePoints = [...font.characterSet].sort((a, b) => a - b);
  const runs: number[][] = [];
  for (const codePoint of codePoints) {
    const last = runs.at(-1);
    const width = font.glyphForCodePoint(codePoint).advanceWidth;
    if (last && last[0] + last.length - 1 === codePoint) last.push(width);
    else runs.push([codePoint, width]);
  }
  return { font: LETTER_FONTS.regular, unitsPerEm: font.unitsPerEm, descender: font.descent, advances: runs };
};

/** The file's text: one run per line, so that a font upgrade reads as a diff. */
export const formatMetrics = (metrics: ReturnType<typeof extractAddressFontMetrics>): string =>
  [
    '{',
    `  "font": ${JSON.stringify(metrics.font)},`,
    `  "unitsPerEm": ${metrics.unitsPerEm},`,
    `  "descender": ${metrics.descender},`,
    '  "advances": [',
    metrics.advances.map((run) => `    ${JSON.stringify(run)}`).join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');

// npx tsx shared/adapters/letter-font-metrics.ts: writes the file again (after a font upgrade).
if (require.main === module) writeFileSync(METRICS_FILE, formatMetrics(extractAddressFontMetrics()));
