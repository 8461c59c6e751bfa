import { html, nothing } from 'lit-html';
import { api } from '../api';
import { loadMe, navigate, onSignedOut, refresh, type Page } from '../app';
import { apiMessage, t } from '../i18n';
import { refuse, send } from '../form';
import { button, errorSummary, errorsFrom, field, formValues, noErrors, notification, radios, type FormErrors } from '../ui';
import { keySignIn } from '../webauthn';
import { eidProviders, goToEid, loadEidProviders, takeEidProof } from './eid';

/** The sign-in flow's named states (manual, steps 12 and 13). */
type Step = 'identify' | 'authenticate' | 'challenge';

// The methods of the manual's list, in its order, then the recovery code (in place of the SMS code,
// for a lost phone). The manual's others are shown, unavailable, with why. Every method Passerelle
// offers is shown available to everyone: the page cannot know the person before the password is
// checked, and a method the account lacks is refused as a wrong password is (no enumeration).
const METHODS = [
  { value: 'password', available: true },
  { value: 'mobile_app', available: false },
  { value: 'software_token', available: true },
  { value: 'sms', available: true },
  { value: 'token', available: true },
  { value: 'cram', available: false },
  { value: 'recovery_code', available: true },
] as const;

/** The API's name for each available method of the manual's list. */
const API_METHODS: Record<string, string> = { password: 'password', software_token: 'totp', sms: 'sms', token: 'webauthn', recovery_code: 'recovery_code' };

/** What POST /sessions/eid receives for the chosen method: the second factor alone, after the eID's proof. */
const eidCredentials = (eidProof: string, values: Record<string, string>, method: string) =>
  method === 'sms'
    ? { eidProof, method, phoneNumber: values.phoneNumber }
    : method === 'recovery_code'
      ? { eidProof, method, recoveryCode: values.recoveryCode }
      : { eidProof, method: API_METHODS[method] };

/** What POST /sessions receives for the chosen method. */
const credentials = (login: string, values: Record<string, string>, method: string) =>
  method === 'sms'
    ? { login, password: values.password, method, phoneNumber: values.phoneNumber }
    : method === 'recovery_code'
      ? { login, password: values.password, method, recoveryCode: values.recoveryCode }
      : { login, password: values.password, method: API_METHODS[method] ?? 'password' };

const state: {
  step: Step;
  /** A national eID stood in for the password: the proof (usable once) and who vouched. */
  eid?: { eidProof: string; providerName: string };
  login: string;
  method: string;
  phoneNumber: string;
  challengeId: string;
  next: string;
  expired: boolean;
  errors: FormErrors;
  busy: boolean;
} = {
  step: 'identify',
  expired: false,
  login: '',
  method: 'sms',
  phoneNumber: '',
  challengeId: '',
  next: '/account',
  errors: noErrors(),
  busy: false,
};

// The next person at this computer starts with an empty form.
onSignedOut(() => Object.assign(state, { step: 'identify', login: '', phoneNumber: '', challengeId: '', errors: noErrors() }));

const goTo = (step: Step) => {
  state.step = step;
  state.errors = noErrors();
  refresh();
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
};

const failed = (errors: FormErrors) => refuse(state, errors);

const identify = (event: SubmitEvent) => {
  const { login } = formValues(event);
  const required = () => t('signIn.loginRequired');
  if (!login.trim()) return failed({ summary: required, fields: { login: required } });
  state.login = login.trim();
  goTo('authenticate');
};

const signedIn = async () => {
  await loadMe();
  state.step = 'identify';
  // A service's sign-in (the OpenID provider's interaction) is served by the server, not by this client.
  if (state.next.startsWith('/oidc/interaction/')) return location.assign(state.next);
  navigate(state.next);
};

const authenticate = async (event: SubmitEvent) => {
  const values = formValues(event);
  const eid = state.eid;
  const result = await send(state, () =>
    eid
      ? api<{ challengeId?: string; options?: unknown }>('POST', '/sessions/eid', eidCredentials(eid.eidProof, values, state.method))
      : api<{ challengeId?: string; options?: unknown }>('POST', '/sessions', credentials(state.login, values, state.method)),
  );
  // The eID's proof answers once: whatever came of it, a new try starts at the provider again.
  if (eid && !result.ok && !['validation_failed', 'phone_invalid'].includes(result.error.code)) {
    state.eid = undefined;
    goTo('identify');
    return failed(errorsFrom(result.error, {}));
  }
  if (!result.ok) return failed(errorsFrom(result.error, { invalid_credentials: 'password', rate_limited: 'phoneNumber', sms_unavailable: 'phoneNumber' }));
  if (result.status === 202 && result.data.challengeId && result.data.options) {
    // The password was right: the security key answers the challenge, then the session opens.
    const answered = await send(state, () => keySignIn({ challengeId: result.data.challengeId!, options: result.data.options }));
    if (!answered.ok) return failed(errorsFrom(answered.error, { invalid_credentials: 'password' }));
    return signedIn();
  }
  if (result.status === 202 && result.data.challengeId) {
    state.challengeId = result.data.challengeId;
    state.phoneNumber = values.phoneNumber;
    return goTo('challenge');
  }
  await signedIn();
};

