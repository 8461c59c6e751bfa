import svgCaptcha from 'svg-captcha';
import type { CaptchaGenerator } from '#domain/ports';

/** Six characters, none that can be mistaken for another (0/O, 1/l/I). */
export const svgCaptchaGenerator: CaptchaGenerator = {
  create: () => {
    const { data, text } = svgCaptcha.create({ size: 6, noise: 2, ignoreChars: '0oO1iIlLqg9', color: false, background: '#ffffff' });
    return { svg: data, answer: text };
  },
};
