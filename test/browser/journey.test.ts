import {
  checkPage,
  containsText,
  eventually,
  exactly,
  hasCount,
  hasText,
  isFocused,
  jumpClock,
  openPage,
  reloadUntil,
  signIn,
  withSiteAndBrowser,
} from '../support/browser';

const EMAIL = 'm.dupont@example.org';
const PASSWORD = 'Ceci est un exemple1';
const PHONE = '+32 470 98 76 54';
const PMO = { email: 'pmo@example.org', password: 'Relecture PMO 2026', phone: '+32470000001' };

describe('the web client, in a real browser: the whole manual from "Créer un compte" to My Intracomm', () => {
  const env = withSiteAndBrowser();

  it('walks a pensioner and a PMO clerk through every step, each page accessible', async () => {
    const { page, problems } = await openPage(env.browser, env.server.url);

    // Steps 1-3: the home page, then "Créer un compte".
    await page.goto('/');
    await checkPage(page, '01-home');
    const captcha = page.waitForResponse((response) => response.url().endsWith('/api/v1/captcha'));
    await page.locator('main').getByRole('link', { name: 'Créer un compte' }).click();
    const { captchaId } = await (await captcha).json();
    await hasText(page.getByRole('heading', { level: 1 }), 'Créer un compte');
    await page.locator('.pa-captcha').waitFor();
    await checkPage(page, '02-create-account');

    // A wrong form: each error next to its field, in French, and nothing created.
    await page.getByLabel('Prénom').fill('Marie');
    await page.getByLabel('Nom de famille').fill('Dupont');
    await page.getByLabel('Courrier électronique').fill(EMAIL);
    await page.getByLabel("Confirmer l'adresse électronique").fill('m.dupond@example.org');
    await page.getByRole('button', { name: 'Créer un compte' }).click();
    await containsText(page.locator('#captchaAnswer-error'), 'Ce champ est obligatoire.');
    await containsText(page.locator('#privacyAccepted-error'), 'Vous devez accepter la déclaration de confidentialité.');
    await isFocused(page.locator('#error-summary'));
    await checkPage(page, '03-create-account-errors');

    // The CAPTCHA is checked only once the rest is right: a typo elsewhere does not burn it.
    expect(await page.getByLabel('Langue des courriels').inputValue()).toBe('fr');
    const { answer } = (await env.api.get(`/_local/captcha/${captchaId}`)).body;
    await page.getByLabel('Saisir le code').fill(answer);
    // ECL draws its own box over the input: as a keyboard user does, focus it and press Space.
    await page.getByLabel(/En cochant cette case/).focus();
    await page.keyboard.press('Space');
    expect(await page.getByLabel(/En cochant cette case/).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Créer un compte' }).click();
    await containsText(page.locator('#emailConfirmation-error'), 'Les deux adresses électroniques ne sont pas identiques.');
    await page.getByLabel("Confirmer l'adresse électronique").fill(EMAIL);
    await page.getByRole('button', { name: 'Créer un compte' }).click();

    // Step 4: the account exists; the email comes 15 minutes later, from this address.
    await hasText(page.getByRole('heading', { level: 1 }), 'Compte créé');
    await containsText(page.locator('main'), 'no-reply@passerelle.localhost');
    await containsText(page.locator('main'), '15 minutes');
    await checkPage(page, '04-account-created');
    expect(await env.api.latestLinkToken(EMAIL)).toBeUndefined();
    await jumpClock(page, '+15 min');

    // Step 5-6: the link of the email; the password, with its live checklist.
    const token = await env.api.latestLinkToken(EMAIL);
    expect(token).toBeDefined();
    await page.goto(`/set-password#token=${token}`);
    await hasText(page.locator('.pa-username'), 'nduponma (Externe)');
    await page.getByLabel(exactly('Nouveau mot de passe')).fill('nduponma');
    await hasCount(page.locator('.pa-checklist__list li.pa-met'), 0);
    await page.getByLabel(exactly('Nouveau mot de passe')).fill('Nduponma 2026');
    await hasCount(page.locator('.pa-checklist__list li.pa-met'), 2);
    const examples = await page.locator('.pa-examples').textContent();
    await page.getByRole('button', { name: "Générer d'autres mots de passe d'exemple" }).click();
    await eventually(async () => expect(await page.locator('.pa-examples').textContent()).not.toBe(examples!));
    await page.getByLabel('Confirmer le nouveau mot de passe').fill('Nduponma 2026');
    await page.getByRole('button', { name: 'Soumettre' }).click();
    await containsText(page.locator('#password-error'), 'Le mot de passe ne respecte pas les règles.');
    await containsText(page.locator('#error-summary'), "Ne pas contenir votre nom d'utilisateur.");
    await checkPage(page, '05-set-password-refused');
    await page.getByLabel(exactly('Nouveau mot de passe')).fill(PASSWORD);
    await hasCount(page.locator('.pa-checklist__list li.pa-met'), 3);
    await page.getByLabel('Confirmer le nouveau mot de passe').fill(PASSWORD);
    await page.getByRole('button', { name: 'Soumettre' }).click();

    // Step 7: accepted; "Continuer" leads to the phone.
    await hasText(page.getByRole('heading', { level: 1 }), 'Mot de passe modifié');
    await checkPage(page, '06-password-changed');
    await page.getByRole('link', { name: 'Continuer' }).click();

    // Step 8: a mobile phone, confirmed by the SMS challenge.
    await hasText(page.getByRole('heading', { level: 1 }), 'Mon compte');
    await checkPage(page, '07-account');
    await page.getByLabel('Numéro de téléphone portable').fill(PHONE);
    await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
    await page.getByLabel('Code "challenge" reçu par SMS').fill('AAAA-AAAA');
    await page.getByRole('button', { name: 'Finaliser' }).click();
    await page.locator('#code-error').waitFor();
    await checkPage(page, '08-phone-code-refused');
    await page.getByLabel('Code "challenge" reçu par SMS').fill(await env.api.latestSmsCode('+32470987654'));
    await page.getByRole('button', { name: 'Finaliser' }).click();
    // The first phone brings the ten recovery codes, shown this once.
    await hasText(page.getByRole('heading', { level: 1 }), 'Vos codes de récupération');
    await containsText(page.locator('main'), 'Le numéro de téléphone portable a été ajouté.');
    await hasCount(page.locator('.pa-recovery-codes li'), 10);
    await checkPage(page, '09a-recovery-codes');
    await page.getByLabel("J'ai conservé mes codes de récupération").focus();
    await page.keyboard.press('Space');
    await page.getByRole('button', { name: 'Continuer' }).click();
    await hasText(page.getByRole('heading', { level: 1 }), 'Mon compte');
    await hasCount(page.locator('#error-summary'), 0); // the refused first try is history
    // Signed in with the password alone: the number shows masked.
    await containsText(page.locator('table'), '••••••••54');
    await containsText(page.locator('main'), 'Codes non utilisés : 10');
    await checkPage(page, '09-phone-added');

    // Step 9: "Déconnexion".
    await page.getByRole('button', { name: 'Déconnexion' }).click();
    await hasText(page.getByRole('heading', { level: 1 }), 'Déconnexion');
    await checkPage(page, '10-signed-out');

    // Steps 10-13: RCAM en ligne asks to sign in; password, "Téléphone portable", the SMS code.
    await page.locator('.pa-menu').getByRole('link', { name: 'RCAM en ligne' }).click();
    await page.waitForURL(/\/sign-in\?next=%2Frcam$/);
    await checkPage(page, '11-sign-in');
    await page.getByLabel('Utilisez votre adresse électronique').fill(EMAIL);
    await page.getByRole('button', { name: 'Suivant' }).click();
    expect(await page.getByRole('radio', { name: /Application mobile ECAS/ }).isDisabled()).toBe(true);
    expect(await page.getByRole('radio', { name: /Jeton logiciel/ }).isDisabled()).toBe(false);
    expect(await page.getByRole('radio', { name: 'Téléphone portable' }).isChecked()).toBe(true);
    await checkPage(page, '12-sign-in-method');
    await page.getByLabel(exactly('Mot de passe')).fill(PASSWORD);
    await page.getByLabel(exactly('Téléphone portable')).fill(PHONE);
    await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
    await page.getByLabel('Code «challenge» reçu par SMS').fill('AAA-AAA-AAA');
    await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
    await page.locator('#code-error').waitFor();
    await checkPage(page, '13-sign-in-challenge-refused');
    await page.getByLabel('Code «challenge» reçu par SMS').fill(await env.api.latestSmsCode('+32470987654'));
    await page.locator('main').getByRole('button', { name: 'Connexion' }).click();

    // Step 14: "Demande d'un code".
    await page.getByRole('heading', { level: 2, name: "Demande d'un code" }).waitFor();
    await checkPage(page, '14-rcam-request');
    await page.getByLabel(exactly('Numéro de matricule')).fill('123456');
    await page.getByLabel('Numéro de matricule (validation)').fill('123446');
    await page.getByLabel(exactly('Nom')).fill('Dupont');
    await page.getByLabel('Prénom').fill('Marie');
    await page.getByLabel('Date de naissance (JJ/MM/AAAA)').fill('08/10/1950');
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await containsText(page.locator('#staffNumberConfirmation-error'), 'Les deux numéros de matricule ne sont pas identiques.');
    await page.getByLabel('Numéro de matricule (validation)').fill('123456');
    await page.getByRole('button', { name: 'Envoyer' }).click();

    // Step 15: the request goes to the PMO.
    await containsText(page.locator('#rcam-status'), 'Vous avez demandé un code.');
    await checkPage(page, '15-rcam-requested');

    // The PMO clerk reviews the request in the console and approves it, with the postal address.
    const clerk = await openPage(env.browser, env.server.url);
    await clerk.page.goto('/pmo');
    await signIn(clerk.page, env.api, PMO.email, PMO.password, PMO.phone);
    await hasText(clerk.page.getByRole('heading', { level: 1 }), 'Console PMO');
    await reloadUntil(clerk.page, () => clerk.page.getByRole('button', { name: 'Examiner' }).isVisible());
    await checkPage(clerk.page, '16-pmo-reviews');
    await clerk.page.getByRole('button', { name: 'Examiner' }).click();
    await clerk.page.getByLabel('Rue et numéro').fill('Rue de la Loi 200');
    await clerk.page.getByLabel('Code postal').fill('1049');
    await clerk.page.getByLabel('Localité').fill('Bruxelles');
    await clerk.page.getByLabel('Pays').fill('Belgique');
    await checkPage(clerk.page, '17-pmo-review-form');
    await clerk.page.getByRole('button', { name: 'Accepter la demande' }).click();
    await containsText(clerk.page.locator('#pmo-message'), 'Marie Dupont');

    // The letter: printed as a PDF, sent with a tracking number, its receipt recorded.
    await reloadUntil(clerk.page, () => clerk.page.getByRole('button', { name: /Télécharger le PDF/ }).isVisible());
    await containsText(clerk.page.locator('tbody tr').first(), 'Marie Dupont (123456)');
    await checkPage(clerk.page, '18-pmo-letter-to-print');
    const [download] = await Promise.all([clerk.page.waitForEvent('download'), clerk.page.getByRole('button', { name: /Télécharger le PDF/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^123456-[\w-]{8}\.pdf$/);
    const pdf: Buffer[] = [];
    for await (const chunk of await download.createReadStream()) pdf.push(chunk as Buffer);
    expect(Buffer.concat(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    await clerk.page.getByLabel('Numéro de suivi du recommandé').fill('RR123456789BE');
    await clerk.page.getByRole('button', { name: 'Marquer comme envoyée' }).click();
    await containsText(clerk.page.locator('#pmo-message'), 'RR123456789BE');
    await checkPage(clerk.page, '19-pmo-letter-sent');
    await clerk.page.getByRole('button', { name: "Enregistrer l'accusé de réception" }).click();
    await containsText(clerk.page.locator('#pmo-message'), 'Accusé de réception enregistré');

    // Step 16: the person enters the letter's code; RCAM opens the next day, My Intracomm 48 hours later.
    await page.reload();
    await page.getByRole('heading', { level: 2, name: 'Saisir le code reçu par courrier' }).waitFor();
    await containsText(page.locator('.pa-timeline'), 'Lettre reçue');
    await checkPage(page, '20-rcam-code');
    const letter = (await env.api.outbox()).find((message) => message.channel === 'letter')!;
    const code = /([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})/.exec(letter.text)![1];
    await page.getByLabel('Code à usage unique').fill(code);
    await page.getByRole('button', { name: 'Envoyer' }).click();
    await containsText(page.locator('main'), "C'est une bonne nouvelle !");
    await containsText(page.locator('main'), 'RCAM en ligne : à partir du');
    await containsText(page.locator('main'), 'My Intracomm : à partir du');
    await checkPage(page, '21-rcam-success');

    await jumpClock(page, '+1 jour');
    await jumpClock(page, '+24 h');
    await jumpClock(page, '+24 h');
    await page.locator('.pa-menu').getByRole('link', { name: 'Mon compte' }).click();
    // Days later the session is over: sign in again, with the password alone this time.
    await page.waitForURL(/\/sign-in/);
    await signIn(page, env.api, EMAIL, PASSWORD);
    await hasText(page.getByRole('heading', { level: 1 }), 'Mon compte');
    await containsText(page.locator('dl').first(), /RCAM en ligne\s*accès ouvert/);
    await containsText(page.locator('dl').first(), /My Intracomm\s*accès ouvert/);
    await checkPage(page, '22-account-access-open');

    expect([...problems, ...clerk.problems]).toEqual([]);
  }, 240_000);
});
