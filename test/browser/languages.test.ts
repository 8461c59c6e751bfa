import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { checkPage, containsText, hasText, isFocused, jumpClock, openPage, withSiteAndBrowser } from '../support/browser';

const LANGUAGES = ['fr', 'en', 'de', 'it', 'nl'] as const;
/** A locale file as the page or the API reads it (loosely typed: a client's view). */
const localeFile = (path: string): any => JSON.parse(readFileSync(join(__dirname, '..', '..', path), 'utf8'));
const pageText = (language: string) => localeFile(`web/locales/${language}.json`);
const apiText = (language: string) => localeFile(`shared/locales/${language}.json`);

/** Presses Tab until the element with `id` has the focus: proves it is in the keyboard's path. */
const tabTo = async (page: Page, id: string) => {
  for (let presses = 0; presses < 60; presses++) {
    if (await page.evaluate((wanted) => document.activeElement?.id === wanted, id)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error(`#${id} cannot be reached with the Tab key`);
};

describe('the web client in five languages, with the keyboard alone', () => {
  const env = withSiteAndBrowser();

  it.each(LANGUAGES.filter((language) => language !== 'fr'))('switches to %s on any page; pages and API errors follow', async (language) => {
    const { page, problems } = await openPage(env.browser, env.server.url);
    const text = pageText(language);
    await page.goto('/create-account');
    await hasText(page.getByRole('heading', { level: 1 }), pageText('fr').createAccount.title);
    await page.locator(`header a[hreflang="${language}"]`).click();
    await hasText(page.getByRole('heading', { level: 1 }), text.createAccount.title);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
    expect(await page.locator('#emailLanguage').inputValue()).toBe(language);

    // The API answers in the page's language, each message beside its field.
    await page.getByRole('button', { name: text.createAccount.submit }).click();
    await hasText(page.locator('#firstName-error'), apiText(language).fields.required);
    await containsText(page.locator('#error-summary'), apiText(language).errors.validation_failed);
    await checkPage(page, `lang-${language}-create-account`);

    // The choice holds from page to page. axe checks each page in French in the other suites; here,
    // what a translation can break: the page's language and the longest text (help).
    for (const [path, title] of [
      ['/', text.home.title],
      ['/sign-in', text.signIn.title],
      ['/help', text.help.title],
      ['/privacy', text.privacy.title],
    ]) {
      await page.goto(path);
      await hasText(page.getByRole('heading', { level: 1 }), title);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(language);
      if (path === '/help') await checkPage(page, `lang-${language}-help`);
    }
    expect(problems).toEqual([]);
  });

  it('keeps a language asked for by the address (?lang=) for the next visit, as an emailed link is', async () => {
    const { page, problems } = await openPage(env.browser, env.server.url);
    await page.goto('/help?lang=it');
    await hasText(page.getByRole('heading', { level: 1 }), pageText('it').help.title);
    await page.goto('/privacy');
    await hasText(page.getByRole('heading', { level: 1 }), pageText('it').privacy.title);
    expect(problems).toEqual([]);
  });

  it('redraws errors already shown in the language the person switches to', async () => {
    const { page, problems } = await openPage(env.browser, env.server.url);
    await page.goto('/create-account');
    await page.getByRole('button', { name: pageText('fr').createAccount.submit }).click();
    await hasText(page.locator('#firstName-error'), apiText('fr').fields.required);
    await page.locator('header a[hreflang="de"]').click();
    await hasText(page.locator('#firstName-error'), apiText('de').fields.required);
    await containsText(page.locator('#error-summary'), apiText('de').errors.validation_failed);
    await containsText(page.locator('#error-summary'), `${pageText('de').createAccount.firstName}: ${apiText('de').fields.required}`);
    expect(problems).toEqual([]);
  });

  it('creates an account with the keyboard alone: Tab, typing, arrows, Space and Enter', async () => {
    const { page, problems } = await openPage(env.browser, env.server.url);
    const captcha = page.waitForResponse((response) => response.url().endsWith('/api/v1/captcha'));
    await page.goto('/create-account');
    const { captchaId } = await (await captcha).json();
    await page.locator('.pa-captcha').waitFor();

    // The skip link comes first and leads to the content.
    await page.keyboard.press('Tab');
    await isFocused(page.locator('.ecl-skip-link'));
    await page.keyboard.press('Enter');
    await isFocused(page.locator('#main'));

    for (const [id, value] of [
      ['firstName', 'Jan'],
      ['lastName', 'Peeters'],
      ['email', 'jan.peeters@example.org'],
      ['emailConfirmation', 'jan.peeters@example.org'],
    ]) {
      await tabTo(page, id);
      await page.keyboard.type(value);
    }
    await tabTo(page, 'emailLanguage');
    await page.keyboard.press('ArrowDown'); // fr -> en, as the list is ordered
    expect(await page.locator('#emailLanguage').inputValue()).toBe('en');
    await tabTo(page, 'captchaAnswer');
    await page.keyboard.type((await env.api.get(`/_local/captcha/${captchaId}`)).body.answer);
    await tabTo(page, 'privacyAccepted');
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab'); // the privacy statement link
    await page.keyboard.press('Tab'); // "Créer un compte"
    expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Créer un compte');
    await page.keyboard.press('Enter');
    await hasText(page.getByRole('heading', { level: 1 }), 'Compte créé');
    // The new page starts at its heading, for screen readers and keyboards alike.
    await isFocused(page.getByRole('heading', { level: 1 }));
    expect(problems).toEqual([]);
  });

  it('reflows on a 320-pixel-wide screen: nothing to scroll sideways (WCAG 1.4.10)', async () => {
    const { page, problems } = await openPage(env.browser, env.server.url, { width: 320, height: 640 });
    for (const path of ['/', '/create-account', '/sign-in', '/help']) {
      await page.goto(path);
      await page.locator('main h1').waitFor();
      expect([path, await page.evaluate(() => document.documentElement.scrollWidth)]).toEqual([path, 320]);
      await checkPage(page, `narrow${path.replace(/\//g, '-').replace(/-$/, '-home')}`);
    }
    expect(problems).toEqual([]);
  });

  it('moves the virtual clock by six calendar months from the developer bar', async () => {
    const { page, problems } = await openPage(env.browser, env.server.url);
    await page.goto('/help');
    const before = new Date((await env.api.get('/_local/clock')).body.now);
    await jumpClock(page, '+6 mois');
    const after = new Date((await env.api.get('/_local/clock')).body.now);
    const expected = new Date(before);
    expected.setUTCMonth(expected.getUTCMonth() + 6);
    // Calendar months (181 to 184 days), not a fixed number of days; the clock flows meanwhile.
    expect(Math.abs(after.getTime() - expected.getTime())).toBeLessThan(5 * 3600_000);
    expect(after.getTime() - before.getTime()).toBeGreaterThan(180 * 86_400_000);
    expect(problems).toEqual([]);
  });

  it('keeps every other page accessible: dead links, lost password, unknown address, pages behind sign-in', async () => {
    const { page, problems } = await openPage(env.browser, env.server.url);
    await page.goto('/set-password#token=not-a-real-token');
    await containsText(page.locator('main'), apiText('fr').errors.link_expired);
    await checkPage(page, 'set-password-dead-link');

    await page.goto('/lost-password');
    await checkPage(page, 'lost-password');
    await page.getByLabel(/^Nom d'utilisateur ou adresse électronique/).fill('personne@example.org');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await containsText(page.locator('main'), pageText('fr').lostPassword.sentTitle);
    await checkPage(page, 'lost-password-sent');

    await page.goto('/privacy');
    await checkPage(page, 'privacy');

    await page.goto('/nowhere');
    await hasText(page.getByRole('heading', { level: 1 }), pageText('fr').notFound.title);
    await checkPage(page, 'not-found');

    // Pages that need a session send to "Connexion", and come back after it.
    for (const path of ['/account', '/rcam', '/pmo']) {
      await page.goto(path);
      await page.waitForURL(`**/sign-in?next=${encodeURIComponent(path)}`);
    }
    expect(problems).toEqual([]);
  });
});
