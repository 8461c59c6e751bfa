import { Secret, TOTP } from 'otpauth';
import { nextMobileNumber } from '../support/api-client';
import { checkPage, containsText, exactly, hasCount, hasText, openPage, signIn, withSiteAndBrowser } from '../support/browser';

const EMAIL = 'm.dupont@example.org';
const PASSWORD = 'Ceci est un exemple1';

describe('the web client, in a real browser: "Jeton logiciel" and "Token"', () => {
  const env = withSiteAndBrowser();

  it('adds an authenticator app and a security key from the account page, then signs in with each and with a passkey alone', async () => {
    // A pensioner as the manual leaves them, through the API: password and first phone.
    const { api } = env;
    expect((await api.register({ firstName: 'Marie', lastName: 'Dupont', email: EMAIL, emailLanguage: 'fr' })).status).toBe(202);
    await api.advance(15 * 60);
    const token = (await api.latestLinkToken(EMAIL))!;
    expect((await api.post('/api/v1/password', { token, password: PASSWORD, passwordConfirmation: PASSWORD })).status).toBe(200);
    const phoneNumber = nextMobileNumber();
    const { challengeId } = (await api.post('/api/v1/me/phones', { phoneNumber })).body;
    expect((await api.post('/api/v1/me/phones/verify', { challengeId, code: await api.latestSmsCode(phoneNumber) })).status).toBe(201);

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
    await signIn(page, api, EMAIL, PASSWORD, phoneNumber);
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
    await page.getByLabel(exactly('Mot de passe')).fill(PASSWORD);
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
    await page.getByLabel(exactly('Mot de passe')).fill(PASSWORD);
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
