import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { FUNNEL_NAMESPACE, type Funnel } from '#domain/funnel';

/**
 * The funnel as CloudWatch metrics: one EMF line per step passed (Powertools Metrics), namespace
 * Passerelle, dimension service=passerelle, which the dashboard reads. Flushed at once, so that a
 * step counted is never lost to a function that ends or fails after it.
 */
export const emfFunnel = (): Funnel => {
  const metrics = new Metrics({ namespace: FUNNEL_NAMESPACE, serviceName: 'passerelle' });
  return {
    passed: (step) => {
      metrics.addMetric(step, MetricUnit.Count, 1);
      metrics.publishStoredMetrics();
    },
  };
};
