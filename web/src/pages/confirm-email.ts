import { html } from 'lit-html';
import { api } from '../api';
import { loadMe, refresh, type Page } from '../app';
import { t } from '../i18n';
import { refuse, send } from '../form';
import { button, errorsFrom, errorSummary, noErrors, notification, type FormErrors } from '../ui';
import { forgetFragmentToken, takeFragmentToken } from '../fragment-token';

/**
 * The link sent to a new email address: confirms it. The token travels in the fragment and leaves
 * the address bar once read; the change waits for a click, so that a mail scanner opening links
 * changes nothing.
 */
const state: { token: string; errors: FormErrors; busy: boolean; email?: string } = { token: '', errors: noErrors(), busy: false };

const TOKEN_KEY = 'passerelle.confirmEmail';

const confirm = async (event: SubmitEvent) => {
  event.preventDefault();
  const result = await send(state, () => api<{ email: string }>('POST', '/email-changes/confirm', { token: state.token }));
  if (!result.ok) return refuse(state, errorsFrom(result.error));
  forgetFragmentToken(TOKEN_KEY);
  state.email = result.data.email;
  await loadMe();
  refresh();
  requestAnimationFrame(() => document.getElementById('email-confirmed')?.focus());
};

export const confirmEmail: Page = {
  path: '/confirm-email',
  title: () => t('confirmEmail.title'),
  enter: (_query, again) => {
    if (again) return;
    state.token = takeFragmentToken(TOKEN_KEY);
    state.errors = noErrors();
    state.email = undefined;
  },
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('confirmEmail.title')}</h1>
    ${
      state.email
        ? notification('success', t('confirmEmail.doneTitle'), html`<p>${t('confirmEmail.doneText', { email: state.email })}</p>`, 'email-confirmed')
        : state.token
          ? html`<p class="ecl-u-type-paragraph">${t('confirmEmail.intro')}</p>
              ${errorSummary(state.errors)}
              <form novalidate @submit=${confirm} class="pa-form">${button(t('confirmEmail.submit'), { busy: state.busy })}</form>`
          : notification('error', t('confirmEmail.noToken'))
    }
  `,
};
