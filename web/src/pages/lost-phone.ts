import { html, nothing } from 'lit-html';
import { api } from '../api';
import { loadMe, me, refresh, type Page } from '../app';
import { dateTime, t } from '../i18n';
import { refuse, send } from '../form';
import { button, errorsFrom, errorSummary, noErrors, notification, type FormErrors } from '../ui';

/**
 * "J'ai perdu mon téléphone": explains what happens (the email, the 72 hours, what goes) and asks
 * for confirmation. A person with recovery codes is shown the quicker way first.
 */
const state: { errors: FormErrors; busy: boolean; requestedAt?: string } = { errors: noErrors(), busy: false };

const confirm = async (event: SubmitEvent) => {
  event.preventDefault();
  const result = await send(state, () => api<{ resetAt: string }>('POST', '/me/second-factor-reset'));
  if (!result.ok && result.error.code !== 'reset_pending') return refuse(state, errorsFrom(result.error));
  await loadMe();
  state.requestedAt = result.ok ? result.data.resetAt : undefined;
  refresh();
  requestAnimationFrame(() => document.getElementById('reset-status')?.focus());
};

const pendingView = (resetAt: string) =>
  notification(
    'success',
    state.requestedAt ? t('lostPhone.requestedTitle') : t('lostPhone.pendingTitle'),
    html`<p>${t('lostPhone.pendingText', { date: dateTime(resetAt) })}</p>
      <p>${t('lostPhone.pendingCancel')}</p>`,
    'reset-status',
  );

const signedOutView = () => html`
  <p class="ecl-u-type-paragraph">${t('lostPhone.signedOut')}</p>
  <p><a class="ecl-button ecl-button--primary pa-link-button" href="/sign-in?next=/lost-phone">${t('signIn.connect')}</a></p>
`;

const requestView = () => html`
  ${
    (me()?.recoveryCodesLeft ?? 0) > 0
      ? notification(
          'info',
          t('lostPhone.codesTitle'),
          html`<p>${t('lostPhone.codesText', { left: me()!.recoveryCodesLeft })}</p>
            <p><a class="ecl-link" href="/sign-in">${t('lostPhone.codesLink')}</a></p>`,
        )
      : nothing
  }
  <p class="ecl-u-type-paragraph">${t('lostPhone.intro')}</p>
  <ul class="ecl-unordered-list ecl-u-mb-l">
    <li class="ecl-unordered-list__item">${t('lostPhone.step1')}</li>
    <li class="ecl-unordered-list__item">${t('lostPhone.step2')}</li>
    <li class="ecl-unordered-list__item">${t('lostPhone.step3')}</li>
  </ul>
  <p class="ecl-u-type-paragraph">${t('lostPhone.why')}</p>
  ${errorSummary(state.errors)}
  <form novalidate @submit=${confirm} class="pa-form">
    <div class="pa-actions">
      ${button(t('lostPhone.confirm'), { busy: state.busy })}
      <a class="ecl-button ecl-button--secondary pa-link-button" href="/account">${t('account.cancel')}</a>
    </div>
  </form>
`;

export const lostPhone: Page = {
  path: '/lost-phone',
  title: () => t('lostPhone.title'),
  // Open to anyone: someone at the sign-in page is told to sign in with the password first.
  enter: async (_query, again) => {
    await loadMe();
    if (again) return;
    state.errors = noErrors();
    state.requestedAt = undefined;
  },
  view: () => {
    const pending = me()?.secondFactorReset?.resetAt;
    return html`
      <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('lostPhone.title')}</h1>
      ${!me() ? signedOutView() : pending ? pendingView(pending) : requestView()}
      ${pending ? html`<p><a class="ecl-link" href="/account">${t('recoveryCodes.toAccount')}</a></p>` : nothing}
    `;
  },
};
