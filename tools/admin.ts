/**
 * Ops commands: `npm run admin -- grant-role <email> <role>`, `npm run admin -- end-sessions <email>`,
 * `npm run admin -- register-client <clientId> --grant <rcam|myintracomm|pmo-contact> --redirect-uri <uri> ...`,
 * `npm run admin -- list-clients`, `npm run admin -- remove-client <clientId>`.
 * With TABLE_NAME (and AWS credentials) it works on the deployed table; without, on the local
 * data: the DynamoDB Local of a running `npm start`, or its files under .data/ when it is stopped.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoAccountStore } from '#adapters/dynamo/account-store';
import { tableRef } from '#adapters/dynamo/client';
import { DynamoSessionStore } from '#adapters/dynamo/session-store';
import { DynamoServiceClientStore } from '#adapters/dynamo/oidc-store';
import { LOCAL_TABLE_NAME } from '#shared/table';
import { CLIENT_COMMANDS_USAGE, isClientCommand, runClientCommand } from './service-clients';

const ROOT = resolve(__dirname, '..');
const USAGE = ['Usage: npm run admin -- grant-role <email> <role> | end-sessions <email>', ...CLIENT_COMMANDS_USAGE].join('\n');

const localTable = async () => {
  const dataDir = resolve(process.env.DATA_DIR ?? join(ROOT, '.data'));
  const endpointFile = join(dataDir, 'dynamodb-endpoint');
  if (existsSync(endpointFile)) return { endpoint: readFileSync(endpointFile, 'utf8').trim(), end: async () => undefined };
  const { startDynamoDbLocal, ensureTable } = await import('../local/dynamodb');
  const { freePort } = await import('../local/ports');
  const dynamo = await startDynamoDbLocal({ port: await freePort(), dataDir: join(dataDir, 'dynamodb') });
  await ensureTable(dynamo.endpoint, LOCAL_TABLE_NAME);
  return dynamo;
};

const main = async (args: string[]): Promise<number> => {
  if (isClientCommand(args)) {
    const local = process.env.TABLE_NAME ? undefined : await localTable();
    try {
      const clients = new DynamoServiceClientStore(tableRef(process.env.TABLE_NAME ?? LOCAL_TABLE_NAME, local?.endpoint));
      const status = await runClientCommand(clients, args, console);
      if (status === 2) console.error(USAGE);
      return status;
    } finally {
      await local?.end();
    }
  }
  const [command, email, role] = args;
  const valid = email?.includes('@') && (command === 'end-sessions' ? args.length === 2 : command === 'grant-role' && role && /^[a-z]+$/.test(role));
  if (!valid) {
    console.error(USAGE);
    return 2;
  }
  const local = process.env.TABLE_NAME ? undefined : await localTable();
  try {
    const table = tableRef(process.env.TABLE_NAME ?? LOCAL_TABLE_NAME, local?.endpoint);
    const accounts = new DynamoAccountStore(table);
    const account = await accounts.findByLogin(email);
    if (!account) {
      console.error(`No account with the email ${email}.`);
      return 1;
    }
    if (command === 'end-sessions') {
      // A compromised account, or a clerk who leaves: every session ends at once (ASVS V7.4.5).
      const ended = await new DynamoSessionStore(table).removeAllOf(account.accountId);
      console.log(`${account.username} (${email}): ${ended.length} session(s) ended.`);
      return 0;
    }
    await accounts.grantRole(account.accountId, role);
    console.log(`${account.username} (${email}) now has the role "${role}". It takes effect at the next sign-in with SMS.`);
    return 0;
  } finally {
    await local?.end();
  }
};

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`admin: ${error.message}`);
    process.exit(1);
  },
);
