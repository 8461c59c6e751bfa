/** Every time-bound rule of the service, in seconds, in one place. */
export const DURATIONS = {
  /** The manual: "Après un délai d'attente de 15 minutes, vous recevrez un email". */
  activationEmailDelay: 15 * 60,
  /** The manual: "Vous avez jusqu'à 24 h pour créer un mot de passe". */
  passwordLinkLifetime: 24 * 60 * 60,
  captchaLifetime: 10 * 60,
  sessionIdle: 60 * 60,
  sessionAbsolute: 12 * 60 * 60,
  /** "J'ai perdu mon téléphone": the owner has this long to cancel (link in the email) before the phones are removed. */
  secondFactorResetDelay: 72 * 60 * 60,
} as const;
