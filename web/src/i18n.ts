import { DEFAULT_LANGUAGE, LANGUAGES, isLanguage, type Language } from '../../shared/domain/languages';
import de from '../locales/de.json';
import en from '../locales/en.json';
import fr from '../locales/fr.json';
import it from '../locales/it.json';
import nl from '../locales/nl.json';
// The API's own messages by code (only these sections are bundled): for redrawing them in another language.
import { errors as deErrors, fields as deFields, passwordRules as deRules } from '../../shared/locales/de.json';
import { errors as enErrors, fields as enFields, passwordRules as enRules } from '../../shared/locales/en.json';
import { errors as frErrors, fields as frFields, passwordRules as frRules } from '../../shared/locales/fr.json';
import { errors as itErrors, fields as itFields, passwordRules as itRules } from '../../shared/locales/it.json';
import { errors as nlErrors, fields as nlFields, passwordRules as nlRules } from '../../shared/locales/nl.json';

export { LANGUAGES, type Language };

/** Every page text, per language. A test keeps the five catalogues' keys and placeholders equal. */
const CATALOGUES: Record<Language, unknown> = { fr, en, de, it, nl };
const STORAGE_KEY = 'passerelle.language';
const API_MESSAGES: Record<Language, Record<'errors' | 'fields' | 'passwordRules', Record<string, string>>> = {
  fr: { errors: frErrors, fields: frFields, passwordRules: frRules },
  en: { errors: enErrors, fields: enFields, passwordRules: enRules },
  de: { errors: deErrors, fields: deFields, passwordRules: deRules },
  it: { errors: itErrors, fields: itFields, passwordRules: itRules },
  nl: { errors: nlErrors, fields: nlFields, passwordRules: nlRules },
};

const initialLanguage = (): Language => {
  const asked = new URLSearchParams(location.search).get('lang');
  if (isLanguage(asked)) return asked;
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage may be disabled: the default language then.
  }
  return DEFAULT_LANGUAGE;
};

let current: Language = initialLanguage();

export const language = (): Language => current;

export const setLanguage = (next: Language) => {
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Not remembered: the page still switches.
  }
};

// A language asked for by the address (?lang=en) is a choice like the header's: kept for later visits,
// such as the one the emailed link starts.
if (new URLSearchParams(location.search).has('lang')) setLanguage(current);

const lookup = (catalogue: unknown, key: string): unknown =>
  key.split('.').reduce<unknown>((node, part) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined), catalogue);

/** The page text for `key` in the current language, with {placeholders} filled in. */
export const t = (key: string, vars: Record<string, string | number> = {}): string => {
  const text = lookup(CATALOGUES[current], key);
  if (typeof text !== 'string') return key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
};

/** A message drawn in the page's language of the moment it is drawn. */
export type Message = () => string;

/**
 * An API message by its code: the server's text, sent in the page's language of the request, is
 * redrawn from the same catalogue (shared/locales) when the person switches language afterwards.
 */
export const apiMessage =
  (section: 'errors' | 'fields' | 'passwordRules', code: string, sent: string): Message =>
  () =>
    API_MESSAGES[current][section][code] ?? sent;

/** A list of texts (for steps and bullet points). */
export const list = (key: string): string[] => {
  const items = lookup(CATALOGUES[current], key);
  return Array.isArray(items) ? items.map(String) : [];
};

// Dates are Brussels dates: that is where the PMO's calendar runs, whatever the browser's zone.
const TIME_ZONE = 'Europe/Brussels';

/** "jeudi 26 novembre 2026 à 17:46" in the page's language, Brussels time. */
export const dateTime = (iso: string): string =>
  new Intl.DateTimeFormat(current, { dateStyle: 'full', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(iso));

/** "26 novembre 2026 à 17:46": for lists and timelines, where the weekday would crowd. */
export const shortDateTime = (iso: string): string =>
  new Intl.DateTimeFormat(current, { dateStyle: 'long', timeStyle: 'short', timeZone: TIME_ZONE }).format(new Date(iso));

/** "26 novembre 2026" in the page's language, Brussels time. */
export const date = (iso: string): string => new Intl.DateTimeFormat(current, { dateStyle: 'long', timeZone: TIME_ZONE }).format(new Date(iso));
