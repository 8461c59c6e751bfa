import { html, nothing } from 'lit-html';
import { api } from '../api';
import { leave, loadMe, me, refresh, type Page } from '../app';
import { dateTime, t } from '../i18n';
import { refuse, send } from '../form';
import { button, errorSummary, errorsFrom, field, formValues, methodTable, noErrors, notification, type FormErrors } from '../ui';
import { emailSection, resetEmailChange } from './account-email';
import { factorSections, resetFactors } from './account-factors';
import { eidSection, resetEidLinks } from './eid';
import { showRecoveryCodes } from './recovery-codes';
import { markAccountErased } from './simple';

/** Adding a phone is a small flow of its own (manual, step 8): the number, then the SMS code. */
type PhoneStep = 'number' | 'code';

const state: {
  step: PhoneStep;
  phoneNumber: string;
  challengeId: string;
  errors: FormErrors;
  busy: boolean;
  removing?: string;
  signingOutEverywhere?: boolean;
  renewing?: boolean;
  renewError?: { code: string; text: string };
  message?: { kind: 'success' | 'error'; text: string };
  /** "Delete my account": its own form, its own errors. */
  erasure: { errors: FormErrors; busy: boolean };
} = { step: 'number', phoneNumber: '', challengeId: '', errors: noErrors(), busy: false, erasure: { errors: noErrors(), busy: false } };

const settle = (message?: { kind: 'success' | 'error'; text: string }) => {
  state.message = message;
  refresh();
  if (message) requestAnimationFrame(() => document.getElementById('account-message')?.focus());
};

const addPhone = async (event: SubmitEvent) => {
  const { phoneNumber } = formValues(event);
  const result = await send(state, () => api<{ challengeId: string }>('POST', '/me/phones', { phoneNumber }));
  if (!result.ok)
    return refuse(
      state,
      errorsFrom(result.error, {
        rate_limited: 'phoneNumber',
        phone_numbers_limit: 'phoneNumber',
        phone_challenges_limit: 'phoneNumber',
        sms_unavailable: 'phoneNumber',
        reauthentication_required: 'phoneNumber',
        step_up_required: 'phoneNumber',
      }),
    );
  state.phoneNumber = phoneNumber;
  state.challengeId = result.data.challengeId;
  state.step = 'code';
  settle();
  requestAnimationFrame(() => document.getElementById('code')?.focus());
};

const verify = async (event: SubmitEvent) => {
  const { code } = formValues(event);
  const result = await send(state, () => api<{ recoveryCodes?: string[] }>('POST', '/me/phones/verify', { challengeId: state.challengeId, code }));
  if (!result.ok) return refuse(state, errorsFrom(result.error, { invalid_code: 'code', challenge_expired: 'code', step_up_required: 'code' }));
  state.step = 'number';
  await loadMe();
  // The first phone brings the recovery codes: shown at once, on a page of their own, never again.
  if (result.data.recoveryCodes) return showRecoveryCodes(result.data.recoveryCodes, t('account.phoneAdded'));
  settle({ kind: 'success', text: t('account.phoneAdded') });
};

const cancel = () => {
  state.step = 'number';
  state.errors = noErrors();
  settle();
  requestAnimationFrame(() => document.getElementById('phoneNumber')?.focus());
};

const remove = async (phoneId: string, phoneNumber: string) => {
  // The only way to sign in with an SMS code: not removed by a slip of the mouse.
  if (!window.confirm(t('account.confirmRemove', { phone: phoneNumber }))) return;
  state.removing = phoneId;
  refresh();
  const result = await api('DELETE', `/me/phones/${encodeURIComponent(phoneId)}`);
  state.removing = undefined;
  await loadMe();
  settle(result.ok ? { kind: 'success', text: t('account.phoneRemoved') } : { kind: 'error', text: result.error.message });
};

