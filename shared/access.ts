/**
 * What a function may touch, as functions/routes.ts declares it for each function. Infra grants
 * exactly this (infra/constructs/grants.ts) and bundles only the adapters it names
 * (shared/dependencies.ts): it lives in shared/, below both.
 */
export interface Access {
  table?: 'read' | 'write' | 'readWrite';
  sendsEmail?: boolean;
  sendsSms?: boolean;
  startsActivation?: boolean;
  startsRcam?: boolean;
  startsFactorReset?: boolean;
  /** Stops the RCAM and second-factor-reset executions of an account being erased (states:StopExecution on their executions). */
  stopsWorkflows?: boolean;
  resumesTasks?: boolean;
  /** Writes the registered letter's PDF (pdf-lib and its fonts). */
  rendersLetters?: boolean;
  /** Hashes or verifies passwords and recovery codes: argon2id, whose native binding ships with it. */
  hashesSecrets?: boolean;
  /** Seals or opens authenticator apps' secrets (KMS Encrypt/Decrypt on the factor key). */
  sealsFactorSecrets?: boolean;
  /** Signs OpenID tokens: reads the provider's key set (Secrets Manager GetSecretValue on that one secret). */
  signsTokens?: boolean;
  /** Speaks OpenID Connect to the national eID providers (openid-client; outbound HTTPS, no AWS permission). */
  usesEid?: boolean;
}
