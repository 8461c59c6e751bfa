import { emfFunnel } from '#adapters/emf-funnel';
import { FUNNEL_NAMESPACE } from '#domain/funnel';

describe('the funnel as CloudWatch EMF (Powertools Metrics)', () => {
  it('writes one EMF line per step passed, in the namespace and dimension the dashboard reads', () => {
    const lines: string[] = [];
    const write = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => (lines.push(String(chunk)), true));
    try {
      const funnel = emfFunnel();
      funnel.passed('PasswordsSet');
      funnel.passed('PasswordsSet');
    } finally {
      write.mockRestore();
    }
    const emitted = lines.flatMap((chunk) => chunk.split('\n')).filter((line) => line.includes('_aws'));
    expect(emitted).toHaveLength(2);
    for (const line of emitted) {
      const emf = JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<Record<string, unknown>> } };
      expect(emf._aws.CloudWatchMetrics).toEqual([
        { Namespace: FUNNEL_NAMESPACE, Dimensions: [['service']], Metrics: [{ Name: 'PasswordsSet', Unit: 'Count' }] },
      ]);
      expect(emf).toMatchObject({ service: 'passerelle', PasswordsSet: 1 });
    }
  });
});
