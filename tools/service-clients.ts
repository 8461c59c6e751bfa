/**
 * The ops commands on the services' OpenID clients (`npm run admin -- register-client | list-clients
 * | remove-client`), apart from the process (tools/admin.ts) so that tests run them in-process.
 */
import { parseClientRegistration } from '#domain/services';
import type { ServiceClientStore } from '#domain/services-ports';

export const CLIENT_COMMANDS_USAGE = [
  '  | register-client <clientId> --grant <rcam|myintracomm|pmo-contact> --redirect-uri <uri> [--redirect-uri <uri>...]',
  '      [--post-logout-redirect-uri <uri>...] [--name <name shown to people>]',
  '  | list-clients | remove-client <clientId>',
];

/** Where a command writes: the console, or a test's lines. */
export interface Output {
  log(line: string): void;
  error(line: string): void;
}

/** Whether `args` is one of the client commands (then `runClientCommand` runs it). */
export const isClientCommand = (args: readonly string[]): boolean => ['register-client', 'list-clients', 'remove-client'].includes(args[0]);

/** Runs a client command; the exit status: 0 done, 1 no such client, 2 wrong arguments. */
export const runClientCommand = async (clients: ServiceClientStore, [command, ...args]: readonly string[], out: Output): Promise<number> => {
  if (command === 'register-client') {
    // A service as an OpenID client: public (PKCE, no secret), its redirect URIs, the grant it requires.
    const parsed = parseClientRegistration(args);
    if ('problem' in parsed) {
      out.error(`register-client: ${parsed.problem}`);
      return 2;
    }
    await clients.save(parsed.client);
    const { clientId, grant, redirectUris } = parsed.client;
    out.log(`Client ${clientId} registered: grant "${grant}", redirect URIs ${redirectUris.join(' ')}. Public client: PKCE (S256), no secret.`);
    return 0;
  }
  if (command === 'list-clients' && args.length === 0) {
    // One line per service: its id, the grant it requires, its name, its redirect URIs.
    const all = await clients.list();
    for (const client of all) {
      const logout = client.postLogoutRedirectUris.length ? `\tpost-logout ${client.postLogoutRedirectUris.join(' ')}` : '';
      out.log(`${client.clientId}\tgrant ${client.grant}\t${client.name ?? '-'}\tredirect ${client.redirectUris.join(' ')}${logout}`);
    }
    if (!all.length) out.log('No client registered.');
    return 0;
  }
  if (command === 'remove-client' && args.length === 1) {
    // The provider reads its clients from the table at each request: the service can sign no one in
    // from now on, and the tokens it holds open nothing (no client for them at userinfo).
    const [clientId] = args;
    if (!(await clients.remove(clientId))) {
      out.error(`No client ${clientId}.`);
      return 1;
    }
    out.log(`Client ${clientId} removed: it can no longer sign anyone in, and its tokens open nothing.`);
    return 0;
  }
  out.error(`${command}: wrong arguments`);
  return 2;
};
