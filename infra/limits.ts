import { ROUTES, WORKFLOW_TASKS } from '../functions/routes';

/**
 * Reserved concurrency, in one place. Each function gets its own slice so that a flood on one
 * route (sign-in, say) cannot starve the others, nor the account's other workloads.
 *
 * The sum stays under 900: an account's default limit is 1,000 concurrent executions and AWS
 * keeps at least 100 unreserved. A NEW account may start with a lower limit (10): ask for the
 * default before the first deploy, or the deploy fails (README, "First deploy").
 */
export const DEFAULT_RESERVED_CONCURRENCY = 10;

/** The routes people hit most, by route name (functions/routes.ts), each with its own ceiling. */
const RESERVED_CONCURRENCY_BY_NAME: Readonly<Record<string, number>> = {
  GetCaptcha: 25,
  CreateAccount: 25,
  SignIn: 40,
  CompleteSignIn: 25,
  GetMe: 40,
  [WORKFLOW_TASKS.sendActivationLink.name]: 20,
  // Secrets Manager calls it four times a month, one step at a time.
  RotateOriginSecret: 1,
};

/** The reserved concurrency of a function, by its route or workflow task name. */
export const reservedConcurrencyOf = (name: string): number => RESERVED_CONCURRENCY_BY_NAME[name] ?? DEFAULT_RESERVED_CONCURRENCY;

/** Requests one address may make in 5 minutes to a group of routes, before the edge blocks it (429). */
export interface EdgeRateLimit {
  /** A PascalCase name for the WAF rule and its metric. */
  name: string;
  /** Route names of functions/routes.ts: the paths come from there. */
  routes: readonly string[];
  limit: number;
}

/**
 * The routes an attacker would hammer, limited per IP at the edge, before they cost a Lambda:
 * sign-in (passwords and SMS codes), sign-up (CAPTCHA, email) and password links (email).
 * The functions keep their own, finer limits per account and number (README, "Limits").
 */
export const EDGE_RATE_LIMITS: readonly EdgeRateLimit[] = [
  // The national eID's sign-in counts with the password's: its start, its callback and its second factor.
  { name: 'SignIn', routes: ['SignIn', 'CompleteSignIn', 'NationalEid', 'FinishEid', 'SignInWithEid'], limit: 100 },
  { name: 'SignUp', routes: ['CreateAccount', 'GetCaptcha'], limit: 50 },
  { name: 'PasswordLinks', routes: ['RequestPasswordLink', 'LookupPasswordLink', 'SetPassword'], limit: 50 },
];

/** The paths of routes named in functions/routes.ts (a function's further routes by their own names); an unknown name is a typo, and throws. */
export const pathsOf = (names: readonly string[]): string[] =>
  names.map((name) => {
    const route = ROUTES.flatMap((candidate) => [candidate, ...(candidate.alsoAt ?? [])]).find((candidate) => candidate.name === name);
    if (!route) throw new Error(`No route named ${name} in functions/routes.ts`);
    return route.path;
  });
