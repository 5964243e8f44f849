import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Scene } from '../../main/contracts/index.js';
import { IngestConfigSchema } from '../../main/ingest/ingestConfig.js';
import { MqttIngest } from '../../main/ingest/MqttIngest.js';
import type { LiveHub } from '../../main/live/LiveHub.js';
import { createLogger } from '../../main/log/logger.js';
import type { CoreMetrics } from '../../main/metrics/CoreMetrics.js';
import { freeLoopbackPort, waitForLoopbackPort } from '../../main/platform/network.js';
import { PACKAGE_ROOT } from '../../main/platform/packageInfo.js';

/** A Mosquitto (Debian package) for a benchmark: a free loopback port, TCP_NODELAY, a deep queue for floods. */
export async function startBenchBroker(confDir: string): Promise<{ url: string; process: ChildProcess; stop(): void }> {
  const port = await freeLoopbackPort();
  const conf = path.join(confDir, `bench-mosquitto-${process.pid}.conf`);
  writeFileSync(conf, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'set_tcp_nodelay true', 'max_queued_messages 1000000', 'max_queued_bytes 0', ''].join('\n'));
  const child = spawn(process.env.SAFETWIN_MOSQUITTO ?? '/usr/sbin/mosquitto', ['-c', conf], { stdio: 'ignore' });
  await waitForLoopbackPort(port, 10_000, 'mosquitto');
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

/** The core's MQTT ingest (Sparkplug group "bench", large payloads allowed) into a live hub, once connected. */
export async function connectBenchIngest(args: { scene: Scene; hub: LiveHub; metrics: CoreMetrics; url: string }): Promise<MqttIngest> {
  let link = '';
  const ingest = new MqttIngest({
    scene: args.scene,
    tags: args.hub.tags,
    config: IngestConfigSchema.parse({ sparkplug: { groupIds: ['bench'] }, maxPayloadBytes: 1_000_000 }),
    connection: { url: args.url, clientId: 'bench-core' },
    sink: args.hub,
    logger: createLogger('silent'),
    metrics: args.metrics,
    onLinkState: (state) => (link = state),
  });
  while (link !== 'connected') await new Promise((r) => setTimeout(r, 50));
  return ingest;
}
