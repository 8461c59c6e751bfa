/**
 * Prints the ten slowest tests at the end of a run, so that a slow suite shows where its time goes
 * (.ci/run and every `npm test`).
 */
class SlowestTestsReporter {
  onRunComplete(_contexts, results) {
    const tests = results.testResults.flatMap((file) =>
      file.testResults.map((test) => ({ duration: test.duration ?? 0, name: `${file.testFilePath.replace(`${process.cwd()}/`, '')} › ${test.fullName}` })),
    );
    const slowest = tests.sort((a, b) => b.duration - a.duration).slice(0, 10);
    process.stdout.write(`\nThe ten slowest tests:\n${slowest.map((t) => `  ${(t.duration / 1000).toFixed(1).padStart(6)} s  ${t.name}`).join('\n')}\n`);
  }
}
module.exports = SlowestTestsReporter;
