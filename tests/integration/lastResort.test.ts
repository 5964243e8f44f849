import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from '../support/tempDir.js';
import { waitUntil } from '../support/waitUntil.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'lastResortChild.js');
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('SAFETWIN_')));

/**
 * Issue 13: the process-level last resort of `safetwin serve`. Errors that escape every input boundary
 * (a throw from a timer, a rejection nobody handles) are counted and logged rate-limited, the first one
 * raises ST_ERR_CORE_UNCAUGHT (health "degraded": restart at a convenient time), and the core goes on serving.
 */
describe('process-level last resort', () => {
  it('keeps serving after uncaught exceptions and unhandled rejections, counts them and logs each kind once', { timeout: 60_000 }, async () => {
    const dataDir = makeTempDir('last-resort');
    const child = spawn(process.execPath, [CHILD, '--port', '0', '--broker-port', '0', '--data-dir', dataDir, '--no-simulate', '--no-record'], { env: cleanEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await waitUntil(() => /SafeTwin control room: (\S+)/.test(stdout), 30_000, 'the core to listen');
      const url = /SafeTwin control room: (\S+)/.exec(stdout)![1]!;
      const health = async () => (await (await fetch(new URL('/api/health', url))).json()) as { status: string; problems: { code: string }[] };
      expect((await health()).problems.map((p) => p.code)).not.toContain('ST_ERR_CORE_UNCAUGHT');

      child.stdin.write(`${Array.from({ length: 20 }, () => 'throw\nreject').join('\n')}\n`);
      const counted = async (origin: string) => {
        const text = await (await fetch(new URL('/metrics', url))).text();
        return Number(new RegExp(`safetwin_handler_errors_total\\{surface="process",handler="${origin}"\\} (\\d+)`).exec(text)?.[1] ?? 0);
      };
      await waitUntil(async () => (await counted('uncaughtException')) === 20 && (await counted('unhandledRejection')) === 20, 15_000, 'forty errors to be counted');

      expect(child.exitCode).toBeNull();
      const report = await health();
      expect(report.status).toBe('degraded');
      expect(report.problems.filter((p) => p.code === 'ST_ERR_CORE_UNCAUGHT')).toHaveLength(1);
      const logged = stdout
        .split('\n')
        .filter((l) => l.includes('"surface":"process"'))
        .map((l) => JSON.parse(l) as { handler: string; err: { type: string; message: string } });
      // Once per kind in the interval; the other 38 are counted in the next line's suppressedSinceLast.
      expect(logged.map((l) => l.handler).sort()).toEqual(['uncaughtException', 'unhandledRejection']);
      expect(logged.find((l) => l.handler === 'uncaughtException')!.err).toMatchObject({ type: 'RangeError', message: 'injected: thrown from a timer' });
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });
});