const completeChallenge = async (event: SubmitEvent) => {
  const { code } = formValues(event);
  const result = await send(state, () => api('POST', '/sessions/challenge', { challengeId: state.challengeId, code }));
  if (!result.ok && result.error.code === 'challenge_expired') {
    // Expired, or too many wrong codes: a new code comes with the password again (or the eID).
    state.eid = undefined;
    goTo(state.login ? 'authenticate' : 'identify');
    const expired = apiMessage('errors', result.error.code, result.error.message);
    return failed({ code: result.error.code, summary: () => `${expired()} ${t('signIn.newCode')}`, fields: {} });
  }
  if (!result.ok) return failed(errorsFrom(result.error, { invalid_code: 'code' }));
  await signedIn();
};

/** "Se connecter avec une clé d'accès": no login, no password; the passkey names the account. */
const passkeySignIn = async () => {
  const result = await send(state, () => keySignIn());
  if (!result.ok) return failed(errorsFrom(result.error, {}));
  await signedIn();
};

/** "Ou utilisez votre carte d'identité électronique nationale": to the provider; the second factor follows on return. */
const eidSignIn = async (provider: string) => {
  const refused = await send(state, async () => {
    const message = await goToEid('sign_in', provider);
    return message ? { ok: false as const, status: 0, error: { code: 'eid', message } } : { ok: true as const, status: 200, data: {} };
  });
  if (!refused.ok) failed(errorsFrom(refused.error, {}));
};

const identifyView = () => html`
  <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('signIn.title')}</h1>
  ${state.expired ? notification('info', t('signIn.expired')) : nothing} ${errorSummary(state.errors)}
  <form novalidate @submit=${identify} class="pa-form">
    ${field({
      name: 'login',
      label: t('signIn.login'),
      errors: state.errors,
      autocomplete: 'username',
      value: state.login,
      width: 'l',
      help: t('signIn.loginHelp'),
    })}
    ${button(t('signIn.next'))}
  </form>
  <h2 class="ecl-u-type-heading-3 ecl-u-mt-l">${t('signIn.passkeyTitle')}</h2>
  <p class="ecl-u-type-paragraph">${t('signIn.passkeyText')}</p>
  ${button(t('signIn.passkeyButton'), { type: 'button', variant: 'secondary', busy: state.busy, onClick: () => void passkeySignIn() })}
  ${
    eidProviders().length
      ? html`<h2 class="ecl-u-type-heading-3 ecl-u-mt-l">${t('signIn.eidTitle')}</h2>
          <p class="ecl-u-type-paragraph">${t('signIn.eidText')}</p>
          ${eidProviders().map((provider) =>
            button(t('signIn.eidButton', { provider: provider.name }), {
              type: 'button',
              variant: 'secondary',
              busy: state.busy,
              onClick: () => void eidSignIn(provider.id),
            }),
          )}`
      : nothing
  }
  <p class="ecl-u-type-paragraph ecl-u-mt-l">${t('signIn.noAccount')} <a class="ecl-link" href="/create-account">${t('createAccount.submit')}</a></p>
`;

