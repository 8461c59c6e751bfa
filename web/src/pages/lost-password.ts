import { html } from 'lit-html';
import { api } from '../api';
import { refresh, type Page } from '../app';
import { t } from '../i18n';
import { refuse, send } from '../form';
import { button, errorSummary, errorsFrom, field, formValues, noErrors, notification, type FormErrors } from '../ui';

const state: { errors: FormErrors; busy: boolean; sent: boolean } = { errors: noErrors(), busy: false, sent: false };

const submit = async (event: SubmitEvent) => {
  const { login } = formValues(event);
  const result = await send(state, () => api('POST', '/password-links', { login }));
  if (!result.ok) return refuse(state, errorsFrom(result.error));
  state.sent = true;
  refresh();
  requestAnimationFrame(() => document.getElementById('link-sent')?.focus());
};

/** "Mot de passe perdu?": a new link by email. The same answer whether or not the account exists. */
export const lostPassword: Page = {
  path: '/lost-password',
  title: () => t('lostPassword.title'),
  enter: (_query, again) => {
    if (again) return;
    state.errors = noErrors();
    state.sent = false;
  },
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('lostPassword.title')}</h1>
    ${
      state.sent
        ? notification('success', t('lostPassword.sentTitle'), html`<p>${t('lostPassword.sentText')}</p>`, 'link-sent')
        : html`<p class="ecl-u-type-paragraph">${t('lostPassword.intro')}</p>
            ${errorSummary(state.errors, { login: t('lostPassword.login') })}
            <form novalidate @submit=${submit} class="pa-form">
              ${field({ name: 'login', label: t('lostPassword.login'), errors: state.errors, autocomplete: 'username', width: 'l' })}
              ${button(t('lostPassword.submit'), { busy: state.busy })}
            </form>`
    }
  `,
};
