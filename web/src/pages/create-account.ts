import { html } from 'lit-html';
import { api } from '../api';
import { AUTONYMS, navigate, onSignedOut, refresh, type Page } from '../app';
import { LANGUAGES, language, t } from '../i18n';
import { refuse, send } from '../form';
import { button, checkbox, errorSummary, errorsFrom, field, formValues, icon, noErrors, select, type FormErrors } from '../ui';

const form: {
  errors: FormErrors;
  busy: boolean;
  captcha?: { captchaId: string; svg: string };
  captchaFailed: boolean;
  refreshing: boolean;
  emailLanguage?: string;
} = {
  errors: noErrors(),
  busy: false,
  captchaFailed: false,
  refreshing: false,
};

/** The person's address, shown on the next page ("an email will be sent to ..."). */
export const created: { email?: string } = {};
onSignedOut(() => (created.email = undefined));

const loadCaptcha = async () => {
  form.refreshing = true;
  refresh();
  const result = await api<{ captchaId: string; svg: string }>('GET', '/captcha');
  form.refreshing = false;
  form.captcha = result.ok ? result.data : undefined;
  form.captchaFailed = !result.ok;
  refresh();
};

const labels = () => ({
  firstName: t('createAccount.firstName'),
  lastName: t('createAccount.lastName'),
  email: t('createAccount.email'),
  emailConfirmation: t('createAccount.emailConfirmation'),
  emailLanguage: t('createAccount.emailLanguage'),
  captchaAnswer: t('createAccount.captchaAnswer'),
  privacyAccepted: t('createAccount.privacyLabel'),
});

const submit = async (event: SubmitEvent) => {
  const values = formValues(event);
  const result = await send(form, () =>
    api('POST', '/accounts', {
      firstName: values.firstName,
      lastName: values.lastName,
      email: values.email,
      emailConfirmation: values.emailConfirmation,
      emailLanguage: values.emailLanguage,
      captchaId: form.captcha?.captchaId ?? '',
      captchaAnswer: values.captchaAnswer,
      privacyAccepted: values.privacyAccepted === 'on',
    }),
  );
  if (result.ok) {
    created.email = values.email;
    (event.target as HTMLFormElement).reset();
    navigate('/account-created');
    return;
  }
  // A wrong answer burns the image: the API asks for a new one.
  if (result.error.code === 'captcha_invalid') {
    const answer = document.getElementById('captchaAnswer') as HTMLInputElement | null;
    if (answer) answer.value = '';
    await loadCaptcha();
  }
  refuse(form, errorsFrom(result.error));
};

const captchaImage = () => {
  if (form.captchaFailed) return html`<p class="pa-error-text">${t('createAccount.captchaUnavailable')}</p>`;
  if (!form.captcha) return html`<div class="pa-captcha pa-captcha--loading" role="status">${t('common.loading')}</div>`;
  return html`<img
    class="pa-captcha"
    src="data:image/svg+xml;charset=utf-8,${encodeURIComponent(form.captcha.svg)}"
    alt=${t('createAccount.captchaAlt')}
    width="200"
    height="70"
  />`;
};

/** Step 3 of the manual: "Créer un compte". */
export const createAccount: Page = {
  path: '/create-account',
  title: () => t('createAccount.title'),
  enter: async () => {
    form.errors = noErrors();
    // The emails' language follows the page's until the person chooses one.
    form.emailLanguage = undefined;
    await loadCaptcha();
  },
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('createAccount.title')}</h1>
    <p class="ecl-u-type-paragraph"><a class="ecl-link" href="/help">${t('createAccount.helpLink')}</a></p>
    <p class="ecl-u-type-paragraph-s">${t('common.requiredNote')}</p>
    ${errorSummary(form.errors, labels())}
    <form novalidate @submit=${submit} class="pa-form">
      ${field({ name: 'firstName', label: t('createAccount.firstName'), errors: form.errors, autocomplete: 'given-name' })}
      ${field({ name: 'lastName', label: t('createAccount.lastName'), errors: form.errors, autocomplete: 'family-name' })}
      ${field({
        name: 'email',
        label: t('createAccount.email'),
        errors: form.errors,
        type: 'email',
        autocomplete: 'email',
        help: t('createAccount.emailHelp'),
        width: 'l',
      })}
      ${field({
        name: 'emailConfirmation',
        label: t('createAccount.emailConfirmation'),
        errors: form.errors,
        type: 'email',
        autocomplete: 'email',
        width: 'l',
      })}
      ${select({
        name: 'emailLanguage',
        label: t('createAccount.emailLanguage'),
        help: t('createAccount.emailLanguageHelp'),
        errors: form.errors,
        value: form.emailLanguage ?? language(),
        onChange: (value) => (form.emailLanguage = value),
        options: LANGUAGES.map((code) => ({ value: code, label: `${AUTONYMS[code]} (${code})`, lang: code })),
      })}
      <div class="ecl-form-group ecl-u-mb-m pa-captcha-row">
        ${captchaImage()}
        ${button(t('createAccount.captchaRefresh'), { type: 'button', variant: 'secondary', busy: form.refreshing, onClick: () => void loadCaptcha() })}
      </div>
      ${field({
        name: 'captchaAnswer',
        label: t('createAccount.captchaAnswer'),
        errors: form.errors,
        autocomplete: 'off',
        help: t('createAccount.captchaHelp'),
        width: 's',
      })}
      <p class="ecl-u-type-paragraph-s ecl-u-mb-l">${t('createAccount.captchaTrouble')}</p>
      ${checkbox({
        name: 'privacyAccepted',
        errors: form.errors,
        label: html`${t('createAccount.privacyBefore')}
          <a class="ecl-link" href="/privacy" target="_blank" rel="noopener"
            >${t('createAccount.privacyLink')}${icon('external', 'xs')}<span class="ecl-u-sr-only"> ${t('common.newWindow')}</span></a
          >`,
      })}
      ${button(t('createAccount.submit'), { busy: form.busy })}
    </form>
  `,
};
