import { accountsContract } from './accounts';
import { eidContract } from './eid';
import { factorsContract } from './factors';
import { meContract } from './me';
import type { Contract } from './operation';
import { passwordsContract } from './passwords';
import { phonesContract } from './phones';
import { pmoContract } from './pmo';
import { rcamContract } from './rcam';
import { recoveryContract } from './recovery';
import { sessionsContract } from './sessions';
import { systemContract } from './system';

/**
 * Every feature's routes, in the order the document lists them. Each contract is a function, so
 * that a Lambda bundle importing one of its schemas leaves the rest out (descriptions, and the
 * schemas only the document names).
 */
export const CONTRACTS: readonly Contract[] = [
  systemContract(),
  accountsContract(),
  passwordsContract(),
  sessionsContract(),
  meContract(),
  phonesContract(),
  factorsContract(),
  eidContract(),
  recoveryContract(),
  rcamContract(),
  pmoContract(),
];
