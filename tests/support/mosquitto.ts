import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freeLoopbackPort, waitForLoopbackPort } from '../../main/platform/network.js';
import { MOSQUITTO_PATH } from './prerequisites.js';
import { makeTempDir } from './tempDir.js';

/**
 * A real Mosquitto broker (Debian package) on a free loopback port, configured as the README's
 * environment notes say: loopback only, anonymous, no persistence, TCP_NODELAY. With `users`, anonymous
 * clients are refused and those users sign in with their passwords (a mosquitto_passwd file).
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

  static async start(options: { users?: Record<string, string> } = {}): Promise<Mosquitto> {
    const port = await freeLoopbackPort();
    const dir = makeTempDir('mosquitto');
    const configFile = path.join(dir, 'mosquitto.conf');
    const access = options.users ? ['allow_anonymous false', `password_file ${passwordFile(dir, options.users)}`] : ['allow_anonymous true'];
    writeFileSync(configFile, [`listener ${port} 127.0.0.1`, ...access, 'persistence false', 'set_tcp_nodelay true', 'max_queued_messages 100000', ''].join('\n'));
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

/** A Mosquitto password file (hashed by mosquitto_passwd), readable by the broker after it drops root. */
function passwordFile(dir: string, users: Record<string, string>): string {
  const file = path.join(dir, 'passwords');
  writeFileSync(file, '');
  for (const [name, password] of Object.entries(users)) execFileSync('mosquitto_passwd', ['-b', file, name, password]);
  chmodSync(dir, 0o755);
  chmodSync(file, 0o644);
  return file;
}
