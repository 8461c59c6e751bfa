import de from '../locales/de.json';
import en from '../locales/en.json';
import fr from '../locales/fr.json';
import it from '../locales/it.json';
import nl from '../locales/nl.json';
import type { Language } from './languages';

export type Catalogue = typeof fr;
export const CATALOGUES: Record<Language, Catalogue> = { fr, en, de, it, nl };

/** Every key of a catalogue as a dotted path ("email.passwordLink.subject"). */
export const catalogueKeys = (node: unknown, prefix = ''): string[] =>
  node !== null && typeof node === 'object'
    ? Object.entries(node).flatMap(([key, value]) => catalogueKeys(value, prefix ? `${prefix}.${key}` : key))
    : [prefix];

/**
 * The text of `key` in `language` with `{name}` placeholders filled in. A missing key is a
 * programming error (the locale test keeps every catalogue complete), so it throws.
 */
export const translate = (language: Language, key: string, params: Record<string, string | number> = {}): string => {
  const text = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], CATALOGUES[language]);
  if (typeof text !== 'string') throw new Error(`Missing message ${key} in ${language}`);
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => (name in params ? String(params[name]) : placeholder));
};

/** Formats an instant for a person, in their language and in Brussels time, as the PMO's letters and emails do. */
export const formatDateTime = (language: Language, date: Date): string =>
  new Intl.DateTimeFormat(`${language}-BE`, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Brussels' }).format(date) + ' (Bruxelles/Brussels)';
