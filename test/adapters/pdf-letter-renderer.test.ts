import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { pdfLetterRenderer } from '#adapters/pdf-letter-renderer';
import { LANGUAGES } from '#domain/languages';

const letter = (name: string, language: (typeof LANGUAGES)[number] = 'fr') => ({
  language,
  address: { name, lines: ['Οδός Ερμού 12', 'ul. Świętokrzyska 3'], postalCode: '10563', city: 'Αθήνα', country: 'Ελλάδα' },
  code: 'ABCD-EFGH-JKLM-NPQR',
  date: new Date('2027-03-01T10:00:00Z'),
  username: 'npapadge',
});

describe('the registered letter (pdf-lib)', () => {
  const renderer = pdfLetterRenderer('https://passerelle.example.eu');

  it.each(['Γεώργιος Παπαδόπουλος', 'Łukasz Wałęsa', 'Ștefan Țurcanu', 'Иван Петров', 'Zoë Ní Bhriain'])(
    'draws %s exactly, with an embedded Unicode font',
    async (name) => {
      const { pdf, text } = await renderer.render(letter(name));
      expect(text.split('\n')[0]).toBe(name);
      const document = await PDFDocument.load(pdf);
      expect(document.getPageCount()).toBe(1);
      const fontNames = document.context
        .enumerateIndirectObjects()
        .map(([, object]) => (object instanceof PDFDict ? object.get(PDFName.of('FontName')) : undefined))
        .filter((name) => name !== undefined)
        .map(String);
      // pdf-lib names its subsets /DejaVuSans-1234.
      expect(fontNames.map((fontName) => fontName.replace(/-\d+$/, '')).sort()).toEqual(['/DejaVuSans', '/DejaVuSans-Bold', '/DejaVuSansMono-Bold']);
    },
  );

  it.each(LANGUAGES)('is written in %s with the code, the steps and the 6-month rule', async (language) => {
    const { text } = await renderer.render(letter('Anna Rossi', language));
    expect(text).toContain('ABCD-EFGH-JKLM-NPQR');
    expect(text).toContain('npapadge');
    expect(text).toContain('https://passerelle.example.eu');
    expect(text).toMatch(/6/);
  });
});
