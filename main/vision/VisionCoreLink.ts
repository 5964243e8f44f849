import { access, readFile } from 'node:fs/promises';
import {
  API_PATHS,
  problem,
  SOCKET_EVENTS,
  VisionEvidenceRequestSchema,
  VisionWatchSchema,
  type CameraHealth,
  type Scene,
  type VisionEvent,
  type VisionEventView,
  type VisionState,
} from '../contracts/index.js';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import type { IngestPassthrough } from '../ingest/index.js';
import type { LiveHub } from '../live/index.js';
import type { Logger } from '../log/index.js';
import type { HttpRoutes } from '../http/index.js';
import type { Capability, FeatureConnection } from '../realtime/index.js';
import { clientProblem, redactSecrets } from '../platform/index.js';
import { anonymousVisionEvent, type PersonalData } from '../privacy/index.js';
import { nearestBadge } from './badgeFusion.js';
import { VisionAlarms } from './visionAlarms.js';
import { serviceConfigFor, type VisionCoreConfig } from './visionCoreConfig.js';
import { VisionService, type CameraFrame } from './VisionService.js';
import { registerVisionRoutes } from './visionRoutes.js';

/** Recent events kept for screens that open later (the camera panels' lists). */
const MAX_EVENTS = 200;
/** Events whose evidence the core can still serve (files are pruned by the evidence store anyway). */
const MAX_EVIDENCE_ENTRIES = 5_000;
const CAMERA_ROOM = (cameraId: string) => `camera:${cameraId}`;
const MEDIA_TYPE = { snapshot: 'image/jpeg', clip: 'video/mp4' } as const;

export type EvidenceKind = keyof typeof MEDIA_TYPE;

export type VisionCoreLinkDeps = {
  scene: Scene;
  config: VisionCoreConfig;
  dataDir: string;
  /** The embedded demo simulator runs: its stand-in analytics are consumed (labelled simulated) unless an NVR is configured. */
  demoSimulator: boolean;
  logger: Logger;
  /** Event snapshots go into the recording as attachments. */
  recorder: { addSnapshot(input: { cameraId: string; tsMs: number; mediaType: string; data: Uint8Array; name?: string }): string } | null;
  /** Fused badges and evidence only to roles that may see them; evidence served is journaled. */
  personalData: PersonalData;
  /** The core bus: events, health and frames for the screens go out on its toScreens topic. */
  bus: MessageBus<CoreTopics>;
};

/**
 * The camera AI in the core: runs the VisionService, puts its detections on the bus (tiles, twin,
 * recording), turns its events and camera health into alarms (with location, evidence and the nearest
 * badge), serves evidence by event id, and streams live frames to the screens watching a camera.
 * Built before the live plant (its NVR topics ride on the ingest connection), started once the plant is.
 */
export class VisionCoreLink implements Capability {
  /** Camera evidence over HTTP (GET <visionEvents>/<id>/snapshot.jpg, clip.mp4): the same files the socket request serves, journaled the same way. */
  readonly routes: HttpRoutes = (server, guards) =>
    registerVisionRoutes(server, { ...guards, evidenceFile: (eventId, kind) => this.evidenceFile(eventId, kind), personalData: this.deps.personalData });
  readonly service: VisionService;
  private readonly alarms: VisionAlarms;
  private readonly events = new Map<string, VisionEventView>();
  private readonly evidence = new Map<string, { snapshotPath?: string; clipPath?: string }>();
  private readonly health = new Map<string, CameraHealth>();
  private readonly simulatedAnalytics: boolean;
  private hub: LiveHub | null = null;

  constructor(private readonly deps: VisionCoreLinkDeps) {
    const serviceConfig = serviceConfigFor(deps.config, deps.dataDir, deps.demoSimulator);
    this.simulatedAnalytics = serviceConfig.frigate?.source === 'simulated';
    this.alarms = new VisionAlarms(deps.scene);
    this.service = new VisionService(deps.scene.cameras, serviceConfig, {
      onEvent: (event) => this.onEvent(event),
      onDetections: (detections) => this.hub?.detections(detections),
      onHealth: (health) => this.onHealth(health),
      onFrame: (frame) => this.onFrame(frame),
    });
  }

