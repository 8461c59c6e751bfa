import { html } from 'lit-html';
import { me, navigate, type Page } from '../app';
import { t } from '../i18n';
import { refuse } from '../form';
import { button, checkbox, errorSummary, formValues, noErrors, notification, type FormErrors } from '../ui';

/**
 * The ten recovery codes, shown once: after the first phone is confirmed, or after "Générer de
 * nouveaux codes". They live in this module only until the person says they kept them.
 */
const state: { codes: string[]; notice?: string; errors: FormErrors; busy: boolean } = { codes: [], errors: noErrors(), busy: false };

/** Opens the page with a set the API just gave (it will never give it again), and what just happened (a phone added). */
export const showRecoveryCodes = (codes: string[], notice?: string) => {
  state.codes = codes;
  state.notice = notice;
  state.errors = noErrors();
  navigate('/recovery-codes');
};

const kept = (event: SubmitEvent) => {
  const { kept: confirmed } = formValues(event);
  if (!confirmed) {
    const message = () => t('recoveryCodes.keptRequired');
    return refuse(state, { summary: message, fields: { kept: message } });
  }
  state.codes = [];
  state.notice = undefined;
  navigate('/account');
};

const codesView = () => html`
  ${state.notice ? notification('success', state.notice) : ''}
  <p class="ecl-u-type-paragraph">${t('recoveryCodes.intro')}</p>
  ${notification('warning', t('recoveryCodes.onceTitle'), t('recoveryCodes.onceText'))}
  <ol class="pa-recovery-codes" aria-label=${t('recoveryCodes.listLabel')}>
    ${state.codes.map((code) => html`<li><code>${code}</code></li>`)}
  </ol>
  <p class="ecl-u-type-paragraph">${t('recoveryCodes.howTo')}</p>
  <p class="ecl-u-mb-l pa-no-print">${button(t('recoveryCodes.print'), { type: 'button', variant: 'secondary', onClick: () => window.print() })}</p>
  ${errorSummary(state.errors, { kept: t('recoveryCodes.kept') })}
  <form novalidate @submit=${kept} class="pa-form pa-no-print">
    ${checkbox({ name: 'kept', label: t('recoveryCodes.kept'), errors: state.errors })} ${button(t('recoveryCodes.continue'), { busy: state.busy })}
  </form>
`;

const goneView = () => html`
  <p class="ecl-u-type-paragraph">${t('recoveryCodes.gone', { left: me()?.recoveryCodesLeft ?? 0 })}</p>
  <p><a class="ecl-link" href="/account#recovery-codes">${t('recoveryCodes.toAccount')}</a></p>
`;

export const recoveryCodes: Page = {
  path: '/recovery-codes',
  title: () => t('recoveryCodes.title'),
  needs: 'session',
  enter: (_query, again) => {
    if (!again) state.errors = noErrors();
  },
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('recoveryCodes.title')}</h1>
    ${state.codes.length ? codesView() : goneView()}
  `,
};
