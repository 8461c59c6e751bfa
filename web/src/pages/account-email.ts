import { html, nothing } from 'lit-html';
import { api } from '../api';
import { me, refresh } from '../app';
import { dateTime, t } from '../i18n';
import { refuse, send } from '../form';
import { button, errorSummary, errorsFrom, field, formValues, noErrors, notification, type FormErrors } from '../ui';

/**
 * The account's email address: a warning when mail no longer reaches it (SES reported a bounce or
 * a complaint), and the change of address, which needs a session proven by a second factor (the
 * mailbox may be lost, the phone is not). The new address counts once its link is followed.
 */
const state: { errors: FormErrors; busy: boolean; sentTo?: string } = { errors: noErrors(), busy: false };

export const resetEmailChange = () => {
  state.errors = noErrors();
  state.sentTo = undefined;
};

const changeEmail = async (event: SubmitEvent) => {
  const { email } = formValues(event);
  const result = await send(state, () => api('PUT', '/me/email', { email }));
  if (!result.ok) return refuse(state, errorsFrom(result.error, { rate_limited: 'email', step_up_required: 'email' }));
  state.sentTo = email;
  refresh();
  requestAnimationFrame(() => document.getElementById('email-change-sent')?.focus());
};

const undeliverableWarning = () => {
  const mark = me()?.emailUndeliverable;
  if (!mark) return nothing;
  return notification(
    'warning',
    t('accountEmail.undeliverableTitle'),
    html`<p>${t(mark.reason === 'complaint' ? 'accountEmail.undeliverableComplaint' : 'accountEmail.undeliverableBounce', { date: dateTime(mark.at) })}</p>
      <p><a class="ecl-link" href="#change-email">${t('accountEmail.changeLink')}</a></p>`,
    'email-undeliverable',
  );
};

/** The warning (if any) and the change-of-address form, for the account page. */
export const emailSection = (provenBySecondFactor: boolean) => html`
  ${undeliverableWarning()}
  <h2 class="ecl-u-type-heading-2 ecl-u-mt-xl" id="change-email" tabindex="-1">${t('accountEmail.changeTitle')}</h2>
  ${
    state.sentTo
      ? notification('success', t('accountEmail.sentTitle'), html`<p>${t('accountEmail.sentText', { email: state.sentTo })}</p>`, 'email-change-sent')
      : provenBySecondFactor
        ? html`<p class="ecl-u-type-paragraph">${t('accountEmail.changeText')}</p>
            ${errorSummary(state.errors, { email: t('accountEmail.newEmail') })}
            <form novalidate @submit=${changeEmail} class="pa-form">
              ${field({ name: 'email', id: 'new-email', label: t('accountEmail.newEmail'), type: 'email', autocomplete: 'email', errors: state.errors })}
              ${button(t('accountEmail.submit'), { busy: state.busy })}
            </form>`
        : html`<p class="ecl-u-type-paragraph">${t('accountEmail.stepUp')}</p>
            <p><a class="ecl-link" href="/sign-in?next=/account">${t('account.stepUpLink')}</a></p>`
  }
`;