  /**
   * The NVR topics to consume on the core's MQTT connection, or undefined when none is configured. The ingest
   * router hands them over after its size cap, and counts and logs (rate-limited) what is not taken.
   */
  get mqttPassthrough(): IngestPassthrough | undefined {
    const topics = this.service.mqttTopics();
    if (topics.length === 0) return undefined;
    return {
      topics,
      handle: (topic, payload) => {
        const refused = this.service.handleMqttMessage(topic, payload);
        return refused && { reason: refused.reason, detail: refused.message };
      },
    };
  }

  async start(hub: LiveHub): Promise<void> {
    this.hub = hub;
    await this.service.start();
    const cameras = this.service.health().map((h) => `${h.cameraId}:${h.state}`);
    if (cameras.length > 0 || this.simulatedAnalytics) this.deps.logger.info({ cameras, nvrTopics: this.service.mqttTopics() }, 'camera AI started');
  }

  onConnection({ socket, handle }: FeatureConnection): void {
    handle(SOCKET_EVENTS.visionState, () => 'alarm:read', null, () => {
      const state = this.state();
      return { ...state, events: state.events.map((event) => this.deps.personalData.visionEventFor(socket.data.user, event)) };
    });
    handle(SOCKET_EVENTS.visionWatch, () => 'scene:read', VisionWatchSchema, ({ cameraIds }) => {
      for (const room of socket.rooms) if (room.startsWith(CAMERA_ROOM(''))) void socket.leave(room);
      const known = cameraIds.filter((id) => this.deps.scene.cameras.some((c) => c.id === id));
      for (const id of known) void socket.join(CAMERA_ROOM(id));
      return { watching: known };
    });
    // Evidence shows people: it needs personnel:viewNames, and each showing is journaled.
    handle(SOCKET_EVENTS.visionEvidence, () => 'personnel:viewNames', VisionEvidenceRequestSchema, async ({ eventId, kind }) => {
      const file = await this.evidenceFile(eventId, kind);
      if (!file) throw Object.assign(new Error('no such evidence'), { problem: problem('ST_ERR_HTTP_NOT_FOUND', 'info', { message: `no ${kind} for event "${eventId}"` }) });
      this.deps.personalData.viewed(socket.data.user, { what: kind, eventId }, 'socket');
      return { mediaType: MEDIA_TYPE[kind], data: await readFile(file) };
    });
  }

  /** The evidence file the core wrote for an event, if it still exists (retention may have removed it); never any other path. */
  async evidenceFile(eventId: string, kind: EvidenceKind): Promise<string | null> {
    const entry = this.evidence.get(eventId);
    const file = kind === 'snapshot' ? entry?.snapshotPath : entry?.clipPath;
    if (file === undefined) return null;
    return access(file).then(
      () => file,
      () => null,
    );
  }

  state(): VisionState {
    return {
      events: [...this.events.values()],
      health: [...this.health.values()],
      cameras: this.deps.config.cameras.map((c) => ({ cameraId: c.cameraId, zones: c.zones, ruleKinds: [...new Set(c.rules.map((r) => r.kind))] })),
      simulatedAnalytics: this.simulatedAnalytics,
    };
  }

  /** Ends open events (their alarms clear) and stops decoders and workers. */
  async close(): Promise<void> {
    await this.service.stop();
    this.hub = null;
  }

