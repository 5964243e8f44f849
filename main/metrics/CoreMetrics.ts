import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import type { Scene } from '../contracts/index.js';

/**
 * Prometheus metrics of one core instance (its own registry, so several cores can run in one
 * process in tests). Names follow the Prometheus naming guide: base units, _total for counters.
 */
export class CoreMetrics {
  readonly registry = new Registry();
  readonly httpRequests = new Counter({ name: 'safetwin_http_requests_total', help: 'HTTP requests served', labelNames: ['route', 'method', 'status'] as const, registers: [this.registry] });
  readonly socketClients = new Gauge({ name: 'safetwin_socket_clients', help: 'Connected socket.io clients', registers: [this.registry] });
  readonly socketRejectedPayloads = new Counter({ name: 'safetwin_socket_rejected_payloads_total', help: 'Socket requests rejected as malformed', labelNames: ['event'] as const, registers: [this.registry] });
  readonly authFailures = new Counter({ name: 'safetwin_auth_failures_total', help: 'Failed authentications and authorisations', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly problems = new Counter({ name: 'safetwin_problems_total', help: 'Operational problems raised', labelNames: ['code'] as const, registers: [this.registry] });
  private busStats: () => { published: [string, number][]; handlerErrors: number } = () => ({ published: [], handlerErrors: 0 });
  readonly busMessages: Gauge<'topic'> = new Gauge({
    name: 'safetwin_bus_messages_published',
    help: 'Messages published on the core bus since start',
    labelNames: ['topic'] as const,
    registers: [this.registry],
    collect: (): void => {
      for (const [topic, count] of this.busStats().published) this.busMessages.set({ topic }, count);
    },
  });
  readonly busHandlerErrors: Gauge = new Gauge({
    name: 'safetwin_bus_handler_errors',
    help: 'Bus subscribers that threw since start',
    registers: [this.registry],
    collect: (): void => this.busHandlerErrors.set(this.busStats().handlerErrors),
  });
  readonly activeAlarms = new Gauge({ name: 'safetwin_active_alarms', help: 'Alarms not in the normal state', registers: [this.registry] });
  readonly ingestSamples = new Counter({ name: 'safetwin_ingest_samples_total', help: 'Sensor samples accepted', registers: [this.registry] });
  readonly ingestRejected = new Counter({ name: 'safetwin_ingest_rejected_total', help: 'Messages or samples rejected, by documented reason', labelNames: ['reason'] as const, registers: [this.registry] });
  readonly liveSamplesDropped = new Counter({ name: 'safetwin_live_samples_dropped_total', help: 'Accepted samples left out of the record (more between two flushes than a batch holds)', registers: [this.registry] });
  readonly ingestMessages = new Counter({ name: 'safetwin_ingest_messages_total', help: 'MQTT messages received', registers: [this.registry] });
  readonly handlerErrors = new Counter({ name: 'safetwin_handler_errors_total', help: 'Input handlers that threw, caught by the input boundary (docs/mqtt.md "Input boundary")', labelNames: ['surface', 'handler'] as const, registers: [this.registry] });
  readonly brokerOversizedPackets = new Counter({ name: 'safetwin_broker_oversized_packets_total', help: 'Embedded broker connections closed for a packet over its maximum size', registers: [this.registry] });
  private sparkplugNodeCount: () => number = () => 0;
  readonly sparkplugNodes: Gauge = new Gauge({
    name: 'safetwin_sparkplug_nodes',
    help: 'Sparkplug edge nodes whose session state the core holds (bounded by ingest.sparkplug.maxNodes)',
    registers: [this.registry],
    collect: (): void => this.sparkplugNodes.set(this.sparkplugNodeCount()),
  });
  readonly mqttConnected = new Gauge({ name: 'safetwin_mqtt_connected', help: '1 while the ingest client is connected to its broker', registers: [this.registry] });
  readonly alarmTransitions = new Counter({ name: 'safetwin_alarm_transitions_total', help: 'Alarm state transitions', labelNames: ['action'] as const, registers: [this.registry] });
  readonly liveFrames = new Counter({ name: 'safetwin_live_frames_total', help: 'Live frames sent to clients', registers: [this.registry] });
  readonly liveFramesCoalesced = new Counter({ name: 'safetwin_live_frames_coalesced_total', help: 'Frame ticks merged into a later frame because the client was busy', registers: [this.registry] });
  readonly liveFramesExpired = new Counter({ name: 'safetwin_live_frames_unacknowledged_total', help: 'Frames whose acknowledgement did not return in time', registers: [this.registry] });
  readonly sceneObjects = new Gauge({ name: 'safetwin_scene_objects', help: 'Objects in the loaded scene', labelNames: ['kind'] as const, registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'safetwin_' });
  }

  /** Read the bus counters at scrape time rather than on every message. */
  observeBus(stats: () => { published: [string, number][]; handlerErrors: number }): void {
    this.busStats = stats;
  }

  /** Read the Sparkplug host's node count at scrape time. */
  observeSparkplugNodes(count: () => number): void {
    this.sparkplugNodeCount = count;
  }

  describeScene(scene: Scene): void {
    const counts = {
      areas: scene.areas.length,
      equipment: scene.equipment.length,
      sensors: scene.sensors.length,
      cameras: scene.cameras.length,
      personnel: scene.personnel.length,
      exits: scene.exits.length,
      musterPoints: scene.musterPoints.length,
    };
    for (const [kind, count] of Object.entries(counts)) this.sceneObjects.set({ kind }, count);
  }
}
