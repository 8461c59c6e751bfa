import { randomUUID } from 'node:crypto';
import type { AccountStore } from './accounts-ports';
import type { Clock } from './clock';
import { composeEmail } from './emails';
import type { Mailer } from './emails-ports';
import type { Language } from './languages';
import { usernameCandidates } from './username';
import type { Funnel } from './funnel';
import type { Workflows } from './workflows-ports';

export interface Registration {
  firstName: string;
  lastName: string;
  email: string;
  emailLanguage: Language;
}

export interface CreateAccountDeps {
  accounts: AccountStore;
  mailer: Mailer;
  workflows: Workflows;
  funnel: Funnel;
  clock: Clock;
  publicOrigin: string;
}

/**
 * Registers a person. The caller learns nothing about whether the email was known: a new
 * account starts its activation workflow (the link comes 15 minutes later), a known email's
 * owner is told someone tried, and both answer the same.
 */
export const createAccount = async (deps: CreateAccountDeps, registration: Registration): Promise<'created' | 'email_taken'> => {
  const created = await deps.accounts.create(
    { ...registration, accountId: randomUUID(), createdAt: deps.clock.now().toISOString() },
    usernameCandidates(registration.firstName, registration.lastName),
  );
  if (created.outcome === 'email_taken') {
    const owner = created.existing;
    await deps.mailer.send(
      composeEmail(owner.email, owner.emailLanguage, 'registrationAttempt', {
        firstName: owner.firstName,
        lastName: owner.lastName,
        username: owner.username,
        signInLink: `${deps.publicOrigin}/sign-in`,
      }),
    );
    return 'email_taken';
  }
  try {
    await deps.workflows.startAccountActivation(created.account.accountId);
  } catch (error) {
    // Without its workflow the account would never get a link, and a retry would hit "email
    // taken": undo it so that the person can simply try again.
    await deps.accounts.remove(created.account);
    throw error;
  }
  deps.funnel.passed('AccountsCreated');
  return 'created';
};
