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

/** A funnel that counts in memory: the local runtime's (GET /_local/metrics) and the tests'. */
export class CountingFunnel implements Funnel {
  private readonly counts = new Map<FunnelStep, number>();

  passed(step: FunnelStep): void {
    this.counts.set(step, (this.counts.get(step) ?? 0) + 1);
  }

  /** Every step with its count, zeros included, in the journey's order. */
  snapshot(): Record<FunnelStep, number> {
    return Object.fromEntries(FUNNEL_STEPS.map((step) => [step, this.counts.get(step) ?? 0])) as Record<FunnelStep, number>;
  }
}
