/**
 * Prints a development access token (and nothing else) on stdout:
 *   npm run token -- --tenant <guid> --role SecurityAdministrator [--oid <guid>] [--groups a,b]
 *     [--data-dir .data] [--issuer http://localhost:7071/.dev-issuer] [--audience api://...]
 *     [--expires-in 3600]
 * Usage errors go to stderr with exit code 2. The app accepts the token only when the local host
 * enabled the dev issuer (AUTH_DEV_ISSUER_ENABLED=true, loopback, not in Azure).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_DEV_AUDIENCE, DEV_ROLES, mintDevToken, type DevRole } from '../dev-issuer';

const USAGE = `usage: npm run token -- --tenant <tenant-guid> --role <${DEV_ROLES.join('|')}>
         [--oid <guid>] [--groups <guid,guid>] [--data-dir .data]
         [--issuer http://localhost:7071/.dev-issuer] [--audience ${DEFAULT_DEV_AUDIENCE}] [--expires-in <seconds>]`;

class UsageError extends Error {}

export function run(argv: string[]): string {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        tenant: { type: 'string' },
        role: { type: 'string' },
        oid: { type: 'string' },
        groups: { type: 'string' },
        'data-dir': { type: 'string' },
        issuer: { type: 'string' },
        audience: { type: 'string' },
        'expires-in': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values['help'] === true) throw new UsageError('');
  const str = (name: string): string | undefined => {
    const v = values[name];
    return typeof v === 'string' ? v : undefined;
  };
  const tenantId = str('tenant');
  const role = str('role');
  if (tenantId === undefined) throw new UsageError('--tenant is required');
  if (role === undefined) throw new UsageError('--role is required');
  if (!(DEV_ROLES as readonly string[]).includes(role)) throw new UsageError(`--role must be one of ${DEV_ROLES.join(', ')}`);
  const expires = str('expires-in');
  if (expires !== undefined && !/^\d+$/.test(expires)) throw new UsageError('--expires-in must be a whole number of seconds');
  const groups = str('groups');
  const oid = str('oid');
  const audience = str('audience');

  try {
    return mintDevToken({
      dataDir: str('data-dir') ?? '.data',
      issuer: str('issuer') ?? 'http://localhost:7071/.dev-issuer',
      tenantId,
      role: role as DevRole,
      ...(oid !== undefined ? { oid } : {}),
      ...(groups !== undefined ? { groups: groups.split(',').map((g) => g.trim()).filter((g) => g !== '') } : {}),
      ...(audience !== undefined ? { audience } : {}),
      ...(expires !== undefined ? { expiresInSeconds: Number(expires) } : {}),
    });
  } catch (error) {
    // mintDevToken validates its inputs; those failures are usage errors too.
    throw new UsageError((error as Error).message);
  }
}

if (require.main === module) {
  try {
    process.stdout.write(`${run(process.argv.slice(2))}\n`);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message ? `token: ${error.message}\n` : ''}${USAGE}\n`);
    process.exitCode = 2;
  }
}
