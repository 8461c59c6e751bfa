export interface Captcha {
  captchaId: string;
  answerHash: string;
  expiresAt: Date;
}

export interface CaptchaStore {
  save(captcha: Captcha): Promise<void>;
  /** Removes and returns the captcha: each one is good for a single attempt. */
  take(captchaId: string): Promise<Captcha | undefined>;
}

export interface CaptchaImage {
  svg: string;
  answer: string;
}

export interface CaptchaGenerator {
  create(): CaptchaImage;
}