/** "Sign out everywhere": every session of the account ends, this one too (a lost laptop, a shared computer). */
const signOutEverywhere = async () => {
  if (state.signingOutEverywhere) return;
  state.signingOutEverywhere = true;
  refresh();
  const result = await api('DELETE', '/me/sessions');
  state.signingOutEverywhere = false;
  // Only sessions the server has ended are over; a 401 means this one already was.
  if (result.ok || result.status === 401) return leave();
  settle({ kind: 'error', text: result.error.message });
};

/** "Delete my account": the email typed again; once done, the person is signed out everywhere and told so. */
const eraseAccount = async (event: SubmitEvent) => {
  const { confirmation } = formValues(event);
  const result = await send(state.erasure, () => api('DELETE', '/me', { confirmation }));
  if (!result.ok) return refuse(state.erasure, errorsFrom(result.error, { step_up_required: 'confirmation' }));
  markAccountErased();
  leave();
};

/** A phone proves the person only to a session that proved it: a password alone may add the first one only. */
// A second factor, any of them: SMS, authenticator app, security key or passkey, a recovery code (the server's isSecondFactor).
const provenBySms = () => ['sms', 'totp', 'webauthn', 'recovery_code'].includes(me()?.session.assurance ?? '');
/** No factor at all yet (a new account, or after a second-factor reset): the password alone may bind the first. */
const noFactorYet = () => {
  const person = me()!;
  return !person.phones.length && !person.authenticatorApps.length && !person.securityKeys.length && !person.recoveryCodesLeft;
};

const stepUpNotice = () =>
  notification(
    'info',
    t('account.stepUpTitle'),
    html`<p>${t('account.stepUpText')}</p>
      <p><a class="ecl-link" href="/sign-in?next=/account" id="step-up-link">${t('account.stepUpLink')}</a></p>`,
  );

const phoneList = () => {
  const phones = me()?.phones ?? [];
  if (!phones.length) return html`<p class="ecl-u-type-paragraph">${t('account.noPhone')}</p>`;
  return methodTable(
    t('account.phonesTitle'),
    t('account.phoneNumber'),
    phones.map((phone) => ({
      name: phone.phoneNumber,
      addedAt: phone.addedAt,
      lastUsedAt: phone.lastUsedAt,
      remove: provenBySms() ? { busy: state.removing === phone.phoneId, onClick: () => void remove(phone.phoneId, phone.phoneNumber) } : undefined,
    })),
  );
};

const numberForm = () => html`
  ${errorSummary(state.errors, { phoneNumber: t('account.phoneNumber') })}
  <form novalidate @submit=${addPhone} class="pa-form">
    ${field({
      name: 'phoneNumber',
      label: t('account.phoneNumber'),
      type: 'tel',
      autocomplete: 'tel',
      inputmode: 'tel',
      errors: state.errors,
      help: t('account.phoneHelp'),
    })}
    ${
      state.errors.code === 'reauthentication_required' || state.errors.code === 'step_up_required'
        ? html`<p class="ecl-u-mb-l"><a class="ecl-link" href="/sign-in?next=/account">${t('signIn.connect')}</a></p>`
        : nothing
    }
    ${button(t('account.addPhoneSubmit'), { busy: state.busy })}
  </form>
`;

const codeForm = () => html`
  <p class="ecl-u-type-paragraph">${t('account.codeText')}</p>
  <p class="ecl-u-type-paragraph-s">${t('account.codeDelay')}</p>
  <dl class="ecl-description-list ecl-description-list--horizontal">
    <dt class="ecl-description-list__term">${t('account.phoneNumber')}</dt>
    <dd class="ecl-description-list__definition">${state.phoneNumber}</dd>
  </dl>
  ${errorSummary(state.errors, { code: t('account.code') })}
  <form novalidate @submit=${verify} class="pa-form">
    ${field({ name: 'code', label: t('account.code'), errors: state.errors, autocomplete: 'one-time-code', width: 's', help: t('account.codeHelp') })}
    <div class="pa-actions">
      ${button(t('account.finish'), { busy: state.busy })} ${button(t('account.cancel'), { type: 'button', variant: 'secondary', onClick: cancel })}
    </div>
  </form>
`;