const authenticateView = () => html`
  <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('signIn.welcome')}</h1>
  ${
    state.eid
      ? html`<p class="ecl-u-type-paragraph" id="eid-proven">${t('signIn.eidProven', { provider: state.eid.providerName })}</p>`
      : html`<p class="pa-username"><strong>${state.login}</strong> ${t('common.external')}</p>`
  }
  <p>
    <a class="ecl-link" href="/sign-in" @click=${(event: Event) => (event.preventDefault(), (state.eid = undefined), goTo('identify'))}
      >${t('signIn.otherAddress')}</a
    >
  </p>
  ${errorSummary(state.errors, { password: t('signIn.password'), phoneNumber: t('signIn.phone'), recoveryCode: t('signIn.recoveryCode') })}
  <form novalidate @submit=${authenticate} class="pa-form">
    ${
      state.eid
        ? nothing
        : html`<input type="text" name="username" autocomplete="username" value=${state.login} hidden />
            ${field({ name: 'password', label: t('signIn.password'), type: 'password', autocomplete: 'current-password', errors: state.errors, width: 'l' })}
            <p class="ecl-u-mb-l"><a class="ecl-link" href="/lost-password">${t('signIn.lostPassword')}</a></p>`
    }
    ${radios({
      name: 'method',
      legend: t('signIn.method'),
      errors: state.errors,
      value: state.method,
      // After an eID, the second factor is required: no "password alone".
      options: METHODS.filter((method) => !state.eid || method.value !== 'password').map((method) => ({
        value: method.value,
        label: t(`signIn.methods.${method.value}`),
        disabled: !method.available,
        note: method.available ? undefined : t('signIn.unavailable'),
      })),
      onChange: (value) => {
        state.method = value;
        refresh();
      },
    })}
    <ul class="ecl-unordered-list ecl-u-type-paragraph-s ecl-u-mb-l" id="unavailable-methods">
      ${METHODS.filter((method) => !method.available).map(
        (method) =>
          html`<li class="ecl-unordered-list__item">
            ${t(`signIn.methods.${method.value}`)} : ${t(`signIn.unavailableWhy.${method.value}`)}
            <a class="ecl-link" href="/help">${t('signIn.unavailableHelp')}</a>
          </li>`,
      )}
    </ul>
    ${
      state.method === 'sms'
        ? field({
            name: 'phoneNumber',
            label: t('signIn.phone'),
            type: 'tel',
            autocomplete: 'tel',
            inputmode: 'tel',
            errors: state.errors,
            help: t('signIn.phoneHelp'),
            value: state.phoneNumber,
          })
        : nothing
    }
    ${
      state.method === 'recovery_code'
        ? field({
            name: 'recoveryCode',
            label: t('signIn.recoveryCode'),
            autocomplete: 'one-time-code',
            errors: state.errors,
            width: 'm',
            help: t('signIn.recoveryCodeHelp'),
          })
        : nothing
    }
    <p class="ecl-u-mb-l"><a class="ecl-link" href="/lost-phone">${t('signIn.lostPhone')}</a></p>
    ${button(t('signIn.connect'), { busy: state.busy })}
  </form>
`;

/** The authenticator app's code: nothing was sent, the app shows it. */
const totpChallengeView = () => html`
  <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('signIn.totpTitle')}</h1>
  <p class="ecl-u-type-paragraph">${t('signIn.totpText')}</p>
  ${errorSummary(state.errors, { code: t('signIn.totpCode') })}
  <form novalidate @submit=${completeChallenge} class="pa-form">
    ${field({
      name: 'code',
      label: t('signIn.totpCode'),
      errors: state.errors,
      autocomplete: 'one-time-code',
      inputmode: 'numeric',
      width: 's',
      help: t('signIn.totpHelp'),
    })}
    ${button(t('signIn.connect'), { busy: state.busy })}
  </form>
`;

const challengeView = () =>
  state.method === 'software_token'
    ? totpChallengeView()
    : html`
        <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('signIn.challengeTitle')}</h1>
        <p class="ecl-u-type-paragraph">${t('signIn.challengeText')}</p>
        <dl class="ecl-description-list ecl-description-list--horizontal">
          <dt class="ecl-description-list__term">${t('signIn.phoneNumber')}</dt>
          <dd class="ecl-description-list__definition">${state.phoneNumber}</dd>
        </dl>
        ${errorSummary(state.errors, { code: t('signIn.challengeCode') })}
        <form novalidate @submit=${completeChallenge} class="pa-form">
          ${field({
            name: 'code',
            label: t('signIn.challengeCode'),
            errors: state.errors,
            autocomplete: 'one-time-code',
            width: 's',
            help: t('signIn.challengeHelp'),
          })}
          ${button(t('signIn.connect'), { busy: state.busy })}
        </form>
        ${notification('info', t('signIn.reflexTitle'), t('signIn.reflexText'))}
      `;

const VIEWS: Record<Step, () => ReturnType<typeof html>> = { identify: identifyView, authenticate: authenticateView, challenge: challengeView };

/** "Connexion": email or username, then password and the authentication method, then the SMS code. */
export const signIn: Page = {
  path: '/sign-in',
  title: () => t('signIn.title'),
  enter: (query, again) => {
    if (again) return; // halfway through signing in: stay at the same step
    void loadEidProviders();
    const next = query.get('next') ?? '';
    // Only a path of this site: never an open redirect.
    state.next = (/^\/[a-z-/]*$/.test(next) || /^\/oidc\/interaction\/[\w-]+$/.test(next)) && !next.startsWith('//') ? next : '/account';
    state.expired = query.get('expired') === '1';
    state.step = 'identify';
    // The manual's method again, whatever was chosen last time: a page that asks for the SMS code
    // (the account page after a password-only sign-in) leads here.
    state.method = 'sms';
    state.errors = noErrors();
    // Back from the eID provider with a linked identity: the second factor, in place of the password.
    state.eid = takeEidProof();
    if (state.eid) state.step = 'authenticate';
  },
  view: () => VIEWS[state.step](),
};
