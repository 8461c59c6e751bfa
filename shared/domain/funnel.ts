/**
 * The journey as the manual walks it, one counter per step: the dashboard's funnel reads these
 * (namespace FUNNEL_NAMESPACE, dimension service=passerelle, as Powertools Metrics writes them).
 */
export const FUNNEL_NAMESPACE = 'Passerelle';

export const FUNNEL_STEPS = ['AccountsCreated', 'PasswordsSet', 'PhonesConfirmed', 'CodesRequested', 'LettersSent', 'CodesRedeemed'] as const;

export type FunnelStep = (typeof FUNNEL_STEPS)[number];

/** Counts a person passing one step of the journey; adapters write a metric, or nothing locally. */
export interface Funnel {
  passed(step: FunnelStep): void;
}