const renewCodes = async () => {
  state.renewing = true;
  state.renewError = undefined;
  refresh();
  const result = await api<{ recoveryCodes: string[] }>('POST', '/me/recovery-codes');
  state.renewing = false;
  if (result.ok) return showRecoveryCodes(result.data.recoveryCodes);
  state.renewError = { code: result.error.code, text: result.error.message };
  refresh();
  requestAnimationFrame(() => document.getElementById('renew-error')?.focus());
};

/** The recovery codes (how many are left, new ones) and the way back for a lost phone. */
const recoverySection = () => {
  const person = me()!;
  return html`<h2 class="ecl-u-type-heading-2 ecl-u-mt-xl" id="recovery-codes" tabindex="-1">${t('account.recoveryTitle')}</h2>
    <p class="ecl-u-type-paragraph">${t('account.recoveryText')}</p>
    <p class="ecl-u-type-paragraph"><strong>${t('account.recoveryLeft', { left: person.recoveryCodesLeft })}</strong></p>
    ${
      state.renewError
        ? notification(
            'error',
            state.renewError.text,
            state.renewError.code === 'step_up_required' || state.renewError.code === 'reauthentication_required'
              ? html`<p><a class="ecl-link" href="/sign-in?next=/account">${t('signIn.connect')}</a></p>`
              : undefined,
            'renew-error',
          )
        : nothing
    }
    <p class="ecl-u-mb-l">
      ${button(t('account.renewCodes'), { type: 'button', variant: 'secondary', busy: state.renewing, onClick: () => void renewCodes() })}
    </p>
    <h2 class="ecl-u-type-heading-2 ecl-u-mt-xl">${t('account.lostPhoneTitle')}</h2>
    ${
      person.secondFactorReset
        ? notification('warning', t('lostPhone.pendingTitle'), html`<p>${t('lostPhone.pendingText', { date: dateTime(person.secondFactorReset.resetAt) })}</p>`)
        : html`<p class="ecl-u-type-paragraph">${t('account.lostPhoneText')}</p>
            <p><a class="ecl-link" href="/lost-phone">${t('signIn.lostPhone')}</a></p>`
    }`;
};

const entitlement = (name: 'rcam' | 'myIntracomm' | 'pmoContact') => {
  const grant = me()?.entitlements[name];
  // Service names are proper names, the same in every language.
  const label = name === 'rcam' ? t('rcam.title') : name === 'myIntracomm' ? 'My Intracomm' : 'PMO-CONTACT';
  const status =
    grant?.status === 'active'
      ? t('account.active')
      : grant?.status === 'pending'
        ? t('account.pendingFrom', { date: dateTime(grant.availableFrom!) })
        : t('account.notYet');
  return html`<dt class="ecl-description-list__term">${label}</dt>
    <dd class="ecl-description-list__definition">${status}</dd>`;
};

