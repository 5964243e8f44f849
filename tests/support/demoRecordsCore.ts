import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freeLoopbackPort } from '../../main/platform/network.js';
import { SAFETWIN_BIN, serve, type ServeProcess } from './serveProcess.js';
import { makeTempDir } from './tempDir.js';

/**
 * The real `safetwin serve` on the demo plant with its simulator, sign-in required, the embedded historian and
 * the demo's records on (permits, the risk register, inspection plans and open tickets: the switch the launcher
 * sets, here through a config file), with the given users added by the CLI and signed in. Each user is
 * `role: [name, password]`; their tokens come back by role. `config` adds sections to the config file (the
 * manager view's test recomputes the indicators every few seconds); `prepare` writes into the data directory before
 * the core starts (a back-filled history in the embedded historian).
 */
export async function serveDemoRecords<R extends string>(
  name: string,
  users: Record<R, readonly [string, string]>,
  config: Record<string, unknown> = {},
  prepare?: (dataDir: string) => Promise<void>,
): Promise<{ server: ServeProcess; url: string; tokens: Record<R, string> }> {
  const dataDir = makeTempDir(name);
  await prepare?.(dataDir);
  for (const [role, [user, password]] of Object.entries(users) as [R, readonly [string, string]][]) {
    const added = spawnSync(process.execPath, [SAFETWIN_BIN, 'users', 'add', user, '--role', role, '--password-stdin', '--data-dir', dataDir], { input: `${password}\n`, encoding: 'utf8' });
    if (added.status !== 0) throw new Error(`users add ${user}: ${added.stderr}`);
  }
  const configFile = path.join(dataDir, 'config.json');
  writeFileSync(configFile, JSON.stringify({ permits: { demoPermits: true }, ...config }));
  const brokerPort = await freeLoopbackPort();
  const server = serve(['--config', configFile, '--port', '0', '--broker-port', String(brokerPort), '--data-dir', dataDir, '--require-auth', '--historian', 'embedded', '--no-record', '--log-level', 'warn']);
  const url = await server.url;
  const tokens = {} as Record<R, string>;
  for (const [role, [username, password]] of Object.entries(users) as [R, readonly [string, string]][]) {
    const login = await fetch(new URL('/api/login', url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    tokens[role] = ((await login.json()) as { token: string }).token;
  }
  return { server, url, tokens };
}
