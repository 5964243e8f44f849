import net, { type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import type { Logger } from '../log/logger.js';

/**
 * The demo's MQTT broker: aedes inside the core, on 127.0.0.1 only. It shares the core's event
 * loop, which is fine for the demo plant and wrong for production loads — a plant connects the
 * core to its own broker cluster with --mqtt-url instead.
 */
export class EmbeddedBroker {
  private constructor(
    private readonly broker: Aedes,
    private readonly server: net.Server,
    readonly port: number,
  ) {}

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Listens on the preferred port, or on any free port when it is taken (a plant broker may own 1883). */
  static async start(preferredPort: number, logger: Logger): Promise<EmbeddedBroker> {
    const broker = await Aedes.createBroker({ maxClientsIdLength: 64 });
    // TCP_NODELAY on every connection: see README, Environment (Nagle + delayed ACK ≈ 40 ms p99).
    const server = net.createServer({ noDelay: true }, broker.handle as (socket: net.Socket) => void);
    const listen = (port: number) =>
      new Promise<number>((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, '127.0.0.1', () => {
          server.off('error', reject);
          resolve((server.address() as AddressInfo).port);
        });
      });
    let port: number;
    try {
      port = await listen(preferredPort);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
      port = await listen(0);
      logger.warn({ preferredPort, port }, 'embedded MQTT broker: port in use, listening on another');
    }
    logger.info({ url: `mqtt://127.0.0.1:${port}` }, 'embedded MQTT broker listening');
    return new EmbeddedBroker(broker, server, port);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.broker.close(() => resolve()));
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
