import type { AlarmTransition, CameraDetections, DispersionSnapshot, EvacuationBoard, MqttLinkState, Permit, PermitChangeKind, Problem, ServerToClientEvents, SimulatorCommand, TimelineMarkWhat, VisionEventView, WorkerPosition } from '../contracts/index.js';

/** Samples accepted between two flushes of the live hub, column by column (scene sensor index, value, time, quality). */
export type SampleBatch = { indices: Uint32Array; values: Float64Array; tsMs: Float64Array; qualities: Uint8Array };

/** Topics on the core bus. Recorders and later capabilities subscribe here. */
export type CoreTopics = {
  /** Every change of every alarm, with who caused it (alarm engine, operator commands). */
  alarmTransition: AlarmTransition;
  /** Samples accepted since the last flush (every sample, not coalesced), by scene sensor index. */
  samples: SampleBatch;
  /** Detections of one camera frame (edge vision boxes over MQTT, or the camera AI pipeline). */
  detections: CameraDetections;
  /** An RTLS badge position. */
  worker: WorkerPosition;
  /** A camera safety event (start, update, end) with its ground point, as the camera AI made it (evidence as API paths, never file paths). */
  visionEvent: VisionEventView;
  /** The ingest client's link to its broker. */
  mqttLink: MqttLinkState;
  /**
   * A scenario command the embedded demo simulator applied, and who sent it: a capability of the core
   * (which then ignores its own echo) or anyone else (`safetwin simulate inject`, the MQTT command topic).
   */
  simulatorApplied: { command: SimulatorCommand; origin: SimulatorCommandOrigin };
  /** A scenario command for the embedded demo simulator from a capability of the core; nobody applies it when no simulator runs. */
  simulatorCommand: { command: SimulatorCommand; origin: SimulatorCommandOrigin };
  /** Something for the screens, which the socket gateway sends (a capability needs no reference to it). */
  toScreens: ScreenMessage;
  /** The live gas-dispersion picture (leak studies), each time it is recomputed. */
  dispersion: DispersionSnapshot;
  /** A drill's own gas cloud (its own leak model and clock, never the live picture); an empty picture when the drill ends. */
  drillDispersion: DispersionSnapshot;
  /** A drill, simulation or incident span (start/end) or a note, for the recording's timeline: what it records by code, the label in English for logs. */
  marker: { kind: 'drill' | 'simulation' | 'incident' | 'note'; phase: 'start' | 'end' | 'instant'; id: string; label: string; what?: TimelineMarkWhat; by?: string };
  /** The live evacuation in progress (its run id), or none: man-down is suppressed at muster points meanwhile. */
  evacuation: { liveRunId: string | null };
  /** A run's evacuation board as the screens show it (at most once a second per run, at once when its phase changes, and a last one with phase 'ended'). */
  evacuationBoard: EvacuationBoard;
  /** A study the commander ran (dispersion, evacuation): its input and a summary of its output, for the record. */
  simulationRun: { runId: string; kind: string; by: string; input: unknown; output: unknown };
  /**
   * A special-operation permit was filed or took a step (the register, after it is stored and journaled):
   * the live checks and the screens learn at once. The full document, names included: subscribers in the
   * core decide what each screen may see.
   */
  permitChanged: { permit: Permit; change: PermitChangeKind; by: string };
  /** An operational problem became active, or was reported again (it replaces the earlier report: same code and location). */
  problem: Problem;
  /** An operational problem's condition ended (its code, and its location when it was raised with one). */
  problemCleared: Pick<Problem, 'code' | 'location'>;
};

/** Who drove the embedded simulator: the leak studies (a simulated release), the evacuation runs (a live evacuation), or someone else. */
export type SimulatorCommandOrigin = 'leakStudies' | 'evacuation' | 'external';

/**
 * One event for the screens, typed by the contracts' event map. Sent to every screen, or only to those in
 * `room` (a camera's watchers); with `anonymous`, a screen whose user may not see personal data gets that
 * instead of `payload` (what a role may not see is never sent to it).
 */
export type ScreenMessage = {
  [E in keyof ServerToClientEvents]: { event: E; payload: Parameters<ServerToClientEvents[E]>[0]; anonymous?: Parameters<ServerToClientEvents[E]>[0]; room?: string };
}[keyof ServerToClientEvents];