/** My personal data: a copy of all of it to download, and the account's deletion (GDPR). */
const personalDataSection = () => {
  const person = me()!;
  // The export gives the phone numbers whole: a password alone gets it only while the account has no second factor (as the server decides).
  const mayExport = provenBySms() || noFactorYet();
  return html`<h2 class="ecl-u-type-heading-2 ecl-u-mt-xl" id="personal-data">${t('account.dataTitle')}</h2>
    <p class="ecl-u-type-paragraph">${t('account.dataText')}</p>
    ${
      mayExport
        ? html`<p class="ecl-u-mb-l">
            <a class="ecl-link ecl-link--standalone" id="export-link" href="/api/v1/me/export" download>${t('account.dataDownload')}</a>
          </p>`
        : html`<p class="ecl-u-type-paragraph"><a class="ecl-link" href="/sign-in?next=/account">${t('account.stepUpLink')}</a></p>`
    }
    <h2 class="ecl-u-type-heading-2 ecl-u-mt-xl" id="delete-account">${t('account.deleteTitle')}</h2>
    ${notification('warning', t('account.deleteWarningTitle'), html`<p>${t('account.deleteWarning')}</p>`)}
    ${
      provenBySms()
        ? html`${errorSummary(state.erasure.errors, { confirmation: t('account.deleteConfirmation') })}
            <form novalidate @submit=${eraseAccount} class="pa-form">
              ${field({
                name: 'confirmation',
                label: t('account.deleteConfirmation'),
                type: 'email',
                autocomplete: 'off',
                errors: state.erasure.errors,
                help: t('account.deleteConfirmationHelp', { email: person.email }),
              })}
              ${button(t('account.deleteSubmit'), { busy: state.erasure.busy })}
            </form>`
        : html`<p class="ecl-u-type-paragraph">${t('account.deleteStepUp')}</p>
            <p><a class="ecl-link" href="/sign-in?next=/account">${t('account.stepUpLink')}</a></p>`
    }`;
};

/** "Mon compte": who I am, my mobile phones (add, confirm, remove), my access. */
export const account: Page = {
  path: '/account',
  title: () => t('account.title'),
  needs: 'session',
  enter: (_query, again) => {
    if (again) return; // who and which phones were just loaded again; a code being typed stays
    state.step = 'number';
    state.errors = noErrors();
    state.message = undefined;
    state.renewError = undefined;
    state.erasure = { errors: noErrors(), busy: false };
    resetFactors();
    resetEmailChange();
    resetEidLinks();
  },
  view: () => {
    const person = me()!;
    return html`
      <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('account.title')}</h1>
      ${state.message ? html`<div id="account-message" tabindex="-1">${notification(state.message.kind, state.message.text)}</div>` : nothing}
      <dl class="ecl-description-list ecl-description-list--horizontal ecl-u-mb-xl">
        <dt class="ecl-description-list__term">${t('account.name')}</dt>
        <dd class="ecl-description-list__definition">${person.firstName} ${person.lastName}</dd>
        <dt class="ecl-description-list__term">${t('account.username')}</dt>
        <dd class="ecl-description-list__definition">${person.username} ${t('common.external')}</dd>
        <dt class="ecl-description-list__term">${t('account.email')}</dt>
        <dd class="ecl-description-list__definition">${person.email}</dd>
        ${entitlement('rcam')} ${entitlement('myIntracomm')} ${entitlement('pmoContact')}
      </dl>
      ${emailSection(provenBySms())}
      <h2 class="ecl-u-type-heading-2">${t('account.phonesTitle')}</h2>
      ${phoneList()}
      <h2 class="ecl-u-type-heading-2 ecl-u-mt-xl" id="add-phone">${t('account.addPhone')}</h2>
      ${!noFactorYet() && !provenBySms() ? stepUpNotice() : state.step === 'number' ? numberForm() : codeForm()}
      ${factorSections(provenBySms() || noFactorYet())} ${eidSection(provenBySms())} ${recoverySection()}
      ${
        person.phones.length
          ? html`<h2 class="ecl-u-type-heading-2 ecl-u-mt-xl">${t('account.nextTitle')}</h2>
              <p class="ecl-u-type-paragraph">${t('account.nextText')}</p>
              <a class="ecl-button ecl-button--primary pa-link-button" href="/rcam">${t('menu.rcam')}</a>`
          : nothing
      }
      <h2 class="ecl-u-type-heading-2 ecl-u-mt-xl">${t('account.sessionsTitle')}</h2>
      <p class="ecl-u-type-paragraph">${t('account.sessionsText')}</p>
      ${button(t('account.signOutEverywhere'), {
        type: 'button',
        variant: 'secondary',
        busy: state.signingOutEverywhere,
        onClick: () => void signOutEverywhere(),
      })}
      ${personalDataSection()}
    `;
  },
};
