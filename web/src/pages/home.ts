import { html } from 'lit-html';
import { me, type Page } from '../app';
import { list, t } from '../i18n';
import { icon } from '../ui';

const step = (number: number, title: string, text: string, href: string, action: string) =>
  html`<li class="pa-step">
    <h2 class="ecl-u-type-heading-3"><span class="pa-step__number" aria-hidden="true">${number}</span> ${title}</h2>
    <p class="ecl-u-type-paragraph">${text}</p>
    <a class="ecl-link ecl-link--standalone ecl-link--icon" href=${href}>
      <span class="ecl-link__label">${action}</span>${icon('arrow-left', 'xs', 'ecl-icon--rotate-180 ecl-link__icon')}
    </a>
  </li>`;

/** The welcome page: what the service gives, what one needs, and the manual's three stages. */
export const home: Page = {
  path: '/',
  title: () => t('home.title'),
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('home.title')}</h1>
    <p class="ecl-u-type-paragraph-lead">${t('home.lead')}</p>
    <div class="pa-columns">
      <section>
        <h2 class="ecl-u-type-heading-2">${t('home.servicesTitle')}</h2>
        <ul class="ecl-unordered-list">
          ${list('home.services').map((item) => html`<li class="ecl-unordered-list__item">${item}</li>`)}
        </ul>
      </section>
      <section>
        <h2 class="ecl-u-type-heading-2">${t('home.needsTitle')}</h2>
        <ul class="ecl-unordered-list">
          ${list('home.needs').map((item) => html`<li class="ecl-unordered-list__item">${item}</li>`)}
        </ul>
      </section>
    </div>
    <h2 class="ecl-u-type-heading-2">${t('home.stepsTitle')}</h2>
    <ol class="pa-steps">
      ${step(1, t('home.step1Title'), t('home.step1Text'), me() ? '/account' : '/create-account', me() ? t('menu.account') : t('createAccount.submit'))}
      ${step(2, t('home.step2Title'), t('home.step2Text'), '/account', t('account.addPhone'))}
      ${step(3, t('home.step3Title'), t('home.step3Text'), '/rcam', t('rcam.requestTitle'))}
    </ol>
    <p class="ecl-u-type-paragraph">
      ${t('home.already')} <a class="ecl-link" href="/sign-in">${t('signIn.connect')}</a> ·
      <a class="ecl-link" href="/lost-password">${t('signIn.lostPassword')}</a>
    </p>
  `,
};
