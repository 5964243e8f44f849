import type { AlarmTransition, CameraDetections, DispersionSnapshot, MqttLinkState, Problem, WorkerPosition } from '../contracts/index.js';
import type { SampleBatch } from '../live/LiveHub.js';

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
  /** The ingest client's link to its broker. */
  mqttLink: MqttLinkState;
  /** The live gas-dispersion picture (leak studies), each time it is recomputed. */
  dispersion: DispersionSnapshot;
  /** An operational problem became active. */
  problem: Problem;
};
