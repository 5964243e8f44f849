import net, { type AddressInfo } from 'node:net';
import { Aedes } from 'aedes';
import { type Logger, RateLimitedLog } from '../log/index.js';
import { MqttFrameSizeGuard } from './MqttFrameSizeGuard.js';

export type EmbeddedBrokerLimits = {
  /** A client announcing a larger packet is disconnected before the packet is buffered (aedes has no such limit). */
  maxPacketBytes: number;
  onOversizedPacket?: () => void;
};

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
  static async start(preferredPort: number, logger: Logger, limits: EmbeddedBrokerLimits): Promise<EmbeddedBroker> {
    const broker = await Aedes.createBroker({ maxClientsIdLength: 64 });
    const oversizedLog = new RateLimitedLog(logger);
    // TCP_NODELAY on every connection: see README, Environment (Nagle + delayed ACK ≈ 40 ms p99).
    const server = net.createServer({ noDelay: true }, (socket) => {
      (broker.handle as (socket: net.Socket) => void)(socket);
      // aedes reads with 'readable' + read(): a 'data' listener then sees each chunk as aedes takes it, in order,
      // and the connection is cut while the oversized packet's body is still on its way.
      const guard = new MqttFrameSizeGuard(limits.maxPacketBytes);
      socket.on('data', (chunk: Buffer) => {
        if (guard.feed(chunk)) return;
        limits.onOversizedPacket?.();
        oversizedLog.warn('oversized', { address: socket.remoteAddress, maxPacketBytes: limits.maxPacketBytes }, 'embedded MQTT broker: client sent a packet over the maximum size, disconnected');
        socket.destroy();
      });
    });
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
