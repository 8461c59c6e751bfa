import type { Profile } from '../../shared/domain/profile';
import { html, nothing, render, type TemplateResult } from 'lit-html';
import { api, onSessionEnded } from './api';
import { LANGUAGES, language, setLanguage, t, type Language } from './i18n';
import { icon, loading, notification } from './ui';

/** What GET /api/v1/me returns: the domain's own type (a type only; nothing of the server is bundled). */
export type Me = Profile;

/** /config.json: set by the local runtime or by CDK at deploy. */
export interface SiteConfig {
  mailFrom: string;
  local: boolean;
}

/**
 * A page: a path anyone can open by a link, what it needs (a session, an SMS-proven session, the PMO
 * role), what it loads when entered, and its view. Pages keep their own state in their module.
 */
export interface Page {
  path: string;
  title: () => string;
  needs?: 'session' | 'sms' | 'pmo';
  /** `again` when the same page is loaded anew (the clock moved): a flow in progress keeps its step. */
  enter?: (query: URLSearchParams, again: boolean) => Promise<void> | void;
  view: () => TemplateResult;
}

export const AUTONYMS: Record<Language, string> = { fr: 'français', en: 'English', de: 'Deutsch', it: 'italiano', nl: 'Nederlands' };

const state: {
  me?: Me;
  config: SiteConfig;
  page?: Page;
  entering: boolean;
  blocked?: 'step_up' | 'forbidden';
  failure?: string;
  notice?: string;
  signingOut?: boolean;
  pages: Page[];
  extras: Array<() => TemplateResult | typeof nothing>;
} = {
  config: { mailFrom: '', local: false },
  entering: true,
  pages: [],
  extras: [],
};

export const me = () => state.me;
export const config = () => state.config;

/**
 * Reloads who is signed in (after sign-in, sign-out, or when the API says the session ended). Only
 * a 401 means "signed out": a network hiccup keeps what was known.
 */
export const loadMe = async () => {
  const result = await api<Me>('GET', '/me');
  if (result.ok) state.me = result.data;
  else if (result.status === 401) state.me = undefined;
  return state.me;
};

/** Draws the current page again, after its state changed. */
export const refresh = () => render(shell(), document.getElementById('app')!);

/** Goes to a page, as a link would, keeping the browser's history. */
export const navigate = (path: string, { replace = false } = {}) => {
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  void show();
};

/** Re-enters the current page: its data is loaded again (after the clock moved, for example). */
export const reload = () => show({ keepFocus: true });

const pageFor = (path: string) => state.pages.find((page) => page.path === path) ?? state.pages.find((page) => page.path === '*')!;

// Each navigation has a number: when a slower one ends after a newer one began, it steps aside.
let navigation = 0;

const show = async ({ keepFocus = false } = {}) => {
  const current = ++navigation;
  const page = pageFor(location.pathname);
  // A reload keeps the page on screen (and what was typed in it) while its data comes.
  const again = keepFocus && state.page === page && !state.entering;
  state.page = page;
  state.entering = !again;
  state.failure = undefined;
  if (!keepFocus) state.notice = undefined;
  refresh();
  try {
    const verdict = await allowed(page);
    // A redirect started a newer navigation: this one is over.
    if (current !== navigation || verdict === 'redirected') return;
    state.blocked = verdict === 'ok' ? undefined : verdict;
    if (verdict === 'ok') await page.enter?.(new URLSearchParams(location.search), again);
  } catch {
    // A page that cannot load says so rather than spin for ever.
    state.failure = t('errors.unexpected');
  }
  if (current !== navigation) return;
  state.entering = false;
  document.title = `${page.title()} - Passerelle`;
  refresh();
  if (!keepFocus) {
    // For screen readers and keyboards, a new page starts at its heading, as a full load would;
    // a link to a part of a page (/account#phoneNumber) starts there.
    const target =
      (location.hash.length > 1 && !location.hash.includes('=') && document.getElementById(location.hash.slice(1))) ||
      document.querySelector<HTMLElement>('main h1');
    window.scrollTo(0, 0);
    target?.focus();
  }
};

