import * as de from '../locales/de.json';
import * as en from '../locales/en.json';
import type frCatalogue from '../locales/fr.json';
import * as fr from '../locales/fr.json';
import * as it from '../locales/it.json';
import * as nl from '../locales/nl.json';
import { LANGUAGES, type Language } from './languages';

export type Catalogue = typeof frCatalogue;

/*
 * The catalogues by section. A section only some functions use is kept, by the same `define`s as
 * their adapters (shared/dependencies.ts), only in those that declare the access it serves: emails
 * in the functions that send them, SMS texts beside the SMS sender, the letter's text beside its
 * renderer, the OpenID pages in the provider. (esbuild keeps of a JSON module only the top-level
 * properties read by name.) Unset, as in tests and `npm start`, every section is there.
 */
const SECTIONS = {
  errors: { fr: fr.errors, en: en.errors, de: de.errors, it: it.errors, nl: nl.errors },
  fields: { fr: fr.fields, en: en.fields, de: de.fields, it: it.fields, nl: nl.fields },
  passwordRules: { fr: fr.passwordRules, en: en.passwordRules, de: de.passwordRules, it: it.passwordRules, nl: nl.passwordRules },
  email: process.env.PASSERELLE_SENDS_EMAIL !== 'false' ? { fr: fr.email, en: en.email, de: de.email, it: it.email, nl: nl.email } : undefined,
  factors: process.env.PASSERELLE_SENDS_EMAIL !== 'false' ? { fr: fr.factors, en: en.factors, de: de.factors, it: it.factors, nl: nl.factors } : undefined,
  sms: process.env.PASSERELLE_SENDS_SMS !== 'false' ? { fr: fr.sms, en: en.sms, de: de.sms, it: it.sms, nl: nl.sms } : undefined,
  letter: process.env.PASSERELLE_RENDERS_LETTERS !== 'false' ? { fr: fr.letter, en: en.letter, de: de.letter, it: it.letter, nl: nl.letter } : undefined,
  oidc: process.env.PASSERELLE_SIGNS_TOKENS !== 'false' ? { fr: fr.oidc, en: en.oidc, de: de.oidc, it: it.oidc, nl: nl.oidc } : undefined,
} satisfies Record<keyof Catalogue, Record<Language, unknown> | undefined>;

export const CATALOGUES = Object.fromEntries(
  LANGUAGES.map((language) => [
    language,
    Object.fromEntries(Object.entries(SECTIONS).flatMap(([section, texts]) => (texts ? [[section, texts[language]]] : []))),
  ]),
) as Record<Language, Catalogue>;

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

/** One formatter per language, made at first use: making one costs ~0.3 ms, using it ~3 µs. */
const dateTimeFormats = new Map<Language, Intl.DateTimeFormat>();

/** Formats an instant for a person, in their language and in Brussels time, as the PMO's letters and emails do. */
export const formatDateTime = (language: Language, date: Date): string => {
  let format = dateTimeFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(`${language}-BE`, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Brussels' });
    dateTimeFormats.set(language, format);
  }
  return `${format.format(date)} (Bruxelles/Brussels)`;
};
