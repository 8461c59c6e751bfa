import { html } from 'lit-html';
import { type Page } from '../app';
import { list, t } from '../i18n';
import { notification } from '../ui';

/** The privacy statement the "Créer un compte" checkbox links to. */
export const privacy: Page = {
  path: '/privacy',
  title: () => t('privacy.title'),
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('privacy.title')}</h1>
    ${list('privacy.sections').map((section, index) =>
      index % 2 === 0 ? html`<h2 class="ecl-u-type-heading-3">${section}</h2>` : html`<p class="ecl-u-type-paragraph">${section}</p>`,
    )}
  `,
};

let erasedJustNow = false;
let showErased = false;
/** The account was just deleted: the next signed-out page says so, once. */
export const markAccountErased = () => {
  erasedJustNow = true;
};

/** After "Déconnexion", or the account's deletion. */
export const signedOut: Page = {
  path: '/signed-out',
  title: () => t('signedOut.title'),
  enter: (_query, again) => {
    if (again) return; // the clock moved: what it says stays
    showErased = erasedJustNow;
    erasedJustNow = false;
  },
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('signedOut.title')}</h1>
    ${notification('success', showErased ? t('signedOut.erased') : t('signedOut.notice'))}
    <p class="ecl-u-type-paragraph"><a class="ecl-link" href="/sign-in">${t('signIn.connect')}</a></p>
  `,
};

/** Any other address. */
export const notFound: Page = {
  path: '*',
  title: () => t('notFound.title'),
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('notFound.title')}</h1>
    <p class="ecl-u-type-paragraph">${t('notFound.text')}</p>
    <p class="ecl-u-type-paragraph"><a class="ecl-link" href="/">${t('menu.home')}</a></p>
  `,
};