type Verdict = 'ok' | 'step_up' | 'forbidden' | 'redirected';

const allowed = async (page: Page): Promise<Verdict> => {
  if (!page.needs) return 'ok';
  const hadSession = Boolean(state.me);
  const who = await loadMe();
  if (!who) {
    navigate(`/sign-in?next=${encodeURIComponent(location.pathname)}${hadSession ? '&expired=1' : ''}`, { replace: true });
    return 'redirected';
  }
  // Any second factor will do (an SMS code, a recovery code): only a password alone is not enough.
  if ((page.needs === 'sms' || page.needs === 'pmo') && who.session.assurance === 'password') return 'step_up';
  if (page.needs === 'pmo' && !who.roles.includes('pmo')) return 'forbidden';
  return 'ok';
};

const blockedView = (page: Page) =>
  html`<h1 class="ecl-u-type-heading-1" tabindex="-1">${page.title()}</h1>
    ${
      state.blocked === 'step_up'
        ? notification(
            'warning',
            t('shell.stepUpTitle'),
            html`<p>${t('shell.stepUpText')}</p>
              <p><a class="ecl-link" href="/sign-in?next=${encodeURIComponent(page.path)}">${t('signIn.connect')}</a></p>`,
          )
        : notification('error', t('shell.forbiddenTitle'), t('shell.forbiddenText'))
    }`;

const switchLanguage = (next: Language) => (event: Event) => {
  event.preventDefault();
  setLanguage(next);
  document.documentElement.lang = next;
  document.title = `${state.page?.title() ?? ''} - Passerelle`;
  // Only the texts change: what was typed stays. Messages already received from the API stay in
  // the language they came in until the next answer.
  refresh();
};

const signOut = async () => {
  if (state.signingOut) return;
  state.signingOut = true;
  state.notice = undefined;
  refresh();
  const result = await api('DELETE', '/sessions/current');
  state.signingOut = false;
  // Only a session the server has closed is over; on a shared computer, saying so otherwise would be a lie.
  if (!result.ok && result.status !== 401) {
    state.notice = result.error.message;
    refresh();
    requestAnimationFrame(() => document.getElementById('shell-notice')?.focus());
    return;
  }
  leave();
};

/** The server has ended this browser's session (sign out, sign out everywhere): pages forget, and say so. */
export const leave = () => {
  state.me = undefined;
  signedOutListeners.forEach((listener) => listener());
  navigate('/signed-out');
};

const signedOutListeners: Array<() => void> = [];

/** Pages forget what the previous person typed when someone signs out. */
export const onSignedOut = (listener: () => void) => signedOutListeners.push(listener);

const menu = () => {
  const items: Array<[string, string]> = [
    ['/', t('menu.home')],
    ['/account', t('menu.account')],
    ['/rcam', t('menu.rcam')],
    ...(state.me?.roles.includes('pmo') ? ([['/pmo', t('menu.pmo')]] as Array<[string, string]>) : []),
    ['/help', t('menu.help')],
  ];
  return html`<nav class="pa-menu" aria-label=${t('shell.menu')}>
    <ul class="ecl-container">
      ${items.map(([path, text]) => html`<li><a href=${path} aria-current=${location.pathname === path ? 'page' : nothing}>${text}</a></li>`)}
    </ul>
  </nav>`;
};

