import { html, nothing } from 'lit-html';
import { unsafeSVG } from 'lit-html/directives/unsafe-svg.js';
import { api } from '../api';
import { loadMe, me, refresh } from '../app';
import { t } from '../i18n';
import { refuse, send } from '../form';
import { button, errorSummary, errorsFrom, field, formValues, methodTable, noErrors, notification, type FormErrors } from '../ui';
import { registerKey } from '../webauthn';

/**
 * "Mon compte", the stronger methods: authenticator apps ("Jeton logiciel") and security keys or
 * passkeys ("Token"). Each listed with when it was added and last used; added and removed here.
 */
const state: {
  enrolment?: { appId: string; secret: string; qrSvg: string };
  errors: FormErrors;
  busy: boolean;
  removing?: string;
  message?: { kind: 'success' | 'error'; text: string };
} = { errors: noErrors(), busy: false };
/** The key's name form, a form state of its own. */
const keyForm: { errors: FormErrors; busy: boolean } = { errors: noErrors(), busy: false };

/** Forgets an enrolment in progress (leaving the page): its secret is never shown again. */
export const resetFactors = () => {
  Object.assign(state, { enrolment: undefined, errors: noErrors(), message: undefined });
  keyForm.errors = noErrors();
};

const settle = (message?: { kind: 'success' | 'error'; text: string }) => {
  state.message = message;
  refresh();
  if (message) requestAnimationFrame(() => document.getElementById('factors-message')?.focus());
};

const startApp = async () => {
  const result = await send(state, () => api<{ appId: string; secret: string; qrSvg: string }>('POST', '/me/authenticator-apps'));
  if (!result.ok) return settle({ kind: 'error', text: result.error.message });
  state.enrolment = result.data;
  settle();
  requestAnimationFrame(() => document.getElementById('totp-setup')?.focus());
};

const confirmApp = async (event: SubmitEvent) => {
  const { code } = formValues(event);
  const appId = state.enrolment!.appId;
  const result = await send(state, () => api('POST', `/me/authenticator-apps/${encodeURIComponent(appId)}/confirm`, { code }));
  if (!result.ok) {
    if (result.error.code === 'enrolment_expired') state.enrolment = undefined;
    return refuse(state, errorsFrom(result.error, { invalid_code: 'code', enrolment_expired: 'code' }));
  }
  state.enrolment = undefined;
  await loadMe();
  settle({ kind: 'success', text: t('factors.appAdded') });
};

const addKey = async (event: SubmitEvent) => {
  const { keyName } = formValues(event);
  if (!keyName.trim()) {
    const required = () => t('factors.keyNameRequired');
    return refuse(keyForm, { summary: required, fields: { keyName: required } });
  }
  const result = await send(keyForm, () => registerKey(keyName.trim()));
  if (!result.ok) return refuse(keyForm, errorsFrom(result.error, { webauthn_cancelled: 'keyName', webauthn_failed: 'keyName' }));
  await loadMe();
  settle({ kind: 'success', text: t('factors.keyAdded') });
};

const remove = async (path: string, id: string, what: string) => {
  if (!window.confirm(t('factors.confirmRemove', { factor: what }))) return;
  state.removing = id;
  refresh();
  const result = await api('DELETE', path);
  state.removing = undefined;
  await loadMe();
  settle(result.ok ? { kind: 'success', text: t('factors.removed') } : { kind: 'error', text: result.error.message });
};

const table = (caption: string, rows: Array<{ id: string; name: string; addedAt: string; lastUsedAt?: string; path: string }>, mayRemove: boolean) =>
  methodTable(
    caption,
    t('factors.name'),
    rows.map((row) => ({
      ...row,
      remove: mayRemove ? { busy: state.removing === row.id, onClick: () => void remove(row.path, row.id, row.name) } : undefined,
    })),
  );

const appSetup = () =>
  html`<div id="totp-setup" tabindex="-1">
    <p class="ecl-u-type-paragraph">${t('factors.scan')}</p>
    <div class="pa-qr" role="img" aria-label=${t('factors.qrLabel')}>${unsafeSVG(state.enrolment!.qrSvg)}</div>
    <p class="ecl-u-type-paragraph">${t('factors.orType')}</p>
    <p class="ecl-u-type-paragraph"><code id="totp-secret" class="pa-secret">${state.enrolment!.secret.replace(/(.{4})/g, '$1 ').trim()}</code></p>
    <p class="ecl-u-type-paragraph-s">${t('factors.secretOnce')}</p>
    ${errorSummary(state.errors, { code: t('factors.appCode') })}
    <form novalidate @submit=${confirmApp} class="pa-form">
      ${field({
        name: 'code',
        label: t('factors.appCode'),
        errors: state.errors,
        autocomplete: 'one-time-code',
        inputmode: 'numeric',
        width: 's',
        help: t('signIn.totpHelp'),
      })}
      ${button(t('account.finish'), { busy: state.busy })}
    </form>
  </div>`;

const addAppButton = () => button(t('factors.addApp'), { type: 'button', variant: 'secondary', busy: state.busy, onClick: () => void startApp() });

/** The two sections, for a session that may manage factors (`strong`) or only see them. */
export const factorSections = (strong: boolean) => {
  const person = me()!;
  const apps = person.authenticatorApps.map((app, index) => ({
    id: app.appId,
    name: `${t('signIn.methods.software_token')} ${index + 1}`,
    addedAt: app.addedAt,
    lastUsedAt: app.lastUsedAt,
    path: `/me/authenticator-apps/${encodeURIComponent(app.appId)}`,
  }));
  const keys = person.securityKeys.map((key) => ({
    id: key.keyId,
    name: key.name,
    addedAt: key.addedAt,
    lastUsedAt: key.lastUsedAt,
    path: `/me/security-keys/${encodeURIComponent(key.keyId)}`,
  }));
  return html`
    ${state.message ? html`<div id="factors-message" tabindex="-1">${notification(state.message.kind, state.message.text)}</div>` : nothing}
    <h2 class="ecl-u-type-heading-2 ecl-u-mt-xl" id="authenticator-apps">${t('factors.appsTitle')}</h2>
    <p class="ecl-u-type-paragraph">${t('factors.appsText')}</p>
    ${apps.length ? table(t('factors.appsTitle'), apps, strong) : html`<p class="ecl-u-type-paragraph">${t('factors.noApp')}</p>`}
    ${strong ? (state.enrolment ? appSetup() : html`<p class="ecl-u-mb-l">${addAppButton()}</p>`) : nothing}
    <h2 class="ecl-u-type-heading-2 ecl-u-mt-xl" id="security-keys">${t('factors.keysTitle')}</h2>
    <p class="ecl-u-type-paragraph">${t('factors.keysText')}</p>
    ${keys.length ? table(t('factors.keysTitle'), keys, strong) : html`<p class="ecl-u-type-paragraph">${t('factors.noKey')}</p>`}
    ${
      strong
        ? html`${errorSummary(keyForm.errors, { keyName: t('factors.keyName') })}
            <form novalidate @submit=${addKey} class="pa-form">
              ${field({ name: 'keyName', label: t('factors.keyName'), errors: keyForm.errors, width: 'm', help: t('factors.keyNameHelp') })}
              ${button(t('factors.addKey'), { busy: keyForm.busy })}
            </form>`
        : nothing
    }
  `;
};
