import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureTable } from '../../local/dynamodb';
import { DEFAULT_LIMITS } from '#domain/rules';
import { authenticate, openSession } from '#domain/sessions';
import { buildDependencies } from '#shared/dependencies';
import { LOCAL_TABLE_NAME } from '#shared/table';
import { tableRef } from '#adapters/dynamo/client';
import { DynamoServiceClientStore } from '#adapters/dynamo/oidc-store';
import { DECOY_MAIL_TO, harness, signedUpPerson } from '../support/builders';
import { runClientCommand } from '../../tools/service-clients';

const ROOT = join(__dirname, '..', '..');

/** `npm run admin` against the DynamoDB Local a running `npm start` would advertise in DATA_DIR. */
const admin = (dataDir: string, ...args: string[]) => {
  const { TABLE_NAME: _deployed, ...env } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'tools', 'admin.ts'), ...args], {
    cwd: ROOT,
    env: { ...env, DATA_DIR: dataDir },
    encoding: 'utf8',
  });
};

describe('npm run admin', () => {
  const endpoint = process.env.TEST_DYNAMODB_ENDPOINT!;
  let dataDir: string;
  beforeAll(async () => {
    await ensureTable(endpoint, LOCAL_TABLE_NAME);
    dataDir = mkdtempSync(join(tmpdir(), 'passerelle-admin-'));
    writeFileSync(join(dataDir, 'dynamodb-endpoint'), endpoint);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('end-sessions ends every session of one account, and only of that one (ASVS V7.4.5)', async () => {
    // The admin tool works on the table npm start makes (LOCAL_TABLE_NAME).
    const h = await harness();
    const deps = buildDependencies(
      {
        tableName: LOCAL_TABLE_NAME,
        publicOrigin: 'https://passerelle.test',
        mailFrom: 'no-reply@passerelle.test',
        decoyMailTo: DECOY_MAIL_TO,
        dynamoDbEndpoint: endpoint,
        limits: DEFAULT_LIMITS,
      },
      {
        mailer: h.deps.mailer,
        sms: h.deps.sms,
        workflows: h.deps.workflows,
        callbacks: h.deps.callbacks,
        clock: h.clock,
      },
    );
    const target = await signedUpPerson({ ...h, deps }, { email: 'leaving.clerk@example.org' });
    const other = await signedUpPerson({ ...h, deps }, { email: 'staying@example.org' });
    const second = await openSession(deps, target.accountId, 'sms');

    const run = admin(dataDir, 'end-sessions', 'leaving.clerk@example.org');

    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('2 session(s) ended');
    expect(await authenticate(deps, target.sessionToken)).toBeUndefined();
    expect(await authenticate(deps, second)).toBeUndefined();
    expect(await authenticate(deps, other.sessionToken)).toBeDefined();
  });

  it('says how to use it, and refuses an unknown account', () => {
    expect(admin(dataDir, 'end-sessions').status).toBe(2);
    const unknown = admin(dataDir, 'end-sessions', 'nobody@example.org');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('No account with the email nobody@example.org');
  });

  it('register-client registers a service as a public OpenID client with its grant and redirect URIs', async () => {
    const run = admin(
      dataDir,
      'register-client',
      'rcam-en-ligne',
      '--grant',
      'rcam',
      '--redirect-uri',
      'https://rcam.example.eu/callback',
      '--name',
      'RCAM en ligne',
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const clients = new DynamoServiceClientStore(tableRef(LOCAL_TABLE_NAME, endpoint));
    expect(await clients.find('rcam-en-ligne')).toEqual({
      clientId: 'rcam-en-ligne',
      name: 'RCAM en ligne',
      grant: 'rcam',
      redirectUris: ['https://rcam.example.eu/callback'],
      postLogoutRedirectUris: [],
    });
  });

  it('list-clients lists the registered services; remove-client removes one, and says so of one that is not there', async () => {
    const clients = new DynamoServiceClientStore(tableRef(LOCAL_TABLE_NAME, endpoint));
    const lines: string[] = [];
    const errors: string[] = [];
    const run = (...args: string[]) => runClientCommand(clients, args, { log: (line) => lines.push(line), error: (line) => errors.push(line) });
    await clients.save({
      clientId: 'leaving-service',
      grant: 'myintracomm',
      redirectUris: ['https://leaving.example.eu/cb'],
      postLogoutRedirectUris: ['https://leaving.example.eu/'],
    });

    expect(await run('list-clients')).toBe(0);
    expect(lines).toContain('leaving-service\tgrant myintracomm\t-\tredirect https://leaving.example.eu/cb\tpost-logout https://leaving.example.eu/');

    expect(await run('remove-client', 'leaving-service')).toBe(0);
    expect(await clients.find('leaving-service')).toBeUndefined();
    lines.length = 0;
    expect(await run('list-clients')).toBe(0);
    expect(lines.join('\n')).not.toContain('leaving-service');

    expect(await run('remove-client', 'leaving-service')).toBe(1);
    expect(errors).toEqual(['No client leaving-service.']);
    expect(await run('remove-client')).toBe(2);
    expect(await run('list-clients', 'extra')).toBe(2);
  });
});
