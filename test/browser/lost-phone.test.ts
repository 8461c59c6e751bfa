import { nextMobileNumber } from '../support/api-client';
import { checkPage, containsText, exactly, hasCount, hasText, openPage, signIn, withSiteAndBrowser } from '../support/browser';

const EMAIL = 'a.rossi@example.org';
const PASSWORD = 'Ceci est un exemple1';

describe('the web client, in a real browser: a lost phone', () => {
  const env = withSiteAndBrowser();

  it('signs in with a recovery code, renews the codes, asks "J\'ai perdu mon téléphone" and cancels it from the email, each page accessible', async () => {
    // A pensioner as the manual leaves them, through the API: password, first phone, the ten codes.
    const { api } = env;
    expect((await api.register({ firstName: 'Anna', lastName: 'Rossi', email: EMAIL, emailLanguage: 'fr' })).status).toBe(202);
    await api.advance(15 * 60);
    const token = (await api.latestLinkToken(EMAIL))!;
    expect((await api.post('/api/v1/password', { token, password: PASSWORD, passwordConfirmation: PASSWORD })).status).toBe(200);
    const phoneNumber = nextMobileNumber();
    const { challengeId } = (await api.post('/api/v1/me/phones', { phoneNumber })).body;
    const { recoveryCodes } = (await api.post('/api/v1/me/phones/verify', { challengeId, code: await api.latestSmsCode(phoneNumber) })).body;

    const { page, problems } = await openPage(env.browser, env.server.url);

    // "Code de récupération" in place of the SMS code.
    await page.goto('/sign-in');
    await page.getByLabel('Utilisez votre adresse électronique').fill(EMAIL);
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByLabel(exactly('Mot de passe')).fill(PASSWORD);
    await page.locator('#method-recovery_code').focus();
    await page.keyboard.press('Space');
    await page.getByLabel(exactly('Code de récupération')).fill('ABCD-EFGH-JKMN');
    await checkPage(page, 'lost-phone-01-sign-in-recovery-code');
    await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
    await page.locator('#password-error').waitFor();
    await page.getByLabel(exactly('Mot de passe')).fill(PASSWORD);
    await page.getByLabel(exactly('Code de récupération')).fill(recoveryCodes[0]);
    await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
    await hasText(page.getByRole('heading', { level: 1 }), 'Mon compte');
    await containsText(page.locator('main'), 'Codes non utilisés : 9');
    await checkPage(page, 'lost-phone-02-account');

    // "Générer de nouveaux codes": ten new codes, shown once, then back to the account.
    await page.getByRole('button', { name: 'Générer de nouveaux codes' }).click();
    await hasText(page.getByRole('heading', { level: 1 }), 'Vos codes de récupération');
    await hasCount(page.locator('.pa-recovery-codes li'), 10);
    const renewed = await page.locator('.pa-recovery-codes li').first().textContent();
    expect(recoveryCodes).not.toContain(renewed!.trim());
    await page.getByRole('button', { name: 'Continuer' }).click();
    await containsText(page.locator('#kept-error'), 'Confirmez que vous avez conservé vos codes');
    await checkPage(page, 'lost-phone-03-recovery-codes');
    await page.getByLabel("J'ai conservé mes codes de récupération").focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await containsText(page.locator('main'), 'Codes non utilisés : 10');
    await page.goto('/recovery-codes');
    await containsText(page.locator('main'), "ne sont affichés qu'une fois");

    // Signed out, "J'ai perdu mon téléphone" from the sign-in page: sign in with the password first.
    await page.getByRole('button', { name: 'Déconnexion' }).click();
    await hasText(page.getByRole('heading', { level: 1 }), 'Déconnexion');
    await page.goto('/sign-in');
    await page.getByLabel('Utilisez votre adresse électronique').fill(EMAIL);
    await page.getByRole('button', { name: 'Suivant' }).click();
    await page.getByRole('link', { name: "J'ai perdu mon téléphone" }).click();
    await hasText(page.getByRole('heading', { level: 1 }), "J'ai perdu mon téléphone");
    await containsText(page.locator('main'), 'Mot de passe');
    await checkPage(page, 'lost-phone-04-signed-out');
    await page.locator('main').getByRole('link', { name: 'Connexion' }).click();
    await signIn(page, api, EMAIL, PASSWORD);
    await hasText(page.getByRole('heading', { level: 1 }), "J'ai perdu mon téléphone");
    await containsText(page.locator('main'), '72 heures');
    await containsText(page.locator('main'), 'Il vous reste 10 code(s) de récupération');
    await checkPage(page, 'lost-phone-05-explained');
    await page.getByRole('button', { name: 'Confirmer la demande' }).click();
    await containsText(page.locator('#reset-status'), 'Votre demande est enregistrée');
    await checkPage(page, 'lost-phone-06-requested');
    await page.locator('.pa-menu').getByRole('link', { name: 'Mon compte' }).click();
    await containsText(page.locator('main'), 'Une demande de retrait de vos téléphones est en cours');

    // The owner opens the email's link on another device, signed out, and cancels.
    const email = (await api.outbox(EMAIL)).at(-1)!;
    expect(email.subject).toBe('Demande de retrait de vos téléphones portables');
    const link = /(http:\/\/\S+\/cancel-reset#token=[\w-]+)/.exec(email.text)![1];
    const other = await openPage(env.browser, env.server.url);
    await other.page.goto(link);
    await hasText(other.page.getByRole('heading', { level: 1 }), 'Annuler la demande de retrait de vos téléphones');
    expect(other.page.url()).not.toContain('token');
    await checkPage(other.page, 'lost-phone-07-cancel');
    await other.page.getByRole('button', { name: 'Annuler la demande' }).click();
    await containsText(other.page.locator('#reset-cancelled'), 'La demande est annulée');
    await checkPage(other.page, 'lost-phone-08-cancelled');
    const again = await other.context.newPage();
    await again.goto(link);
    await again.getByRole('button', { name: 'Annuler la demande' }).click();
    await containsText(again.locator('#error-summary'), "Ce lien d'annulation n'est plus valable");

    // The session that asked is over; the phone is still there.
    await page.locator('.pa-menu').getByRole('link', { name: 'Mon compte' }).click();
    await page.waitForURL(/\/sign-in/);
    expect((await api.get('/api/v1/me')).status).toBe(401);
    expect([...problems, ...other.problems]).toEqual([]);
  }, 240_000);
});
