import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LANGUAGES } from '#domain/languages';
import { RCAM_STATUSES } from '#domain/rcam-ports';

const WEB = join(__dirname, '..', '..', 'web');
const catalogue = (language: string): unknown => JSON.parse(readFileSync(join(WEB, 'locales', `${language}.json`), 'utf8'));

/** Every leaf of a catalogue as [key, text]; list items are keys too (rcam.instructions.0). */
const leaves = (node: unknown, prefix = ''): Array<[string, string]> =>
  typeof node === 'string'
    ? [[prefix, node]]
    : Object.entries(node as Record<string, unknown>).flatMap(([key, child]) => leaves(child, prefix ? `${prefix}.${key}` : key));

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : entry.name.endsWith('.ts') ? [join(dir, entry.name)] : [],
  );

describe('the web client locale catalogues', () => {
  const reference = leaves(catalogue('fr'));
  const referenceKeys = reference.map(([key]) => key);

  it.each(LANGUAGES)('%s has exactly the keys of fr, with the same placeholders, and no empty text', (language) => {
    const texts = leaves(catalogue(language));
    expect(texts.map(([key]) => key)).toEqual(referenceKeys);
    const fr = new Map(reference);
    for (const [key, text] of texts) {
      expect([key, placeholders(text)]).toEqual([key, placeholders(fr.get(key)!)]);
      expect([key, text.trim().length > 0]).toEqual([key, true]);
    }
  });

  it('has every key the pages ask for, so that no page ever shows a raw key', () => {
    const code = sources(join(WEB, 'src'))
      .map((file) => readFileSync(file, 'utf8'))
      .join('\n');
    const asked = [...code.matchAll(/\b(?:t|list)\('([\w.]+)'/g)].map((m) => m[1]);
    expect(asked.length).toBeGreaterThan(100);
    const known = new Set(referenceKeys.flatMap((key) => [key, key.replace(/\.\d+$/, '')]));
    expect(asked.filter((key) => !known.has(key))).toEqual([]);
  });

  it('names every state a request can be in, every method of the manual, every office', () => {
    const keys = new Set(referenceKeys);
    for (const status of RCAM_STATUSES) expect([status, keys.has(`rcam.status.${status}`) && keys.has(`rcam.statusText.${status}`)]).toEqual([status, true]);
    for (const ended of ['rejected', 'review_expired', 'letter_undelivered', 'code_expired']) expect(keys.has(`rcam.endedText.${ended}`)).toBe(true);
    for (const method of ['password', 'mobile_app', 'software_token', 'sms', 'token', 'cram']) expect(keys.has(`signIn.methods.${method}`)).toBe(true);
    for (const office of ['brussels', 'luxembourg', 'ispra']) expect(keys.has(`help.offices.${office}.name`)).toBe(true);
  });

  it("uses the manual's French wording for what it names", () => {
    const fr = new Map(reference);
    const manual = [
      'Créer un compte',
      'Prénom',
      'Nom de famille',
      'Courrier électronique',
      "Confirmer l'adresse électronique",
      'Langue des courriels',
      'Saisir le code',
      'Nouveau mot de passe',
      'Confirmer le nouveau mot de passe',
      'Soumettre',
      'Mot de passe perdu?',
      "Méthode d'authentification",
      'Téléphone portable',
      'Connexion',
      'Déconnexion',
      'Numéro de matricule',
      'Numéro de matricule (validation)',
      'Date de naissance (JJ/MM/AAAA)',
      'Envoyer',
      'Continuer',
      'Finaliser',
      'Annuler',
      'Suivant',
      "Générer d'autres mots de passe d'exemple",
      'Jeton logiciel',
      'Application mobile ECAS',
      "Dispositif d'authentification CRAM",
      'Code «challenge» reçu par SMS',
      'Authentification par code «challenge» reçu par SMS',
      "Demande d'un code",
    ];
    const texts = new Set(fr.values());
    expect(manual.filter((wording) => !texts.has(wording))).toEqual([]);
  });
});
