import french from '../../web/locales/fr.json';
import dutch from '../../web/locales/nl.json';
import { ApiClient, personWithSmsSession, signInWithSms } from '../support/api-client';
import { checkPage, containsText, hasCount, hasText, openPage, reloadUntil, signIn, withSiteAndBrowser } from '../support/browser';

const PMO = { email: 'pmo@example.org', password: 'Relecture PMO 2026', phone: '+32470000001' };
const FORM = { staffNumber: '654321', staffNumberConfirmation: '654321', lastName: 'Jansen', firstName: 'Piet', birthDate: '01/02/1948' };

describe('the PMO console and the account page, in a real browser', () => {
  const env = withSiteAndBrowser();

  /** A browser signed in with password and SMS code, through the sign-in page. */
  const browserAs = async (api: ApiClient, login: string, password: string, phone: string, path: string) => {
    const opened = await openPage(env.browser, env.server.url);
    await opened.page.goto(path);
    await opened.page.waitForURL(/\/sign-in/);
    await signIn(opened.page, env.api, login, password, phone);
    await opened.page.waitForURL((url) => url.pathname === path.split('?')[0]);
    return opened;
  };

  it('leads from a spent SMS code back to a new one: too many wrong codes, then the password again', async () => {
    const person = new ApiClient(env.server.url);
    const { phoneNumber, password } = await personWithSmsSession(person, { email: 'ana.silva@example.org', firstName: 'Ana', lastName: 'Silva' });
    const { page, problems } = await openPage(env.browser, env.server.url);
    await page.goto('/sign-in');
    await page.getByLabel(/^Utilisez votre adresse électronique/).fill('ana.silva@example.org');
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByLabel(/^Mot de passe\*?$/).fill(password);
    await page.getByLabel(/^Téléphone portable\*?$/).fill(phoneNumber);
    await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
    const codeField = page.getByLabel('Code «challenge» reçu par SMS');
    await codeField.waitFor();
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 6 && (await codeField.isVisible()); attempt++) {
      await codeField.fill('AAA-AAA-AAA');
      const answered = page.waitForResponse((response) => response.url().endsWith('/api/v1/sessions/challenge'));
      await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
      statuses.push((await answered).status());
      await page.locator('#error-summary').waitFor();
    }
    expect(statuses.at(-1)).toBe(410);
    // Back at the password, told why and what to do.
    await hasText(page.getByRole('heading', { level: 1 }), 'Bienvenue');
    await containsText(page.locator('#error-summary'), 'Saisissez de nouveau votre mot de passe');
    await checkPage(page, 'sign-in-code-spent');
    // Three SMS in ten minutes is the most a number gets: a new code now is refused beside the phone...
    await page.getByLabel(/^Mot de passe\*?$/).fill(password);
    await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
    await containsText(page.locator('#phoneNumber-error'), 'Trop de SMS ont été envoyés à ce numéro.');
    await containsText(page.locator('#error-summary'), /Vous pourrez réessayer dans ([1-9]|10) min\./);
    // ...and given a quarter of an hour later.
    await env.api.advance(15 * 60);
    await page.getByLabel(/^Mot de passe\*?$/).fill(password);
    await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
    await codeField.waitFor(); // the new SMS is in the outbox once the page asks for it
    await codeField.fill(await person.latestSmsCode(phoneNumber));
    await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
    await hasText(page.getByRole('heading', { level: 1 }), 'Mon compte');
    expect(problems).toEqual([]);
  }, 60_000);

  it('rejects a request with a reason; the person reads it and may ask again; a phone is removed', async () => {
    const person = new ApiClient(env.server.url);
    const { phoneNumber, password } = await personWithSmsSession(person, {
      email: 'piet.jansen@example.org',
      firstName: 'Piet',
      lastName: 'Jansen',
      emailLanguage: 'nl',
    });
    expect((await person.post('/api/v1/rcam/code-requests', FORM)).status).toBe(202);
    const clerk = await browserAs(person, PMO.email, PMO.password, PMO.phone, '/pmo');
    await hasText(clerk.page.getByRole('heading', { level: 1 }), 'Console PMO');
    await reloadUntil(clerk.page, () => clerk.page.getByRole('button', { name: 'Examiner' }).isVisible());
    await clerk.page.getByRole('button', { name: 'Examiner' }).click();
    await clerk.page.locator('label[for="decision-reject"]').click(); // as a mouse user does: on the label ECL draws
    // A rejection without its reason is refused, the message beside the field.
    await clerk.page.getByRole('button', { name: 'Refuser la demande' }).click();
    await hasText(clerk.page.locator('#reason-error'), 'Ce champ est obligatoire.');
    await checkPage(clerk.page, 'pmo-reject-form');
    await clerk.page.getByLabel(/^Motif du refus/).fill('Le numéro de matricule ne correspond pas à nos dossiers.');
    await clerk.page.getByRole('button', { name: 'Refuser la demande' }).click();
    await containsText(clerk.page.locator('#pmo-message'), 'Piet Jansen');
    await containsText(clerk.page.locator('main'), 'Aucune demande en attente.');

    // The person, in Dutch: the request is refused; the form is back for a new one.
    const { page, problems } = await browserAs(person, 'piet.jansen@example.org', password, phoneNumber, '/rcam');
    await page.locator('header a[hreflang="nl"]').click();
    await containsText(page.locator('#rcam-status'), dutch.rcam.status.rejected);
    await page.getByLabel(/^Personeelsnummer \(bevestiging\)/).waitFor();
    await checkPage(page, 'rcam-rejected-nl');
    const rejection = (await person.outbox('piet.jansen@example.org')).at(-1)!;
    expect(rejection.language).toBe('nl');
    expect(rejection.text).toContain('Le numéro de matricule ne correspond pas à nos dossiers.');

    // "Mijn account": the phone can be removed with an SMS-proven session.
    await page.locator('.pa-menu a[href="/account"]').click();
    await hasCount(page.locator('tbody tr'), 1);
    let asked = '';
    page.once('dialog', (dialog) => {
      asked = dialog.message();
      void dialog.accept();
    });
    await page
      .locator('tbody')
      .getByRole('button', { name: new RegExp(phoneNumber.replace('+', '\\+')) })
      .click();
    await hasCount(page.locator('tbody tr'), 0);
    await containsText(page.locator('#account-message'), dutch.account.phoneRemoved);
    expect(asked).toBe(dutch.account.confirmRemove.replace('{phone}', phoneNumber));
    // Removing a phone ends the account's other sessions: the API client's is one of them.
    expect((await person.get('/api/v1/me')).status).toBe(401);
    expect((await person.outbox(phoneNumber)).length).toBeGreaterThan(0);
    await checkPage(page, 'account-phone-removed-nl');

    // A day later the session is over: the page says so on "Aanmelden", and leads back to the account.
    await page.getByRole('button', { name: '+24 h', exact: true }).click();
    await page.waitForURL(/\/sign-in\?next=%2Faccount&expired=1$/);
    await containsText(page.locator('main'), dutch.signIn.expired);
    await checkPage(page, 'sign-in-session-expired-nl');
    expect([...problems, ...clerk.problems]).toEqual([]);
  }, 120_000);

  it('shows a clerk their own request without the means to decide it, and its history', async () => {
    // Past the 10 minutes in which the reviewer's phone already had SMS.
    await env.api.advance(11 * 60);
    const self = new ApiClient(env.server.url);
    await signInWithSms(self, PMO.email, PMO.password, PMO.phone);
    expect((await self.post('/api/v1/rcam/code-requests', { ...FORM, staffNumber: '777777', staffNumberConfirmation: '777777' })).status).toBe(202);
    const clerk = await browserAs(self, PMO.email, PMO.password, PMO.phone, '/pmo');
    await reloadUntil(clerk.page, () => clerk.page.getByText(french.pmo.ownRequest).isVisible());
    await hasCount(clerk.page.getByRole('button', { name: /^Examiner/ }), 0);
    await clerk.page.getByRole('button', { name: /^Historique/ }).click();
    await containsText(clerk.page.locator('main'), french.pmo.historyEmpty);
    await checkPage(clerk.page, 'pmo-own-request');
    expect(clerk.problems).toEqual([]);
  }, 120_000);
});
