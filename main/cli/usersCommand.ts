import { UserStore } from '../auth/index.js';
import { resolveServeConfig } from '../config/index.js';
import { RoleSchema } from '../contracts/index.js';
import { formatProblems } from '../scene/index.js';
import { EXIT_BAD_INPUT } from './exitCodes.js';

export type UsersFlags = { dataDir?: string; config?: string };

async function openStore(flags: UsersFlags): Promise<UserStore | null> {
  const resolved = resolveServeConfig({ cli: { dataDir: flags.dataDir, config: flags.config }, env: process.env });
  if (!resolved.ok) {
    process.stderr.write(`${formatProblems(resolved.problems)}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return null;
  }
  return UserStore.open(resolved.config.dataDir);
}

/** The first line of standard input: passwords never go on the command line (shell history, ps). */
async function readPasswordFromStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
}

export async function addUserCommand(name: string, options: UsersFlags & { role: string; passwordStdin?: boolean }): Promise<void> {
  const role = RoleSchema.safeParse(options.role);
  if (!role.success) {
    process.stderr.write(`--role must be one of ${RoleSchema.options.join(', ')}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  const password = options.passwordStdin ? await readPasswordFromStdin() : undefined;
  if (password !== undefined && password.length < 8) {
    process.stderr.write('a password needs at least 8 characters\n');
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  const store = await openStore(options);
  if (!store) return;
  try {
    await store.upsertUser(name, role.data, password);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  process.stdout.write(`user "${name}" saved with role ${role.data}${password ? ' and a password' : ''}\n`);
}

export async function issueTokenCommand(name: string, options: UsersFlags & { label?: string }): Promise<void> {
  const store = await openStore(options);
  if (!store) return;
  try {
    process.stdout.write(`${await store.issueToken(name, options.label ?? 'cli')}\n`);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exitCode = EXIT_BAD_INPUT;
  }
}

export async function listUsersCommand(options: UsersFlags): Promise<void> {
  const store = await openStore(options);
  if (!store) return;
  process.stdout.write(`${JSON.stringify(await store.list(), null, 2)}\n`);
}

export async function setRoleCommand(name: string, roleName: string, options: UsersFlags): Promise<void> {
  const role = RoleSchema.safeParse(roleName);
  if (!role.success) {
    process.stderr.write(`the role must be one of ${RoleSchema.options.join(', ')}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  const store = await openStore(options);
  if (!store) return;
  if (await store.setRole(name, role.data)) process.stdout.write(`user "${name}" now has role ${role.data}\n`);
  else {
    process.stderr.write(`no user named "${name}"\n`);
    process.exitCode = EXIT_BAD_INPUT;
  }
}

export async function removeUserCommand(name: string, options: UsersFlags): Promise<void> {
  const store = await openStore(options);
  if (!store) return;
  if (await store.removeUser(name)) process.stdout.write(`user "${name}" removed\n`);
  else {
    process.stderr.write(`no user named "${name}"\n`);
    process.exitCode = EXIT_BAD_INPUT;
  }
}
