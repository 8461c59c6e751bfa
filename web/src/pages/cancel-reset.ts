import { html } from 'lit-html';
import { api } from '../api';
import { refresh, type Page } from '../app';
import { t } from '../i18n';
import { refuse, send } from '../form';
import { button, errorsFrom, errorSummary, noErrors, notification, type FormErrors } from '../ui';
import { forgetFragmentToken, takeFragmentToken } from '../fragment-token';

/**
 * The link of the "J'ai perdu mon téléphone" email: cancels the reset. Its token travels in the
 * fragment (#token=...), never to a server; once read it leaves the address bar. The cancel waits
 * for a click: a mail scanner that opens links must not cancel anything.
 */
const state: { token: string; errors: FormErrors; busy: boolean; done: boolean } = { token: '', errors: noErrors(), busy: false, done: false };

const TOKEN_KEY = 'passerelle.cancelReset';
const takeToken = () => takeFragmentToken(TOKEN_KEY);

const cancel = async (event: SubmitEvent) => {
  event.preventDefault();
  const result = await send(state, () => api('POST', '/second-factor-reset/cancel', { token: state.token }));
  if (!result.ok) return refuse(state, errorsFrom(result.error));
  forgetFragmentToken(TOKEN_KEY);
  state.done = true;
  refresh();
  requestAnimationFrame(() => document.getElementById('reset-cancelled')?.focus());
};

export const cancelReset: Page = {
  path: '/cancel-reset',
  title: () => t('cancelReset.title'),
  enter: (_query, again) => {
    if (again) return;
    state.token = takeToken();
    state.errors = noErrors();
    state.done = false;
  },
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('cancelReset.title')}</h1>
    ${
      state.done
        ? html`${notification('success', t('cancelReset.doneTitle'), html`<p>${t('cancelReset.doneText')}</p>`, 'reset-cancelled')}
            <p><a class="ecl-button ecl-button--primary pa-link-button" href="/lost-password">${t('signIn.lostPassword')}</a></p>`
        : state.token
          ? html`<p class="ecl-u-type-paragraph">${t('cancelReset.intro')}</p>
              <p class="ecl-u-type-paragraph">${t('cancelReset.notYou')}</p>
              ${errorSummary(state.errors)}
              <form novalidate @submit=${cancel} class="pa-form">${button(t('cancelReset.submit'), { busy: state.busy })}</form>`
          : notification('error', t('cancelReset.noToken'))
    }
  `,
};