const header = () => {
  const current = language();
  return html`<header class="ecl-site-header pa-header">
    <div class="ecl-site-header__header">
      <div class="ecl-site-header__container ecl-container">
        <div class="ecl-site-header__top pa-header__top">
          <a class="ecl-link ecl-link--standalone ecl-site-header__logo-link" href="/">
            <img class="ecl-site-header__logo-image" src="/ecl/logo/logo-ec--${current}.svg" alt=${t('shell.logoAlt')} width="240" height="68" />
          </a>
          <div class="pa-header__actions">
            <nav aria-label=${t('shell.languages')}>
              <ul class="pa-languages">
                ${LANGUAGES.map(
                  (code) =>
                    html`<li>
                      <a href="?lang=${code}" lang=${code} hreflang=${code} aria-current=${code === current ? 'true' : nothing} @click=${switchLanguage(code)}
                        ><span class="pa-languages__code" aria-hidden="true">${code.toUpperCase()}</span> ${AUTONYMS[code]}</a
                      >
                    </li>`,
                )}
              </ul>
            </nav>
            <div class="pa-session">
              ${
                state.me
                  ? html`<span class="pa-session__who">${icon('logged-in')} ${state.me.firstName} ${state.me.lastName} (${state.me.username})</span>
                      <button
                        type="button"
                        class="ecl-button ecl-button--secondary"
                        ?disabled=${state.signingOut}
                        aria-busy=${state.signingOut ? 'true' : 'false'}
                        @click=${signOut}
                      >
                        ${t('shell.signOut')}
                      </button>`
                  : html`<a class="ecl-button ecl-button--secondary pa-link-button" href="/sign-in">${icon('log-in')} ${t('signIn.connect')}</a>`
              }
            </div>
          </div>
        </div>
      </div>
    </div>
    <div class="ecl-site-header__banner pa-banner">
      <div class="ecl-container">
        <p class="ecl-site-header__site-name">Passerelle</p>
        <p class="pa-banner__tagline">${t('shell.tagline')}</p>
      </div>
    </div>
    ${menu()}
  </header>`;
};

const footer = () =>
  html`<footer class="ecl-site-footer pa-footer">
    <div class="ecl-container">
      <ul class="ecl-site-footer__list ecl-site-footer__list--inline">
        <li class="ecl-site-footer__list-item"><a class="ecl-link ecl-link--standalone ecl-site-footer__link" href="/help">${t('menu.help')}</a></li>
        <li class="ecl-site-footer__list-item"><a class="ecl-link ecl-link--standalone ecl-site-footer__link" href="/privacy">${t('privacy.title')}</a></li>
      </ul>
      <p class="pa-footer__owner">${t('shell.footer')}</p>
    </div>
  </footer>`;

const shell = () => {
  const page = state.page;
  const content =
    !page || state.entering
      ? loading()
      : state.failure
        ? html`<h1 class="ecl-u-type-heading-1" tabindex="-1">${page.title()}</h1>
            ${notification('error', state.failure)}`
        : state.blocked
          ? blockedView(page)
          : page.view();
  return html`<a class="ecl-skip-link" href="#main" @click=${skipToMain}>${t('shell.skip')}</a>
    ${state.extras.map((extra) => extra())} ${header()}
    <main id="main" class="ecl-container pa-main" tabindex="-1">
      ${state.notice ? html`<div id="shell-notice" tabindex="-1">${notification('error', state.notice)}</div>` : nothing}${content}
    </main>
    ${footer()}`;
};

const skipToMain = (event: Event) => {
  event.preventDefault();
  document.getElementById('main')?.focus();
};

/** Starts the client: routes, links handled in the page, the config and the session loaded. */
export const start = async (pages: Page[], extras: Array<() => TemplateResult | typeof nothing> = [], configured?: () => Promise<void>) => {
  state.pages = pages;
  state.extras = extras;
  document.documentElement.lang = language();
  document.addEventListener('click', (event) => {
    const link = (event.target as Element).closest?.('a');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const url = new URL(link.href, location.href);
    if (url.origin !== location.origin || link.target || link.hasAttribute('download')) return;
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/_local/') || (url.pathname === location.pathname && url.hash)) return;
    event.preventDefault();
    navigate(url.pathname + url.search + url.hash);
  });
  window.addEventListener('popstate', () => void show());
  // A session that ends while a page is open: back to "Connexion", which says why, then back here.
  onSessionEnded(() => {
    state.me = undefined;
    if (state.page?.needs) navigate(`/sign-in?next=${encodeURIComponent(location.pathname)}&expired=1`, { replace: true });
  });
  const [config] = await Promise.all([
    fetch('/config.json')
      .then((r) => (r.ok ? (r.json() as Promise<unknown>) : undefined))
      .catch(() => undefined),
    loadMe(),
  ]);
  if (config) state.config = config as SiteConfig;
  await configured?.();
  await show({ keepFocus: true });
};
