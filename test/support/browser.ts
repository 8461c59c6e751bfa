import AxeBuilder from '@axe-core/playwright';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ApiClient } from './api-client';
import { chosenChromium } from './chromium';
import { startLocalServer, STARTUP_TIMEOUT_MS, type LocalServer } from './local-server';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';

/**
 * Headless chromium (see ./chromium.ts for which one); playwright never downloads a browser here.
 * Playwright talks to it over a pipe, so the browser ends with the test process, however it ends.
 */
export const launchBrowser = (): Promise<Browser> =>
  chromium.launch({
    executablePath: chosenChromium().executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--no-zygote',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

export const SCREENSHOTS = join(__dirname, '..', '..', 'test-artifacts', 'screenshots');

/**
 * A page that fails the test on any script error and keeps a log of requests that left the origin
 * (there must be none: fonts, icons and styles are all served by the site).
 */
export const openPage = async (browser: Browser, baseURL: string, viewport = { width: 1280, height: 900 }) => {
  const context = await browser.newContext({ baseURL, viewport, locale: 'fr-BE' });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`script error: ${error.message}`));
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.origin !== new URL(baseURL).origin && url.protocol !== 'data:') problems.push(`request left the origin: ${request.url()}`);
  });
  return { context, page, problems };
};

/**
 * Keeps a full-page screenshot as a test artifact when SCREENSHOTS=1 (a full-page
 * capture costs a second on a 2-core machine, and everyday runs need axe's verdict, not pictures).
 */
export const screenshot = async (page: Page, name: string) => {
  if (process.env.SCREENSHOTS !== '1') return;
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
};

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * WCAG 2.2 AA as axe-core checks it: the violations, each as "rule: selectors" (empty when clean).
 * The site's pages have no frames, so axe runs in the page itself (`axe.run`), loaded once per
 * document from the local server's /_local/axe.js: a script of the site's own, which the browser
 * compiles once (handed to each page through the driver, its 550 KB cost 0.2 s of CPU a check).
 * @axe-core/playwright's AxeBuilder gives the same verdict but also opens a blank page per check
 * to merge frame results, which costs 1.5 s a page on a 2-core machine. A page that does have
 * frames still goes through AxeBuilder, so nothing inside a frame goes unchecked.
 */
export const accessibilityViolations = async (page: Page): Promise<string[]> => {
  let violations: { id: string; nodes: { target: unknown[] }[] }[];
  if (page.frames().length > 1) {
    violations = (await new AxeBuilder({ page }).withTags(WCAG_22_AA).analyze()).violations;
  } else {
    if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ url: '/_local/axe.js' });
    violations = await page.evaluate(
      (values) =>
        (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: typeof violations }> } }).axe
          .run(document, { runOnly: { type: 'tag', values }, resultTypes: ['violations'] })
          .then((results) => results.violations),
      WCAG_22_AA,
    );
  }
  return violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`);
};

/** Screenshot, then axe: every page the tests reach is checked the same way. */
export const checkPage = async (page: Page, name: string) => {
  await page.locator('main h1').first().waitFor();
  await screenshot(page, name);
  expect(await accessibilityViolations(page)).toEqual([]);
};

/** Retries an assertion until it holds or `withinMs` (real time) passes: pages update after their API calls. */
export const eventually = async (assertion: () => Promise<void>, withinMs = 10_000) => {
  const started = Date.now();
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() - started > withinMs) throw error;
      await new Promise((ok) => setTimeout(ok, 50));
    }
  }
};

const text = async (locator: Locator) => ((await locator.first().textContent({ timeout: 1000 })) ?? '').replace(/\s+/g, ' ').trim();

/** The element's text, spaces collapsed, is exactly `expected`. */
export const hasText = (locator: Locator, expected: string) => eventually(async () => expect(await text(locator)).toBe(expected));

/** The element's text, spaces collapsed, contains `expected`. */
export const containsText = (locator: Locator, expected: string | RegExp) =>
  eventually(async () => (typeof expected === 'string' ? expect(await text(locator)).toContain(expected) : expect(await text(locator)).toMatch(expected)));

export const hasCount = (locator: Locator, count: number) => eventually(async () => expect(await locator.count()).toBe(count));

export const isFocused = (locator: Locator) =>
  eventually(async () => expect(await locator.evaluate((element) => element === document.activeElement)).toBe(true));

/** A label exactly, with or without the required-field asterisk ("Nom" but not "Nom de famille"). */
export const exactly = (label: string) => new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\*?$`);

/** Steps 12 and 13 of the manual, in the browser. */
export const signIn = async (page: Page, api: ApiClient, login: string, password: string, phone?: string) => {
  await page.getByLabel('Utilisez votre adresse électronique').fill(login);
  await page.getByRole('button', { name: 'Suivant' }).click();
  await page.getByLabel(exactly('Mot de passe')).fill(password);
  if (!phone) {
    // ECL draws its own circle over the radio: choose "Mot de passe" as a keyboard user does.
    await page.locator('#method-password').focus();
    await page.keyboard.press('Space');
    await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
    return;
  }
  await page.getByLabel(exactly('Téléphone portable')).fill(phone);
  await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
  await page.getByRole('heading', { name: 'Authentification par code «challenge» reçu par SMS' }).waitFor();
  await page.getByLabel('Code «challenge» reçu par SMS').fill(await api.latestSmsCode(phone.replace(/\s/g, '')));
  await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
};

export interface SiteAndBrowser {
  server: LocalServer;
  browser: Browser;
  api: ApiClient;
}

/**
 * `npm start` in its own process and a chromium, started together. If either fails to start, the
 * other is stopped before the error goes on: a failed setup leaves nothing running.
 */
export const startSiteAndBrowser = async (startServer: () => Promise<LocalServer> = startLocalServer): Promise<SiteAndBrowser> => {
  const [server, browser] = await Promise.allSettled([startServer(), launchBrowser()]);
  if (server.status === 'fulfilled' && browser.status === 'fulfilled')
    return { server: server.value, browser: browser.value, api: new ApiClient(server.value.url) };
  if (server.status === 'fulfilled') server.value.stop();
  if (browser.status === 'fulfilled') await browser.value.close();
  throw server.status === 'rejected' ? server.reason : (browser as PromiseRejectedResult).reason;
};

/** For a describe block: a site and a browser, started once and stopped after, pass or fail. */
export const withSiteAndBrowser = () => {
  const env = {} as SiteAndBrowser;
  beforeAll(async () => {
    const { executablePath, source } = chosenChromium();
    process.stderr.write(`browser tests: chromium ${executablePath} (${source})\n`);
    Object.assign(env, await startSiteAndBrowser());
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await env.browser?.close();
    env.server?.stop();
  });
  return env;
};

/** Presses a clock button of the developer bar and waits until the jump is over (its buttons are enabled again). */
export const jumpClock = async (page: Page, label: string) => {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.waitForFunction(() => !document.querySelector('.pa-devbar__button[disabled]'));
};

/** Reloads until `ready` holds: workflows move on a moment after a decision. */
export const reloadUntil = async (page: Page, ready: () => Promise<boolean>) => {
  for (let attempt = 0; attempt < 40 && !(await ready()); attempt++) {
    await page.waitForTimeout(250);
    await page.reload();
    await page.locator('main h1').waitFor();
  }
};
