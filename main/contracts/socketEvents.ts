import { z } from 'zod';
import type { AlarmEventMessage, AlarmSnapshot } from './alarms.js';
import type { MqttLinkState } from './live.js';
import type { Problem, Result } from './problems.js';
import { SessionUserSchema } from './roles.js';
import type { ClientScene } from './clientScene.js';
import type { ActiveLeak, DispersionSnapshot, LeakStartRequest } from './dispersion.js';
import type { DrillCommand, DrillScenarioSummary, DrillStatus, EvacuationFrameWire, EvacuationRunsStatus, LiveEvacuationStatus } from './evacuationRuns.js';
import type { EvacuationBoard } from './evacuationBoard.js';
import type { DispersionZones } from './replay.js';
import type { AreaRiskGrade, HazardChange } from './hazards.js';
import type { EvacuationNotice, WarningDeadline } from './dispatch.js';
import type { GasTest, PermitChange, PermitDetail, PermitListQuery, PermitRecordView, PermitStepRequestBody } from './permits.js';
import type { PlayerAlarms, PlayerCommand, PlayerDetections, PlayerFrame, PlayerState } from './player.js';
import type { CameraFrameWire, CameraHealth, VisionEventView, VisionEvidenceRequest, VisionState } from './vision.js';

/** A dispersion snapshot as it travels: the Float32Array fields arrive in the browser as ArrayBuffers. */
export type DispersionSnapshotWire = Omit<DispersionSnapshot, 'fields'> & { fields: { leakId: string; valuesMgM3: Float32Array | ArrayBuffer; maxMgM3: number }[] };

/** Event names, in one place so neither side spells them by hand. */
export const SOCKET_EVENTS = {
  sessionHello: 'session:hello',
  playerState: 'player:state',
  playerFrame: 'player:frame',
  playerAlarms: 'player:alarms',
  playerDetections: 'player:detections',
  playerCommand: 'player:command',
  coreStatus: 'core:status',
  alarmEvent: 'alarm:event',
  sceneGet: 'scene:get',
  alarmSnapshot: 'alarm:snapshot',
  annunciation: 'ui:annunciation',
  selection: 'ui:selection',
  leakSnapshot: 'leak:snapshot',
  leakStart: 'leak:start',
  leakStop: 'leak:stop',
  leakSimulateRelease: 'leak:simulateRelease',
  replayList: 'replay:list',
  replayReport: 'replay:report',
  replayExport: 'replay:export',
  replayDispersion: 'replay:dispersion',
  replayDrillDispersion: 'replay:drillDispersion',
  replayEvacuationBoards: 'replay:evacuationBoards',
  evacStatus: 'evac:status',
  evacFrame: 'evac:frame',
  evacDrillDispersion: 'evac:drillDispersion',
  evacScenarios: 'evac:scenarios',
  evacDrillStart: 'evac:drillStart',
  evacDrillCommand: 'evac:drillCommand',
  evacLiveStart: 'evac:liveStart',
  evacLiveStop: 'evac:liveStop',
  visionState: 'vision:state',
  visionWatch: 'vision:watch',
  visionEvidence: 'vision:evidence',
  visionEvent: 'vision:event',
  visionHealth: 'vision:health',
  cameraFrame: 'camera:frame',
  permitChanged: 'permit:changed',
  permitList: 'permit:list',
  permitGet: 'permit:get',
  permitStep: 'permit:step',
  permitGasTest: 'permit:gasTest',
  hazardChanged: 'hazard:changed',
  riskAreas: 'risk:areas',
  warningDeadlines: 'warning:deadlines',
  warningChanged: 'warning:changed',
  warningEvacuate: 'warning:evacuate',
} as const;

export const SessionHelloSchema = z.object({
  user: SessionUserSchema,
  coreVersion: z.string(),
  sceneId: z.string(),
  serverTimeMs: z.number(),
  /** Operator positions sharing the site's alarm load (alarm settings): the flood indicator's threshold scales with it (floodThreshold). */
  operatorPositions: z.number().int().min(1),
});
export type SessionHello = z.infer<typeof SessionHelloSchema>;

export type CoreStatus = { uptimeS: number; connectedClients: number; problems: Problem[]; mqtt: MqttLinkState; mqttUrl: string };

/**
 * A live frame as it travels: socket.io carries the typed arrays as binary attachments, and they
 * arrive in the browser as ArrayBuffers (decodeLiveFrame in the renderer restores the views).
 */
export type LiveFrameWire = Omit<PlayerFrame, 'indices' | 'values' | 'sampleTsMs' | 'flags'> & {
  indices: ArrayBuffer | Uint32Array;
  values: ArrayBuffer | Float64Array;
  sampleTsMs: ArrayBuffer | Float64Array;
  flags: ArrayBuffer | Uint8Array;
};

