import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { translate } from '#domain/i18n';
import { ADDRESS_TYPE, ADDRESS_WINDOW, addressBlock } from '#domain/letter-layout';
import type { LetterContent, LetterRenderer } from '#domain/letters-ports';

const MM = 72 / 25.4;
const A4 = { width: 210 * MM, height: 297 * MM };
const MARGIN = 25 * MM;

/** DejaVu covers Latin, Greek and Cyrillic: every name and address of the EU's staff. */
export const LETTER_FONTS = { regular: 'DejaVuSans.ttf', bold: 'DejaVuSans-Bold.ttf', mono: 'DejaVuSansMono-Bold.ttf' } as const;

/**
 * The font files: beside the Lambda bundle (fonts/, copied there at synth), else from the
 * dejavu-fonts-ttf package (local runtime, tests).
 */
const readFont = (file: string): Uint8Array => {
  const shipped = path.join(__dirname, 'fonts', file);
  if (existsSync(shipped)) return readFileSync(shipped);
  return readFileSync(path.join(path.dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', file));
};

/*
 * Reading and parsing the three fonts cost more than the rest of a letter (about 100 ms of the
 * CPU each time): a container reads each file once and parses it once, and each letter embeds its
 * own subset of the parsed font (pdf-lib asks its fontkit to parse the bytes it is given).
 */
const fontFiles = new Map<string, Uint8Array>();
const fontBytes = (file: string): Uint8Array => {
  let bytes = fontFiles.get(file);
  if (!bytes) fontFiles.set(file, (bytes = readFont(file)));
  return bytes;
};
type Fontkit = Parameters<PDFDocument['registerFontkit']>[0];
const parsedFonts = new WeakMap<Uint8Array, ReturnType<Fontkit['create']>>();
const parsingOnce = (fontkit: Fontkit): Fontkit => ({
  create: (bytes, postscriptName) => {
    if (postscriptName !== undefined) return fontkit.create(bytes, postscriptName);
    let font = parsedFonts.get(bytes);
    if (!font) parsedFonts.set(bytes, (font = fontkit.create(bytes)));
    return font;
  },
});

const wrap = (font: PDFFont, size: number, text: string, width: number): string[] => {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    const candidate = line ? `${line} ${word}` : word;
    if (font.widthOfTextAtSize(candidate, size) > width && line) {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
};

/** The registered letter with the RCAM code, as a one-page A4 PDF (pdf-lib), and its plain text. */
export const pdfLetterRenderer = (publicOrigin: string): LetterRenderer => ({
  render: async (letter: LetterContent) => {
    // Loaded when a letter is written, not when any function starts.
    const { PDFDocument, rgb } = await import('pdf-lib');
    const fontkit = (await import('@pdf-lib/fontkit')).default;
    const t = (key: string) =>
      translate(letter.language, `letter.${key}`, {
        origin: publicOrigin,
        username: letter.username,
        date: new Intl.DateTimeFormat(`${letter.language}-BE`, { dateStyle: 'long', timeZone: 'Europe/Brussels' }).format(letter.date),
      });
    // The lines the approval measured (shared/domain/letter-layout.ts): they fit the window.
    const address = addressBlock(letter.address).map((line) => line.text);
    const paragraphs = ['greeting', 'intro'].map(t);
    const after = ['steps', 'window', 'after'].map(t);
    const text = [...address, '', t('dateLine'), '', t('title'), '', ...paragraphs, '', letter.code, '', ...after, '', t('closing')].join('\n');

    const pdf = await PDFDocument.create();
    pdf.setTitle(t('title'));
    pdf.setLanguage(letter.language);
    pdf.setCreationDate(letter.date);
    pdf.setModificationDate(letter.date);
    pdf.registerFontkit(parsingOnce(fontkit));
    const [regular, bold, mono] = await Promise.all(
      [LETTER_FONTS.regular, LETTER_FONTS.bold, LETTER_FONTS.mono].map((file) => pdf.embedFont(fontBytes(file), { subset: true })),
    );
    const page = pdf.addPage([A4.width, A4.height]);
    let y = A4.height - ADDRESS_WINDOW.firstBaselineMm * MM;
    const write = (font: PDFFont, size: number, content: string, x = MARGIN, gap = 1.45, width = A4.width - x - MARGIN) => {
      for (const line of wrap(font, size, content, width)) {
        page.drawText(line, { x, y, size, font, color: rgb(0, 0, 0) });
        y -= size * gap;
      }
    };
    // The address sits where a C5/6 window envelope shows it.
    for (const line of address) write(regular, ADDRESS_TYPE.size, line, ADDRESS_WINDOW.leftMm * MM, ADDRESS_TYPE.leading, ADDRESS_WINDOW.widthMm * MM);
    y -= 12 * MM;
    write(regular, 11, t('dateLine'), ADDRESS_WINDOW.leftMm * MM);
    y -= 8 * MM;
    write(bold, 15, t('title'));
    y -= 4 * MM;
    for (const paragraph of paragraphs) {
      write(regular, 11, paragraph);
      y -= 2 * MM;
    }
    y -= 4 * MM;
    write(mono, 22, letter.code, MARGIN + 15 * MM);
    y -= 6 * MM;
    for (const paragraph of after) {
      write(regular, 11, paragraph);
      y -= 2 * MM;
    }
    y -= 8 * MM;
    write(regular, 11, t('closing'));
    // One page: no need to yield to the event loop while writing it.
    return { pdf: await pdf.save({ objectsPerTick: Number.POSITIVE_INFINITY }), text };
  },
});
