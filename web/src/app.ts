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
  enter?: (query: URLSearchParams) => Promise<void> | void;
  view: () => TemplateResult;
}

export const AUTONYMS: Record<Language, string> = { fr: 'français', en: 'English', de: 'Deutsch', it: 'italiano', nl: 'Nederlands' };

const state: { me?: Me; config: SiteConfig; page?: Page; entering: boolean; pages: Page[]; extras: Array<() => TemplateResult | typeof nothing> } = {
  config: { mailFrom: '', local: false },
  entering: true,
  pages: [],
  extras: [],
};

export const me = () => state.me;
export const config = () => state.config;

/** Reloads who is signed in (after sign-in, sign-out, or when the API says the session ended). */
export const loadMe = async () => {
  const result = await api<Me>('GET', '/me');
  state.me = result.ok ? result.data : undefined;
  return state.me;
};

export const forgetMe = () => {
  state.me = undefined;
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

const show = async ({ keepFocus = false } = {}) => {
  const page = pageFor(location.pathname);
  // A reload keeps the page on screen (and what was typed in it) while its data comes.
  const again = keepFocus && state.page === page && !state.entering;
  state.page = page;
  state.entering = !again;
  refresh();
  const ready = await allowed(page);
  if (ready) await page.enter?.(new URLSearchParams(location.search));
  state.entering = false;
  document.title = `${page.title()} - Passerelle`;
  refresh();
  if (!keepFocus) {
    // For screen readers and keyboards, a new page starts at its heading, as a full load would.
    document.querySelector<HTMLElement>('main h1')?.focus();
    window.scrollTo(0, 0);
  }
};

const blocked: { reason?: 'step_up' | 'forbidden' } = {};

const allowed = async (page: Page): Promise<boolean> => {
  blocked.reason = undefined;
  if (!page.needs) return true;
  const hadSession = Boolean(state.me);
  const who = await loadMe();
  if (!who) {
    navigate(`/sign-in?next=${encodeURIComponent(location.pathname)}${hadSession ? '&expired=1' : ''}`, { replace: true });
    return false;
  }
  if ((page.needs === 'sms' || page.needs === 'pmo') && who.session.assurance !== 'sms') blocked.reason = 'step_up';
  else if (page.needs === 'pmo' && !who.roles.includes('pmo')) blocked.reason = 'forbidden';
  return !blocked.reason;
};

const blockedView = (page: Page) =>
  html`<h1 class="ecl-u-type-heading-1" tabindex="-1">${page.title()}</h1>
    ${blocked.reason === 'step_up'
      ? notification(
          'warning',
          t('shell.stepUpTitle'),
          html`<p>${t('shell.stepUpText')}</p>
            <p><a class="ecl-link" href="/sign-in?next=${encodeURIComponent(page.path)}">${t('signIn.connect')}</a></p>`,
        )
      : notification('error', t('shell.forbiddenTitle'), t('shell.forbiddenText'))}`;

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
  await api('DELETE', '/sessions/current');
  state.me = undefined;
  navigate('/signed-out');
};

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
              ${state.me
                ? html`<span class="pa-session__who">${icon('logged-in')} ${state.me.firstName} ${state.me.lastName} (${state.me.username})</span>
                    <button type="button" class="ecl-button ecl-button--secondary" @click=${signOut}>${t('shell.signOut')}</button>`
                : html`<a class="ecl-button ecl-button--secondary pa-link-button" href="/sign-in">${icon('log-in')} ${t('signIn.connect')}</a>`}
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
  const content = !page || state.entering ? loading() : blocked.reason ? blockedView(page) : page.view();
  return html`<a class="ecl-skip-link" href="#main" @click=${skipToMain}>${t('shell.skip')}</a>
    ${state.extras.map((extra) => extra())} ${header()}
    <main id="main" class="ecl-container pa-main" tabindex="-1">${content}</main>
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
  const [config] = await Promise.all([fetch('/config.json').then((r) => (r.ok ? r.json() : undefined)).catch(() => undefined), loadMe()]);
  if (config) state.config = config as SiteConfig;
  await configured?.();
  await show({ keepFocus: true });
};