export type AlarmCommandResult = { applied: number; errors: string[] };

export interface ServerToClientEvents {
  'session:hello': (hello: SessionHello) => void;
  'core:status': (status: CoreStatus) => void;
  /** This screen's player (contracts/player.ts): its state on every change. */
  'player:state': (state: PlayerState) => void;
  /** Acknowledge the frame once it is drawn, so the next one is sent (one frame in flight per screen). */
  'player:frame': (frame: LiveFrameWire, ack: () => void) => void;
  /** The player's alarm list: a snapshot after each discontinuity, then every transition in order. */
  'player:alarms': (message: PlayerAlarms) => void;
  /** Detections of one camera frame as the player shows them (a few per second per camera). */
  'player:detections': (event: PlayerDetections) => void;
  /**
   * The live plant's alarm events, only to screens whose player is not live (a replay, a drill): the
   * live-alarm strip keeps them aware of the present. A live screen gets them on player:alarms.
   */
  'alarm:event': (message: AlarmEventMessage) => void;
  /** Another screen of the same user selected something: linked views across a video wall. */
  'ui:selection': (selection: UiSelection) => void;
  /** The live gas-dispersion picture: after every wind sample and every second while a cloud is on site. */
  'leak:snapshot': (snapshot: DispersionSnapshotWire) => void;
  /** The recorded leak-study zones at the replayed instant (after a seek, and as they change while playing); null: no cloud. */
  'replay:dispersion': (zones: DispersionZones | null) => void;
  /** A drill's own cloud recorded at the replayed instant (drawn hatched and marked DRILL, as live); null: none. */
  'replay:drillDispersion': (zones: DispersionZones | null) => void;
  /** The evacuation boards recorded at the replayed instant (a live evacuation's and a drill's; after a seek, and as they change while playing); empty: none running then. */
  'replay:evacuationBoards': (boards: EvacuationBoard[]) => void;
  /** Evacuation runs (live and drill): phase, clocks, drill alarms and score, report links; on every change. */
  'evac:status': (status: EvacuationRunsStatus) => void;
  /** A run's agents, muster counts, density and (every few seconds) routes, about 4 per second. */
  'evac:frame': (frame: EvacuationFrameWire) => void;
  /** The drill's own gas cloud (never the live leak:snapshot): drawn labelled DRILL. */
  'evac:drillDispersion': (snapshot: DispersionSnapshotWire) => void;
  /** Camera AI: each vision event (start / update / end; simulated ones labelled by their source), to every client. */
  'vision:event': (event: VisionEventView) => void;
  /** Camera AI: a camera's decoder and inference health, on change and every few seconds. */
  'vision:health': (health: CameraHealth) => void;
  /** A live-view JPEG, only to clients watching that camera (vision:watch). */
  'camera:frame': (frame: CameraFrameWire) => void;
  /** A special-operation permit was filed or took a step (names withheld for roles that may not see them). */
  'permit:changed': (change: PermitChange) => void;
  /** A hidden-danger ticket was reported or took a step: what changed, no names (screens read the ticket for their user). */
  'hazard:changed': (change: HazardChange) => void;
  /** The four-colour map as it stands (every area with a risk point), on connection and whenever a grade or its causes change. */
  'risk:areas': (areas: AreaRiskGrade[]) => void;
  /** Every open warning's countdown and escalation level (issue 19), on connection and on every change: the wall and the alarm list count down from it. */
  'warning:deadlines': (deadlines: WarningDeadline[]) => void;
  /** A warning was raised, acknowledged, escalated, noted, cleared or closed: its id only (screens re-read it for their user). */
  'warning:changed': (change: { warningId: string; alarmId: string; atMs: number }) => void;
  /** Only to the sockets of users whose badge is inside the area: leave now (shown full-screen on the phone page). */
  'warning:evacuate': (notice: EvacuationNotice) => void;
}

/** What a screen selected, shared with the user's other screens. */
export const UiSelectionSchema = z.object({ kind: z.enum(['equipment', 'sensor', 'camera', 'worker', 'area']), id: z.string().min(1).max(128) }).nullable();
export type UiSelection = z.infer<typeof UiSelectionSchema>;

