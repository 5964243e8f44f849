import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { chownSync, rmSync } from 'node:fs';
import path from 'node:path';
import { freeLoopbackPort, waitForLoopbackPort } from '../../main/platform/network.js';
import { POSTGRES_BIN_DIR } from './prerequisites.js';
import { makeTempDir } from './tempDir.js';

/**
 * A throw-away PostgreSQL cluster (Debian's postgresql package) on a free loopback port, for the
 * historian's server-engine tests. The server refuses to run as root (docs environment notes), and
 * the tests run as root here: then the cluster belongs to the `postgres` system user and every
 * server program runs through `runuser -u postgres`; as any other user it runs as that user.
 * Trust authentication on loopback only, fsync off (a test cluster is thrown away, not recovered).
 */
export class TestPostgres {
  private child: ChildProcess | null = null;
  private constructor(
    readonly port: number,
    private readonly dataDir: string,
  ) {}

  get url(): string {
    return `postgres://safetwin@127.0.0.1:${this.port}/safetwin`;
  }

  static async start(): Promise<TestPostgres> {
    const root = makeTempDir('postgres');
    const dataDir = path.join(root, 'data');
    if (isRoot()) chownSync(root, postgresUid(), postgresGid());
    asServerUser(path.join(POSTGRES_BIN_DIR, 'initdb'), ['-D', dataDir, '-U', 'safetwin', '-A', 'trust', '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    const server = new TestPostgres(await freeLoopbackPort(), dataDir);
    await server.run();
    asServerUser(path.join(POSTGRES_BIN_DIR, 'createdb'), ['-h', '127.0.0.1', '-p', String(server.port), '-U', 'safetwin', 'safetwin']);
    return server;
  }

  /** Starts the server on the same port and data (after `stop`: an outage ends). */
  async run(): Promise<void> {
    const postgres = path.join(POSTGRES_BIN_DIR, 'postgres');
    const args = ['-D', this.dataDir, '-p', String(this.port), '-k', this.dataDir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off'];
    this.child = isRoot() ? spawn('runuser', ['-u', 'postgres', '--', postgres, ...args], { stdio: 'ignore' }) : spawn(postgres, args, { stdio: 'ignore' });
    await waitForLoopbackPort(this.port, 30_000, 'postgres');
    await this.waitUntilAccepting();
  }

  /** Stops the server (fast shutdown: connected clients are cut off, as in a real outage). */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    // Fast shutdown (postgresql.org/docs/current/app-pg-ctl.html): connected clients are cut off, as in an outage.
    asServerUser(path.join(POSTGRES_BIN_DIR, 'pg_ctl'), ['stop', '-D', this.dataDir, '-m', 'fast', '-w']);
    await exited;
    this.child = null;
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(path.dirname(this.dataDir), { recursive: true, force: true });
  }

  /** The port opens before recovery ends; pg_isready says when connections are accepted. */
  private async waitUntilAccepting(): Promise<void> {
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        execFileSync(path.join(POSTGRES_BIN_DIR, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(this.port), '-q'], { stdio: 'ignore' });
        return;
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

const isRoot = () => process.getuid?.() === 0;
const postgresUid = () => Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
const postgresGid = () => Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());

function asServerUser(program: string, args: string[]): void {
  if (isRoot()) execFileSync('runuser', ['-u', 'postgres', '--', program, ...args], { stdio: 'pipe' });
  else execFileSync(program, args, { stdio: 'pipe' });
}
