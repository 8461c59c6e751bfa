// A plain client for the first part of the manual; the full ECL client comes with its own issue.
const api = async (method, path, body) => {
  const response = await fetch(`/api/v1${path}`, {
    method,
    // API messages in the page's language, whatever the browser's.
    headers: { 'accept-language': document.documentElement.lang, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = response.headers.get('content-type')?.includes('json') ? await response.json() : undefined;
  return { status: response.status, data };
};

const show = (path) => {
  const pages = [...document.querySelectorAll('[data-page]')];
  const page = pages.find((p) => p.dataset.page === path) ?? pages[0];
  pages.forEach((p) => p.classList.toggle('current', p === page));
  document.title = `${page.querySelector('h1').textContent} – Passerelle`;
  page.dispatchEvent(new Event('shown'));
};
const go = (path) => {
  history.pushState(null, '', path);
  show(path);
  document.getElementById('main').focus();
};

const showErrors = (form, data) => {
  form.querySelectorAll('.error').forEach((e) => e.remove());
  form.querySelectorAll('[aria-invalid]').forEach((e) => e.removeAttribute('aria-invalid'));
  const status = form.querySelector('.status');
  const error = data?.error;
  status.classList.toggle('error-box', Boolean(error));
  status.textContent = error ? error.message : '';
  for (const [name, field] of Object.entries(error?.fields ?? {})) {
    const input = form.elements[name];
    if (!input) continue;
    const message = Object.assign(document.createElement('span'), { className: 'error', id: `${name}-error`, textContent: field.message });
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', message.id);
    (input.type === 'checkbox' ? input.labels[0] : input).after(message);
  }
  if (error?.rules) {
    const list = document.createElement('ul');
    for (const rule of error.rules) list.append(Object.assign(document.createElement('li'), { textContent: rule.message }));
    status.append(list);
  }
};

let captchaId;
const loadCaptcha = async () => {
  const { data } = await api('GET', '/captcha');
  captchaId = data.captchaId;
  const image = new DOMParser().parseFromString(data.svg, 'image/svg+xml').documentElement;
  document.getElementById('captcha-image').replaceChildren(image);
  document.getElementById('captchaAnswer').value = '';
};

const token = () => new URLSearchParams(location.hash.slice(1)).get('token') ?? '';

document.addEventListener('DOMContentLoaded', () => {
  document.querySelector('[data-page="/create-account"]').addEventListener('shown', loadCaptcha);
  document.getElementById('captcha-refresh').addEventListener('click', loadCaptcha);

  document.getElementById('create-account').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const body = Object.fromEntries(['firstName', 'lastName', 'email', 'emailConfirmation', 'emailLanguage', 'captchaAnswer'].map((n) => [n, form.elements[n].value]));
    const { status, data } = await api('POST', '/accounts', { ...body, captchaId, privacyAccepted: form.elements.privacyAccepted.checked });
    if (status === 202) return go('/account-created');
    showErrors(form, data);
    if (data?.error?.code === 'captcha_invalid') loadCaptcha();
  });

  const setPasswordPage = document.querySelector('[data-page="/set-password"]');
  setPasswordPage.addEventListener('shown', async () => {
    const { status, data } = await api('POST', '/password-links/lookup', { token: token() });
    const form = document.getElementById('set-password');
    document.getElementById('username-line').textContent = status === 200 ? `${data.username} (Externe)` : '';
    if (status !== 200) showErrors(form, data);
    const examples = await api('GET', '/password-examples');
    document.getElementById('examples').textContent = examples.data.examples.join('  ');
  });
  document.getElementById('more-examples').addEventListener('click', async () => {
    document.getElementById('examples').textContent = (await api('GET', '/password-examples')).data.examples.join('  ');
  });
  document.getElementById('set-password').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const { status, data } = await api('POST', '/password', {
      token: token(),
      password: form.elements.password.value,
      passwordConfirmation: form.elements.passwordConfirmation.value,
    });
    if (status === 200) return go('/password-changed');
    showErrors(form, data);
  });

  document.getElementById('lost-password').addEventListener('submit', async (event) => {
    event.preventDefault();
    const form = event.target;
    const { status, data } = await api('POST', '/password-links', { login: form.elements.login.value });
    if (status === 202) {
      form.querySelector('.status').textContent = 'Si ce compte existe, un email avec un nouveau lien vient de lui être envoyé. Le lien est valable 24 heures.';
    } else showErrors(form, data);
  });

  document.addEventListener('click', (event) => {
    const link = event.target.closest('a[href^="/"]:not([href^="/_local"])');
    if (!link) return;
    event.preventDefault();
    go(link.getAttribute('href'));
  });
  window.addEventListener('popstate', () => show(location.pathname));

  // The developer bar exists only where the local runtime answers.
  fetch('/_local/clock').then(async (response) => {
    if (!response.ok) return;
    const bar = document.getElementById('dev-bar');
    const clock = document.getElementById('clock');
    const render = (now) => (clock.textContent = `Horloge : ${new Date(now).toLocaleString('fr-BE', { timeZone: 'Europe/Brussels' })}`);
    render((await response.json()).now);
    bar.hidden = false;
    bar.addEventListener('click', async (event) => {
      const seconds = event.target.dataset?.advance;
      if (!seconds) return;
      const moved = await fetch('/_local/clock', { method: 'POST', body: JSON.stringify({ advanceSeconds: Number(seconds) }) });
      render((await moved.json()).now);
    });
  });

  show(location.pathname);
});