  private onEvent(event: VisionEvent): void {
    const nowMs = Date.now();
    const previous = this.events.get(event.id);
    const fused = previous?.badgeId !== undefined ? { badgeId: previous.badgeId, distanceM: previous.badgeDistanceM! } : nearestBadge(event.ground, this.hub?.workerPositions() ?? [], nowMs, this.deps.config.fusion);
    this.rememberEvidence(event);
    const view = this.viewOf(event, fused);
    this.events.delete(event.id); // re-insert: the map's order is the order of the latest change
    this.events.set(event.id, view);
    if (this.events.size > MAX_EVENTS) this.events.delete(this.events.keys().next().value!);
    if (event.phase === 'start' && event.snapshotPath) void this.recordSnapshot(event, event.snapshotPath);
    const condition = this.alarms.onEvent(event, { snapshotHref: view.snapshotHref, badgeId: view.badgeId }, nowMs);
    if (condition) this.hub?.externalCondition(condition);
    // For the core's own consumers (the permits' live checks), then for the screens.
    this.deps.bus.publish('visionEvent', view);
    this.deps.bus.publish('toScreens', { event: SOCKET_EVENTS.visionEvent, payload: view, anonymous: anonymousVisionEvent(view) });
  }

  private onHealth(reported: CameraHealth): void {
    // Health goes to every client and into alarm reasons: its error text without credentials or server paths.
    const health = reported.lastError ? { ...reported, lastError: clientProblem(reported.lastError) } : reported;
    this.health.set(health.cameraId, health);
    this.hub?.externalCondition(this.alarms.onHealth(health, Date.now()));
    this.deps.bus.publish('toScreens', { event: SOCKET_EVENTS.visionHealth, payload: health });
  }

  private onFrame(frame: CameraFrame): void {
    // To the camera's watchers only (the gateway sends nothing when nobody watches).
    this.deps.bus.publish('toScreens', {
      event: SOCKET_EVENTS.cameraFrame,
      payload: { cameraId: frame.cameraId, tsMs: frame.tsMs, jpeg: frame.jpeg, widthPx: frame.widthPx, heightPx: frame.heightPx },
      room: CAMERA_ROOM(frame.cameraId),
    });
  }

  private rememberEvidence(event: VisionEvent): void {
    if (event.snapshotPath === undefined && event.clipPath === undefined) return;
    const entry = this.evidence.get(event.id) ?? {};
    if (event.snapshotPath !== undefined) entry.snapshotPath = event.snapshotPath;
    if (event.clipPath !== undefined) entry.clipPath = event.clipPath;
    this.evidence.set(event.id, entry);
    if (this.evidence.size > MAX_EVIDENCE_ENTRIES) this.evidence.delete(this.evidence.keys().next().value!);
  }

  /** The event for clients: evidence as API paths (the core's own files) or the NVR's links, never file paths. */
  private viewOf(event: VisionEvent, fused: { badgeId: string; distanceM: number } | null): VisionEventView {
    const { snapshotPath: _snapshot, clipPath: _clip, ...rest } = event;
    const view: VisionEventView = { ...rest };
    const held = this.evidence.get(event.id);
    const base = `${API_PATHS.visionEvents}/${encodeURIComponent(event.id)}`;
    // An NVR's links keep its host and path, never the credentials its configured URL may carry.
    if (view.snapshotUrl !== undefined) view.snapshotUrl = redactSecrets(view.snapshotUrl);
    if (view.clipUrl !== undefined) view.clipUrl = redactSecrets(view.clipUrl);
    const snapshotHref = held?.snapshotPath ? `${base}/snapshot.jpg` : view.snapshotUrl;
    const clipHref = held?.clipPath ? `${base}/clip.mp4` : view.clipUrl;
    if (snapshotHref !== undefined) view.snapshotHref = snapshotHref;
    if (clipHref !== undefined) view.clipHref = clipHref;
    if (fused) {
      view.badgeId = fused.badgeId;
      view.badgeDistanceM = Math.round(fused.distanceM * 10) / 10;
    }
    return view;
  }

  private async recordSnapshot(event: VisionEvent, file: string): Promise<void> {
    if (!this.deps.recorder) return;
    try {
      const data = await readFile(file);
      this.deps.recorder.addSnapshot({ cameraId: event.cameraId, tsMs: event.tsMs, mediaType: 'image/jpeg', data, name: `snapshots/${event.cameraId}/${event.id.replace(/[^A-Za-z0-9._-]+/g, '_')}.jpg` });
    } catch (error) {
      this.deps.logger.warn({ err: error, eventId: event.id }, 'event snapshot not recorded');
    }
  }
}
