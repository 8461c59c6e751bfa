import { spawnSync } from 'node:child_process';

/** DynamoDB Local is AWS's Java jar: it needs a Java runtime, 17 or later. */
export const JAVA_MINIMUM = 17;

const INSTALL = `install Java ${JAVA_MINIMUM} or later (Debian/Ubuntu: apt-get install openjdk-17-jre-headless; macOS: brew install openjdk@17) and run again`;

/** What is wrong with this machine's Java for DynamoDB Local, in one line; undefined when it is fine. */
export const javaProblem = (java = process.env.JAVA ?? 'java'): string | undefined => {
  const result = spawnSync(java, ['-version'], { encoding: 'utf8', timeout: 30_000 });
  if (result.error || result.status !== 0) return `Java is missing: DynamoDB Local needs it; ${INSTALL}.`;
  // `java -version` prints to stderr: openjdk version "17.0.15" / java version "1.8.0_392".
  const version = /version "(\d+)(?:\.(\d+))?/.exec(result.stderr + result.stdout);
  const major = version ? (version[1] === '1' ? Number(version[2]) : Number(version[1])) : NaN;
  if (!(major >= JAVA_MINIMUM)) return `Java ${version ? major : '(unknown version)'} is too old: DynamoDB Local needs ${JAVA_MINIMUM}; ${INSTALL}.`;
  return undefined;
};

// `npm start` and `npm test` call this first, so that a missing Java is one clear line, at once.
if (require.main === module) {
  const problem = javaProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
