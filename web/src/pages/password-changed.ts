import { html } from 'lit-html';
import { type Page } from '../app';
import { t } from '../i18n';
import { notification } from '../ui';

/** Step 7: the password is accepted; continue to register a mobile phone. */
export const passwordChanged: Page = {
  path: '/password-changed',
  title: () => t('passwordChanged.title'),
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('passwordChanged.title')}</h1>
    ${notification('success', t('passwordChanged.notice'))}
    <p class="ecl-u-type-paragraph">${t('passwordChanged.next')}</p>
    <a class="ecl-button ecl-button--primary pa-link-button" href="/account#phoneNumber">${t('passwordChanged.continue')}</a>
  `,
};
