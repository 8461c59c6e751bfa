import { html, nothing } from 'lit-html';
import { MIN_PASSWORD_LENGTH, REQUIRED_GROUPS, SPECIAL_CHARACTERS, characterGroupsUsed, containsUsername } from '../../../shared/domain/password-rules';
import { api } from '../api';
import { loadMe, navigate, refresh, type Page } from '../app';
import { date, dateTime, t } from '../i18n';
import { refuse, send } from '../form';
import { button, errorSummary, errorsFrom, field, formValues, icon, noErrors, notification, type FormErrors } from '../ui';
import { forgetFragmentToken, takeFragmentToken } from '../fragment-token';

const state: {
  token: string;
  link?: { username: string; expiresAt: string };
  linkError?: string;
  errors: FormErrors;
  busy: boolean;
  password: string;
  examples: string[];
  examplesBusy: boolean;
  examplesError?: string;
} = { token: '', errors: noErrors(), busy: false, password: '', examples: [], examplesBusy: false };

const TOKEN_KEY = 'passerelle.passwordLink';
const takeToken = () => takeFragmentToken(TOKEN_KEY);

const loadExamples = async () => {
  state.examplesBusy = true;
  refresh();
  const result = await api<{ examples: string[] }>('GET', '/password-examples');
  state.examplesBusy = false;
  state.examplesError = result.ok ? undefined : result.error.message;
  if (result.ok) state.examples = result.data.examples.slice(0, 3);
  refresh();
};

const checks = () => {
  const password = state.password;
  return [
    { key: 'min_length', met: [...password].length >= MIN_PASSWORD_LENGTH },
    { key: 'character_groups', met: characterGroupsUsed(password) >= REQUIRED_GROUPS },
    { key: 'contains_username', met: password.length > 0 && !containsUsername(password, state.link?.username) },
  ];
};

const checklist = () =>
  html`<div class="pa-checklist" id="password-rules">
    <p class="ecl-u-type-paragraph-s">${t('setPassword.rulesIntro')}</p>
    <ul class="pa-checklist__list">
      ${checks().map(
        (check) =>
          html`<li class=${check.met ? 'pa-met' : 'pa-unmet'}>
            ${icon(check.met ? 'check-filled' : 'close-outline', 's')}
            <span>${t(`setPassword.rules.${check.key}`)}</span>
            <span class="ecl-u-sr-only">${check.met ? t('setPassword.met') : t('setPassword.unmet')}</span>
          </li>`,
      )}
    </ul>
    <ul class="pa-groups">
      <li>${t('setPassword.groups.upper')}</li>
      <li>${t('setPassword.groups.lower')}</li>
      <li>${t('setPassword.groups.digits')}</li>
      <li>${t('setPassword.groups.special')} <code>${SPECIAL_CHARACTERS}</code></li>
    </ul>
  </div>`;

const submit = async (event: SubmitEvent) => {
  const values = formValues(event);
  const result = await send(state, () =>
    api('POST', '/password', { token: state.token, password: values.password, passwordConfirmation: values.passwordConfirmation }),
  );
  if (result.ok) {
    forgetFragmentToken(TOKEN_KEY);
    state.password = '';
    await loadMe();
    navigate('/password-changed');
    return;
  }
  if (result.error.code === 'link_expired') {
    state.linkError = result.error.message;
    refresh();
    requestAnimationFrame(() => document.getElementById('dead-link')?.focus());
    return;
  }
  refuse(state, errorsFrom(result.error, { password_policy: 'password' }));
};

const deadLink = (message: string) =>
  html`${notification('error', message, html`<p>${t('setPassword.deadLinkText')}</p>`, 'dead-link')}
    <p><a class="ecl-button ecl-button--primary pa-link-button" href="/lost-password">${t('signIn.lostPassword')}</a></p>`;

/** Step 6: the link from the email; the person chooses a password. */
export const setPassword: Page = {
  path: '/set-password',
  title: () => t('setPassword.title'),
  enter: async () => {
    state.token = takeToken();
    state.errors = noErrors();
    state.password = '';
    state.link = undefined;
    state.linkError = undefined;
    if (!state.token) {
      state.linkError = t('setPassword.noToken');
      return;
    }
    const [lookup] = await Promise.all([
      api<{ username: string; expiresAt: string }>('POST', '/password-links/lookup', { token: state.token }),
      loadExamples(),
    ]);
    if (lookup.ok) state.link = lookup.data;
    else state.linkError = lookup.error.message;
  },
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('setPassword.title')}</h1>
    ${
      state.linkError
        ? deadLink(state.linkError)
        : html`
            <p class="ecl-u-type-paragraph">${t('setPassword.advice')} <strong>${t('setPassword.example')}</strong></p>
            <p class="ecl-u-type-paragraph">${t('setPassword.choose')}</p>
            <p class="pa-username"><strong>${state.link?.username}</strong> ${t('common.external')}</p>
            ${state.link ? html`<p class="ecl-u-type-paragraph-s">${t('setPassword.validUntil', { until: dateTime(state.link.expiresAt) })}</p>` : nothing}
            ${errorSummary(state.errors, { password: t('setPassword.password'), passwordConfirmation: t('setPassword.confirmation') })}
            <form novalidate @submit=${submit} class="pa-form">
              <input type="text" name="username" autocomplete="username" value=${state.link?.username ?? ''} hidden />
              ${field({
                name: 'password',
                label: t('setPassword.password'),
                type: 'password',
                autocomplete: 'new-password',
                errors: state.errors,
                width: 'l',
                help: t('setPassword.passwordHelp'),
                onInput: (event) => {
                  state.password = (event.target as HTMLInputElement).value;
                  refresh();
                },
              })}
              ${checklist()}
              ${field({
                name: 'passwordConfirmation',
                label: t('setPassword.confirmation'),
                type: 'password',
                autocomplete: 'new-password',
                errors: state.errors,
                width: 'l',
              })}
              ${button(t('setPassword.submit'), { busy: state.busy })}
            </form>
            <section class="ecl-u-mt-xl" aria-labelledby="examples-title">
              <h2 class="ecl-u-type-heading-4" id="examples-title">${t('setPassword.examplesTitle')}</h2>
              <ul class="pa-examples" aria-live="polite">
                ${state.examples.map((example) => html`<li><code>${example}</code></li>`)}
              </ul>
              ${state.examplesError ? html`<p class="pa-error-text" role="alert">${state.examplesError}</p>` : nothing}
              ${button(t('setPassword.moreExamples'), { type: 'button', variant: 'secondary', busy: state.examplesBusy, onClick: () => void loadExamples() })}
            </section>
            <p class="ecl-u-type-paragraph-s ecl-u-mt-l">${t('setPassword.linkDate', { date: state.link ? date(state.link.expiresAt) : '' })}</p>
          `
    }
  `,
};
