import type { CaptchaGenerator } from '#domain/captcha-ports';

type SvgCaptcha = typeof import('svg-captcha');
let svgCaptcha: SvgCaptcha | undefined;

/**
 * Six characters, none that can be mistaken for another (0/O, 1/l/I). svg-captcha reads its font
 * from beside its own files when loaded, so it is not bundled: it is required here, on first use,
 * and shipped as a plain module with the one function that draws CAPTCHAs (see functions/routes.ts).
 */
export const svgCaptchaGenerator: CaptchaGenerator = {
  create: () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- not bundled: loaded at run time, on first use
    svgCaptcha ??= require('svg-captcha') as SvgCaptcha;
    const { data, text } = svgCaptcha.create({ size: 6, noise: 2, ignoreChars: '0oO1iIlLqg9', color: false, background: '#ffffff' });
    return { svg: data, answer: text };
  },
};
