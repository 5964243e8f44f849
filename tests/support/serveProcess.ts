import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const SAFETWIN_BIN = path.join(REPO_ROOT, 'bin', 'safetwin.js');

export type ServeProcess = { child: ChildProcess; url: Promise<string>; exited: Promise<number | null>; output: () => string; stop: () => Promise<number | null> };

/** Runs the real `safetwin serve`; `url` resolves with the address it prints once it listens. */
export function serve(args: string[], env: NodeJS.ProcessEnv = process.env): ServeProcess {
  const child = spawn(process.execPath, [SAFETWIN_BIN, 'serve', ...args], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      stdout += chunk;
      const match = /SafeTwin control room: (\S+)/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((code) => reject(new Error(`safetwin serve exited with ${code}: ${stderr}`)));
  });
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    return exited;
  };
  return { child, url, exited, output: () => stdout, stop };
}
