/**
 * The header CloudFront adds to every request it sends to the API, carrying a secret from
 * Secrets Manager: the API refuses requests without it (shared/http/cloudfront-only.ts), so
 * nobody reaches it but through CloudFront and its web ACL. Infra and the middleware share it.
 */
export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/** The environment variable naming the origin secret; unset (locally, in tests) the check is off. */
export const ORIGIN_SECRET_ARN_VARIABLE = 'ORIGIN_SECRET_ARN';

/** The values the origin header may carry; `refresh` reads them again from where they live. */
export type OriginSecrets = (refresh?: boolean) => Promise<readonly string[]>;
