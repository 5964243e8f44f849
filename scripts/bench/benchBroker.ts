import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../main/platform/packageInfo.js';

/** A Mosquitto (Debian package) for a benchmark: a free-ish loopback port, TCP_NODELAY, a deep queue for floods. */
export async function startBenchBroker(confDir: string): Promise<{ url: string; process: ChildProcess; stop(): void }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const conf = path.join(confDir, `bench-mosquitto-${process.pid}.conf`);
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'set_tcp_nodelay true', 'max_queued_messages 1000000', 'max_queued_bytes 0', ''].join('\n'));
  const child = spawn(process.env.SAFETWIN_MOSQUITTO ?? '/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' });
  await new Promise((r) => setTimeout(r, 500));
  return {
    url: `mqtt://127.0.0.1:${port}`,
    process: child,
    stop() {
      child.kill('SIGTERM');
      rmSync(conf, { force: true });
    },
  };
}

export type PublisherResult = { messagesSent: number; samplesSent: number; seconds: number };

/** Runs the load publisher (benchPublisher.js) in its own process: `rate` samples/s ("flood" for as fast as it can). */
export function runPublisher(url: string, sensors: number, rate: string, seconds: number): Promise<PublisherResult> {
  const script = path.join(PACKAGE_ROOT, 'dist', 'scripts', 'bench', 'benchPublisher.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, url, String(sensors), rate, String(seconds)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out) as PublisherResult) : reject(new Error(`publisher exited ${code}`))));
  });
}

/** Waits until the consumer has seen nothing new for a moment after the publisher stopped. */
export async function settle(count: () => number): Promise<void> {
  let last = -1;
  while (count() !== last) {
    last = count();
    await new Promise((r) => setTimeout(r, 300));
  }
}
