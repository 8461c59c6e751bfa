/**
 * A stand-in for a test run, for no-leftovers.test.ts: it starts what the suites start (DynamoDB
 * Local as the global setup does, `npm start` and chromium as the browser suites do), says
 * "ready" and waits to be killed.
 */
import { startDynamoDbLocal } from '../../local/dynamodb';
import { freePort } from '../../local/ports';
import { startSiteAndBrowser } from '../support/browser';

const main = async () => {
  // npm start here brings its own JVM, as it does for a newcomer, rather than share the run's.
  delete process.env.TEST_DYNAMODB_ENDPOINT;
  await startDynamoDbLocal({ port: await freePort() });
  const { browser } = await startSiteAndBrowser();
  const page = await browser.newPage();
  process.stdout.write('ready\n');
  setInterval(() => void page.title(), 1000);
};

main().catch((error: Error) => {
  process.stderr.write(`${error.stack}\n`);
  process.exit(1);
});
