import { html, nothing } from 'lit-html';
import { config, type Page } from '../app';
import { t } from '../i18n';
import { notification } from '../ui';
import { created } from './create-account';

/** Step 4: the account exists; the email comes after 15 minutes, from this sender. */
export const accountCreated: Page = {
  path: '/account-created',
  title: () => t('accountCreated.title'),
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('accountCreated.title')}</h1>
    ${notification(
      'success',
      t('accountCreated.notice'),
      html`${created.email ? html`<p>${t('accountCreated.sentTo', { email: created.email })}</p>` : nothing}
        <p>${t('accountCreated.wait')}</p>`,
    )}
    <p class="ecl-u-type-paragraph">${t('accountCreated.sender')} <strong class="pa-sender">${config().mailFrom}</strong></p>
    <p class="ecl-u-type-paragraph">${t('accountCreated.linkValidity')}</p>
    <p class="ecl-u-type-paragraph">${t('accountCreated.spam')}</p>
    <p class="ecl-u-type-paragraph">
      ${t('accountCreated.noEmail')} <a class="ecl-link" href="/lost-password">${t('signIn.lostPassword')}</a> ·
      <a class="ecl-link" href="/help">${t('menu.help')}</a>
    </p>
  `,
};
