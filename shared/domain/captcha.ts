import { randomUUID } from 'node:crypto';
import type { CaptchaGenerator, CaptchaStore } from './captcha-ports';
import { addSeconds, type Clock } from './clock';
import { RULES } from './rules';
import { hashSecret, sameHash } from './secrets';

export interface CaptchaDeps {
  captchas: CaptchaStore;
  captchaGenerator: CaptchaGenerator;
  clock: Clock;
  /** Local runtime only: lets automated tests read the answer (GET /_local/captcha/{id}). Absent in AWS. */
  revealCaptchaAnswer?: (captchaId: string, answer: string) => void;
}

/** People type what they see; case and surrounding spaces should not fail them. */
const normalise = (answer: string): string => answer.trim().toLowerCase();

/** A new CAPTCHA image; only the hash of its answer is kept, for 10 minutes. */
export const newCaptcha = async (deps: CaptchaDeps): Promise<{ captchaId: string; svg: string }> => {
  const { svg, answer } = deps.captchaGenerator.create();
  const captchaId = randomUUID();
  await deps.captchas.save({
    captchaId,
    answerHash: hashSecret(normalise(answer)),
    expiresAt: addSeconds(deps.clock.now(), RULES.captchaLifetimeSeconds),
  });
  deps.revealCaptchaAnswer?.(captchaId, answer);
  return { captchaId, svg };
};

/** True when the answer is right. Any attempt, right or wrong, uses the CAPTCHA up. */
export const solveCaptcha = async (deps: CaptchaDeps, captchaId: string, answer: string): Promise<boolean> => {
  const captcha = await deps.captchas.take(captchaId);
  if (!captcha || captcha.expiresAt <= deps.clock.now()) return false;
  return sameHash(hashSecret(normalise(answer)), captcha.answerHash);
};
