import { readFileSync } from 'node:fs';
import { personWithSmsSession } from '../support/api-client';
import { accessibilityViolations, checkPage, containsText, exactly, hasCount, hasText, openPage, signIn, withSiteAndBrowser } from '../support/browser';

const PMO = { email: 'pmo@example.org', password: 'Relecture PMO 2026', phone: '+32470000001' };

describe("the account page, in a real browser: the second factor, and the person's own data", () => {
  const env = withSiteAndBrowser();

  it('asks a password-only session to sign in with the SMS code before touching phones, then signs out everywhere', async () => {
    // A second browser holds a session of the same account: "sign out everywhere" must end it too.
    const other = await openPage(env.browser, env.server.url);
    await other.page.goto('/sign-in?next=/account');
    await signIn(other.page, env.api, PMO.email, PMO.password);
    await other.page.waitForURL((url) => url.pathname === '/account');

    const { page, problems } = await openPage(env.browser, env.server.url);
    await page.goto('/sign-in?next=/account');
    await signIn(page, env.api, PMO.email, PMO.password);
    await page.waitForURL((url) => url.pathname === '/account');
    // The password alone: the number masked, no "Supprimer", and the way to the SMS code instead of the form.
    await containsText(page.locator('tbody'), '••••••••01');
    await hasCount(page.locator('tbody').getByRole('button'), 0);
    await hasCount(page.getByLabel('Numéro de téléphone portable'), 0);
    await containsText(page.locator('main'), 'Connexion avec votre téléphone portable requise');
    await checkPage(page, 'account-step-up');

    // One such link per section that needs it (phones, email, data): the phones' one.
    await page.locator('#step-up-link').click();
    await page.waitForURL(/\/sign-in\?next=\/account$/);
    await signIn(page, env.api, PMO.email, PMO.password, PMO.phone);
    await page.waitForURL((url) => url.pathname === '/account');
    // Proven by SMS: the number in full, its "Supprimer", and the form to add another.
    await containsText(page.locator('tbody'), '+32470000001');
    await hasCount(page.locator('tbody').getByRole('button', { name: /Supprimer/ }), 1);
    await page.getByLabel('Numéro de téléphone portable').waitFor();
    await checkPage(page, 'account-sms');

    await page.getByRole('button', { name: 'Se déconnecter partout' }).click();
    await hasText(page.getByRole('heading', { level: 1 }), 'Déconnexion');
    await page.goto('/account');
    await page.waitForURL(/\/sign-in\?next=%2Faccount/);
    // The other browser's session ended too.
    await other.page.goto('/account');
    await other.page.waitForURL(/\/sign-in\?next=%2Faccount/);
    expect([...problems, ...other.problems]).toEqual([]);
  }, 120_000);

  it('the accessibility check finds what it is there to find: an image without text, a field without a label', async () => {
    const { page } = await openPage(env.browser, env.server.url);
    await page.goto('/help');
    expect(await accessibilityViolations(page)).toEqual([]);
    await page.evaluate(() => document.querySelector('main')!.insertAdjacentHTML('beforeend', '<img src="/favicon.ico"><input type="text">'));
    expect((await accessibilityViolations(page)).map((violation) => violation.split(':')[0]).sort()).toEqual(['image-alt', 'label']);
  });

  it('downloads every personal datum as JSON from the account page, then deletes the account with its email typed again', async () => {
    const { api } = env;
    const person = { email: 'g.martin@example.org', firstName: 'Giulia', lastName: 'Martin' };
    const { phoneNumber, password } = await personWithSmsSession(api, person);
    const { page, problems } = await openPage(env.browser, env.server.url);
    await page.goto('/sign-in?next=/account');
    await signIn(page, api, person.email, password, phoneNumber);
    await hasText(page.getByRole('heading', { level: 1 }), 'Mon compte');

    // "Télécharger mes données": one JSON file, the phone number whole.
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Télécharger mes données' }).click();
    const file = await (await download).path();
    const exported = JSON.parse(readFileSync(file, 'utf8'));
    expect(exported.account).toMatchObject({ email: person.email, firstName: 'Giulia', lastName: 'Martin' });
    expect(JSON.stringify(exported.phones)).toContain(phoneNumber);
    expect(JSON.stringify(exported)).not.toContain(password);

    // "Supprimer mon compte": another address is refused beside the field, and nothing is deleted.
    const confirmation = page.getByLabel(exactly('Confirmez en indiquant votre adresse électronique'));
    await confirmation.fill('quelquun@example.org');
    await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
    await page.locator('#confirmation-error').waitFor();
    await checkPage(page, 'account-delete-refused');
    await confirmation.fill(person.email);
    await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
    await hasText(page.getByRole('heading', { level: 1 }), 'Déconnexion');
    await containsText(page.locator('main'), 'Votre compte a été supprimé.');
    await checkPage(page, 'account-deleted');

    // Gone: the account page sends to "Connexion", and the password opens nothing.
    await page.goto('/account');
    await page.waitForURL(/\/sign-in\?next=%2Faccount/);
    expect((await api.post('/api/v1/sessions', { login: person.email, password, method: 'sms', phoneNumber })).status).toBe(401);
    expect(problems).toEqual([]);
  });
});
