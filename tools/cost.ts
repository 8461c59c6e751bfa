/**
 * `npm run cost`: walks the whole manual once, as one person and the PMO clerk, on the local stack
 * (in memory, nothing kept), counts what AWS would bill for it, and prints the cost per person.
 */
import { ROUTES } from '../functions/routes';
import { startLocal } from '../local/main';
import { deployedMemory } from './cost/memory';
import { formatReport, priceUsage, type CostSummary } from './cost/report';
import { UsageCounter, type Usage } from './cost/usage';
import { walkManual } from './cost/walk';

/** Issue #11: at most $0.001 of AWS per onboarded person (SMS and letters aside), at most 25 state transitions. */
export const TARGET_USD = 0.001;
export const TARGET_TRANSITIONS = 25;

/** Walks the manual on a fresh local runtime and returns what it used, priced. */
export const measureManual = async (walk = walkManual): Promise<{ usage: Usage; summary: CostSummary }> => {
  const memory = deployedMemory();
  const counter = new UsageCounter();
  const runtime = await startLocal({ port: 0, meter: counter });
  try {
    // What the start-up did (the PMO clerk's account) is nobody's onboarding.
    counter.reset(() => runtime.outbox.list());
    await walk({ url: runtime.url, pmo: runtime.pmo, advance: (seconds) => runtime.clock.advance(seconds), phase: (name) => counter.phase(name) });
    const usage = await counter.finish();
    return { usage, summary: priceUsage(usage, memory, new Set(ROUTES.map((r) => r.name))) };
  } finally {
    await runtime.stop();
  }
};

if (require.main === module) {
  process.env.POWERTOOLS_LOG_LEVEL ??= 'ERROR';
  measureManual()
    .then(({ summary }) => {
      console.log(formatReport(summary, { targetUsd: TARGET_USD, targetTransitions: TARGET_TRANSITIONS }));
      process.exit(0);
    })
    .catch((error: Error) => {
      console.error(`npm run cost failed: ${error.stack ?? error.message}`, error.cause);
      process.exit(1);
    });
}
