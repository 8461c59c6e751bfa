import { CATALOGUES, catalogueKeys, translate } from '#domain/i18n';
import { LANGUAGES, negotiateLanguage } from '#domain/languages';

const placeholders = (language: (typeof LANGUAGES)[number], key: string) => [...translate(language, key).matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('locale catalogues', () => {
  const reference = catalogueKeys(CATALOGUES.fr).sort();

  it.each(LANGUAGES)('%s has exactly the keys of fr', (language) => {
    expect(catalogueKeys(CATALOGUES[language]).sort()).toEqual(reference);
  });

  it.each(LANGUAGES)('%s uses the same placeholders as fr in every message', (language) => {
    for (const key of reference) expect([key, placeholders(language, key)]).toEqual([key, placeholders('fr', key)]);
  });

  it('fills placeholders', () => {
    expect(translate('en', 'email.passwordLink.subject')).toBe('Create your Passerelle password');
    expect(translate('fr', 'email.registrationAttempt.text', { firstName: 'Éric', lastName: 'Fre', username: 'nericfre', signInLink: 'x' })).toContain(
      'Bonjour Éric Fre',
    );
  });

  it('throws on a missing key rather than show a key to a person', () => {
    expect(() => translate('fr', 'errors.nope')).toThrow('Missing message');
  });
});

describe('negotiateLanguage', () => {
  it('takes the first supported language by quality', () => {
    expect(negotiateLanguage('es-ES,es;q=0.9,de;q=0.8,en;q=0.7')).toBe('de');
    expect(negotiateLanguage('en;q=0.1, nl')).toBe('nl');
  });
  it('falls back to French', () => {
    expect(negotiateLanguage(undefined)).toBe('fr');
    expect(negotiateLanguage('ja')).toBe('fr');
  });
});
