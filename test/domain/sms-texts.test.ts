import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES } from '#domain/languages';
import { smsParts } from '../../tools/cost/report';

const smsTexts = (language: string): Record<string, string> =>
  (JSON.parse(readFileSync(join(__dirname, '..', '..', 'shared', 'locales', `${language}.json`), 'utf8')) as { sms: Record<string, string> }).sms;

/**
 * Every SMS is billed by the part: a text with one character outside GSM-7 (« », a capital È) is
 * sent as UCS-2, 70 characters a part, and costs two. Each text, filled with its longest values,
 * must go as one GSM-7 part in every language.
 */
describe('the SMS texts', () => {
  it.each(LANGUAGES)('fit in one SMS part in %s', (language) => {
    for (const [key, text] of Object.entries(smsTexts(language))) {
      const filled = text.replace('{code}', 'WWWW-WWWW').replace('{minutes}', '30');
      expect({ key, parts: smsParts(filled) }).toEqual({ key, parts: 1 });
    }
  });
});
