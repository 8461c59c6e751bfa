import { readFileSync } from 'node:fs';
import { pensioner, personWithSmsSession } from '../support/api-client';
import { accessibilityViolations, checkPage, containsText, exactly, hasCount, hasText, openPage, signIn, withSiteAndBrowser } from '../support/browser';
import { Secret, TOTP } from 'otpauth';

/**
 * The account page and its second factors, in one real browser against one `npm start`: each
 * scenario signs up people of its own, so they share the site (a suite of its own would start one more).
 */
describe('the account page and its second factors, in a real browser', () => {
  const env = withSiteAndBrowser();

  describe("the second factor, and the person's own data", () => {
    const PMO = { email: 'pmo@example.org', password: 'Relecture PMO 2026', phone: '+32470000001' };

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

  describe('"Jeton logiciel" and "Token"', () => {
    const EMAIL = 'm.dupont@example.org';

    it('adds an authenticator app and a security key from the account page, then signs in with each and with a passkey alone', async () => {
      // A pensioner as the manual leaves them, through the API: password and first phone.
      const { api } = env;
      const { phoneNumber, password } = await pensioner(api, { email: EMAIL, firstName: 'Marie', lastName: 'Dupont' });

      const { page, problems } = await openPage(env.browser, env.server.url);
      // Chromium's virtual authenticator (DevTools protocol): a security key that can hold passkeys.
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('WebAuthn.enable');
      await cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'usb',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified: true,
          automaticPresenceSimulation: true,
        },
      });
      const codeNow = async () => TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: (await api.now()).getTime() });
      let secret = '';

      await page.goto('/sign-in?next=/account');
      await signIn(page, api, EMAIL, password, phoneNumber);
      await hasText(page.getByRole('heading', { level: 1 }), 'Mon compte');

      // "Jeton logiciel": the QR code and the secret as text, then one code confirms it.
      await page.getByRole('button', { name: "Ajouter une application d'authentification" }).click();
      await page.locator('.pa-qr svg').waitFor();
      secret = ((await page.locator('#totp-secret').textContent()) ?? '').replace(/\s/g, '');
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await checkPage(page, 'factors-01-totp-setup');
      await page.getByLabel(exactly("Code affiché par l'application")).fill('000000');
      await page.locator('main').getByRole('button', { name: 'Finaliser' }).click();
      await page.locator('#code-error').waitFor();
      await page.getByLabel(exactly("Code affiché par l'application")).fill(await codeNow());
      await page.locator('main').getByRole('button', { name: 'Finaliser' }).click();
      await containsText(page.locator('#factors-message'), "L'application d'authentification a été ajoutée.");
      await hasCount(page.locator('#totp-secret'), 0);

      // "Token": a named key, through navigator.credentials.create().
      await page.getByLabel(exactly('Nom de la clé')).fill('Clé bleue');
      await page.locator('main').getByRole('button', { name: 'Ajouter une clé' }).click();
      await containsText(page.locator('#factors-message'), 'La clé a été ajoutée.');
      await containsText(page.locator('#security-keys ~ table'), 'Clé bleue');
      await checkPage(page, 'factors-02-account');
      const subjects = (await api.outbox(EMAIL)).map((message) => message.subject);
      expect(subjects.filter((subject) => subject === "Méthode d'authentification ajoutée à votre compte")).toHaveLength(2);

      // Password + "Jeton logiciel" + the app's code (a later time step: the confirmation's is spent).
      await page.getByRole('button', { name: 'Déconnexion' }).click();
      await api.advance(60);
      await page.goto('/sign-in?next=/account');
      await page.getByLabel('Utilisez votre adresse électronique').fill(EMAIL);
      await page.getByRole('button', { name: 'Suivant' }).click();
      expect(await page.getByRole('radio', { name: /Application mobile ECAS/ }).isDisabled()).toBe(true);
      expect(await page.getByRole('radio', { name: /Dispositif d'authentification CRAM/ }).isDisabled()).toBe(true);
      await containsText(page.locator('#unavailable-methods'), 'Application mobile ECAS');
      await page.getByLabel(exactly('Mot de passe')).fill(password);
      await page.locator('#method-software_token').focus();
      await page.keyboard.press('Space');
      await checkPage(page, 'factors-03-sign-in-methods');
      await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
      await page.getByLabel(exactly('Code du jeton logiciel')).waitFor();
      await checkPage(page, 'factors-04-sign-in-totp');
      await page.getByLabel(exactly('Code du jeton logiciel')).fill(await codeNow());
      await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
      await hasText(page.getByRole('heading', { level: 1 }), 'Mon compte');
      // Proven by the app: the factors may be managed.
      await hasCount(page.locator('main').getByRole('button', { name: /Supprimer Clé bleue/ }), 1);

      // Password + "Token": the virtual key answers navigator.credentials.get().
      await page.getByRole('button', { name: 'Déconnexion' }).click();
      await page.goto('/sign-in?next=/account');
      await page.getByLabel('Utilisez votre adresse électronique').fill(EMAIL);
      await page.getByRole('button', { name: 'Suivant' }).click();
      await page.getByLabel(exactly('Mot de passe')).fill(password);
      await page.locator('#method-token').focus();
      await page.keyboard.press('Space');
      await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
      await hasText(page.getByRole('heading', { level: 1 }), 'Mon compte');

      // A passkey alone: no login, no password.
      await page.getByRole('button', { name: 'Déconnexion' }).click();
      await page.goto('/sign-in?next=/account');
      await checkPage(page, 'factors-05-sign-in-passkey');
      await page.getByRole('button', { name: "Se connecter avec une clé d'accès" }).click();
      await hasText(page.getByRole('heading', { level: 1 }), 'Mon compte');
      await containsText(page.locator('#security-keys ~ table'), 'Clé bleue');

      // A national eID, linked from the account page (a second-factor session) at the local stand-in provider...
      await page.getByRole('button', { name: 'Lier mon identité électronique (eID (démo locale))' }).click();
      await page.getByRole('button', { name: /Camille Martin/ }).click();
      await containsText(page.locator('main'), 'Votre identité électronique (eID (démo locale)) est liée à votre compte.');
      expect(new URL(page.url()).search).toBe('');
      await checkPage(page, 'factors-06-eid-linked');
      // ...then in place of the password: "Ou utilisez votre carte d'identité électronique nationale", and the second factor still.
      await page.getByRole('button', { name: 'Déconnexion' }).click();
      await page.goto('/sign-in?next=/account');
      await hasText(
        page.getByRole('heading', { name: "Ou utilisez votre carte d'identité électronique nationale" }),
        "Ou utilisez votre carte d'identité électronique nationale",
      );
      await page.getByRole('button', { name: 'Se connecter avec eID (démo locale)' }).click();
      await page.getByRole('button', { name: /Camille Martin/ }).click();
      await containsText(page.locator('#eid-proven'), 'Identité confirmée par eID (démo locale)');
      await hasCount(page.getByLabel(exactly('Mot de passe')), 0);
      await checkPage(page, 'factors-07-eid-second-factor');
      await page.getByLabel(exactly('Téléphone portable')).fill(phoneNumber);
      await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
      await page.getByRole('heading', { name: 'Authentification par code «challenge» reçu par SMS' }).waitFor();
      await page.getByLabel('Code «challenge» reçu par SMS').fill(await api.latestSmsCode(phoneNumber));
      await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
      await hasText(page.getByRole('heading', { level: 1 }), 'Mon compte');
      await containsText(page.locator('#eid-links ~ ul'), 'eID (démo locale)');
      expect(problems).toEqual([]);
    }, 180_000);
  });

  describe('a lost phone', () => {
    const EMAIL = 'a.rossi@example.org';

    it('signs in with a recovery code, renews the codes, asks "J\'ai perdu mon téléphone" and cancels it from the email, each page accessible', async () => {
      // A pensioner as the manual leaves them, through the API: password, first phone, the ten codes.
      const { api } = env;
      const { password, recoveryCodes } = await pensioner(api, { email: EMAIL });

      const { page, problems } = await openPage(env.browser, env.server.url);

      // "Code de récupération" in place of the SMS code.
      await page.goto('/sign-in');
      await page.getByLabel('Utilisez votre adresse électronique').fill(EMAIL);
      await page.getByRole('button', { name: 'Suivant' }).click();
      await page.getByLabel(exactly('Mot de passe')).fill(password);
      await page.locator('#method-recovery_code').focus();
      await page.keyboard.press('Space');
      await page.getByLabel(exactly('Code de récupération')).fill('ABCD-EFGH-JKMN');
      await checkPage(page, 'lost-phone-01-sign-in-recovery-code');
      await page.locator('main').getByRole('button', { name: 'Connexion' }).click();
      await page.locator('#password-error').waitFor();
      await page.getByLabel(exactly('Mot de passe')).fill(password);
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
      await signIn(page, api, EMAIL, password);
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
});
