import { translate } from '#domain/i18n';
import type { Language } from '#domain/languages';

/** The few pages the OpenID provider shows itself, in the person's language; the site's stylesheet, no script. */
const escape = (text: string): string => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const page = (language: Language, title: string, body: string, head = ''): string => `<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)} - Passerelle</title>
<link rel="stylesheet" href="/style.css">${head}
</head>
<body>
<main class="ecl-container ecl-u-mv-xl">
<h1 class="ecl-u-type-heading-1">${escape(title)}</h1>
${body}
</main>
</body>
</html>`;

/** "Your access to RCAM en ligne opens on ...": the service is not open to this account yet. */
export const refusalPage = (language: Language, { service, opensAt, continueTo }: { service: string; opensAt?: string; continueTo: string }): string =>
  page(
    language,
    translate(language, 'oidc.refusalTitle'),
    `<p class="ecl-u-type-paragraph" id="refusal">${escape(
      opensAt ? translate(language, 'oidc.opensAt', { service, date: opensAt }) : translate(language, 'oidc.notGranted', { service }),
    )}</p>
<p><a class="ecl-link" href="${escape(continueTo)}">${escape(translate(language, 'oidc.backToService'))}</a></p>`,
  );

/** One navigation started from this origin, so that the SameSite=Strict session cookie comes with it. */
export const bouncePage = (to: string): string =>
  page(
    'fr',
    'Passerelle',
    `<p><a class="ecl-link" href="${escape(to)}">${escape(translate('fr', 'oidc.continue'))}</a></p>`,
    `\n<meta http-equiv="refresh" content="0;url=${escape(to)}">`,
  );

/** RP-initiated logout: the person confirms (the provider's form carries its own anti-forgery value). */
export const logoutPage = (language: Language, form: string): string =>
  page(
    language,
    translate(language, 'oidc.logoutTitle'),
    `<p class="ecl-u-type-paragraph">${escape(translate(language, 'oidc.logoutQuestion'))}</p>
${form}
<button class="ecl-button ecl-button--primary" type="submit" form="op.logoutForm" value="yes" name="logout">${escape(
      translate(language, 'oidc.logoutYes'),
    )}</button>
<button class="ecl-button ecl-button--secondary" type="submit" form="op.logoutForm">${escape(translate(language, 'oidc.logoutNo'))}</button>`,
  );

export const loggedOutPage = (language: Language): string =>
  page(language, translate(language, 'oidc.loggedOutTitle'), `<p class="ecl-u-type-paragraph">${escape(translate(language, 'oidc.loggedOutText'))}</p>`);

/** A request the provider refused before it could send the person back (unknown client, wrong redirect URI): no internals shown. */
export const errorPage = (language: Language, code: string): string =>
  page(
    language,
    translate(language, 'oidc.errorTitle'),
    `<p class="ecl-u-type-paragraph">${escape(translate(language, 'oidc.errorText'))}</p><p><code>${escape(code)}</code></p>`,
  );
