import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { freeLoopbackPort, waitForLoopbackPort } from '../../main/platform/network.js';
import { MOSQUITTO_PATH } from './prerequisites.js';
import { makeTempDir } from './tempDir.js';

/**
 * A real Mosquitto broker (Debian package) on a free loopback port, configured as the README's
 * environment notes say: loopback only, anonymous, no persistence, TCP_NODELAY.
 */
export class Mosquitto {
  private child: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    private readonly configFile: string,
  ) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<Mosquitto> {
    const port = await freeLoopbackPort();
    const dir = makeTempDir('mosquitto');
    const configFile = path.join(dir, 'mosquitto.conf');
    writeFileSync(configFile, [`listener ${port} 127.0.0.1`, 'allow_anonymous true', 'persistence false', 'set_tcp_nodelay true', 'max_queued_messages 100000', ''].join('\n'));
    const broker = new Mosquitto(port, configFile);
    await broker.run();
    return broker;
  }

  private async run(): Promise<void> {
    this.child = spawn(MOSQUITTO_PATH, ['-c', this.configFile], { stdio: 'ignore' });
    await waitForLoopbackPort(this.port, 10_000, 'mosquitto');
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    this.child = null;
  }

  /** Broker restart mid-stream: same port, clients must reconnect on their own. */
  async restart(downMs = 500): Promise<void> {
    await this.stop();
    await new Promise((r) => setTimeout(r, downMs));
    await this.run();
  }
}