export interface ClientToServerEvents {
  /** Permits matching the filters, the latest window first (role: permit:read; names only with personnel:viewNames). */
  'permit:list': (query: PermitListQuery, ack: (result: Result<PermitRecordView[]>) => void) => void;
  /** One permit with its signed trace (role: permit:read). */
  'permit:get': (request: { number: string }, ack: (result: Result<PermitDetail>) => void) => void;
  /** A lifecycle step, signed by this screen's user (the step's own role is checked by the lifecycle). */
  'permit:step': (request: { number: string; step: PermitStepRequestBody }, ack: (result: Result<PermitDetail>) => void) => void;
  /** A gas analysis added to the permit (role: permit:operate; the user who entered it is journaled). */
  'permit:gasTest': (request: { number: string; test: GasTest }, ack: (result: Result<PermitDetail>) => void) => void;
  /** The client view of the scene (clientScene.ts): no stream URLs; names only with personnel:viewNames. */
  'scene:get': (ack: (result: Result<ClientScene>) => void) => void;
  /** The live plant's alarm list, for a screen away from live (its strip); a live screen's list comes on player:alarms. */
  'alarm:snapshot': (ack: (result: Result<AlarmSnapshot>) => void) => void;
  /**
   * Drive this screen's player (role per command: replay:control for opening and playback, the alarm
   * command's own for alarm actions). "open" answers with the timeline index and the first state.
   */
  'player:command': (command: PlayerCommand, ack: (result: Result<unknown>) => void) => void;
  /** The operator muted or unmuted the audible annunciation on this screen (logged with the user). */
  'ui:annunciation': (state: { muted: boolean }) => void;
  'ui:selection': (selection: UiSelection) => void;
  /** Start a leak study at an equipment item (role: simulation:run); answers with the leak as modelled. */
  'leak:start': (request: LeakStartRequest, ack: (result: Result<ActiveLeak>) => void) => void;
  'leak:stop': (request: { leakId: string }, ack: (result: Result<boolean>) => void) => void;
  /**
   * Simulate a release on the demo plant (role: simulator:inject): the embedded simulator leaks and its
   * detectors alarm, and the release is modelled as a leak labelled simulated. Journaled. Refused
   * (ST_ERR_DISPERSION_NO_SIMULATOR) when the core runs no simulator.
   */
  'leak:simulateRelease': (request: LeakStartRequest, ack: (result: Result<ActiveLeak>) => void) => void;
  /** The recordings this screen may replay (role: replay:control). */
  'replay:list': (ack: (result: Result<{ recordings: RecordingListEntry[] }>) => void) => void;
  /** The incident report of this screen's open recording, as HTML to save and print (PDF). */
  'replay:report': (request: { locale: 'en' | 'zh-CN'; fromMs?: number; toMs?: number }, ack: (result: Result<{ fileName: string; html: string }>) => void) => void;
  /**
   * A time range of this screen's open recording saved as a new recording (a training package) in
   * <data-dir>/exports; `path` is its place inside the data directory ("exports/<name>.mcap"), never a server path.
   */
  'replay:export': (request: { fromMs: number; toMs: number }, ack: (result: Result<{ path: string; fromMs: number; toMs: number; messages: number; attachments: number; bytes: number }>) => void) => void;
  'evac:scenarios': (ack: (result: Result<DrillScenarioSummary[]>) => void) => void;
  /** Start a named drill scenario (role: drill:control). */
  'evac:drillStart': (request: { scenarioId: string }, ack: (result: Result<DrillStatus>) => void) => void;
  'evac:drillCommand': (command: DrillCommand, ack: (result: Result<DrillStatus>) => void) => void;
  /** Order a live evacuation: predict from the current RTLS positions and count badges at muster points (role: simulation:run). */
  'evac:liveStart': (ack: (result: Result<LiveEvacuationStatus>) => void) => void;
  'evac:liveStop': (request: { runId: string }, ack: (result: Result<LiveEvacuationStatus>) => void) => void;
  /** Camera AI: recent events, camera health and zones (role: alarm:read). */
  'vision:state': (ack: (result: Result<VisionState>) => void) => void;
  /** The cameras whose live frames this screen shows (replaces the previous set; role: scene:read). */
  'vision:watch': (request: { cameraIds: string[] }, ack: (result: Result<{ watching: string[] }>) => void) => void;
  /** An event's snapshot (image/jpeg) or clip (video/mp4) bytes (role: alarm:read). */
  'vision:evidence': (request: VisionEvidenceRequest, ack: (result: Result<{ mediaType: string; data: ArrayBuffer | Uint8Array }>) => void) => void;
}

/** A recording as the replay tab lists it. */
export type RecordingListEntry = { name: string; bytes: number; status: string; startMs?: number; endMs?: number; messages?: number; message?: string };

/** What a client sends in the socket.io handshake `auth` field. */
export const SocketAuthSchema = z.object({
  token: z.string().min(1).max(512).optional(),
  /** A linked screen: it shows the player its user opens or joins on another screen (a replay, the drill), and goes back to live with it. */
  follow: z.boolean().optional(),
});
