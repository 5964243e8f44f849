import type { AlarmConfig } from '../../alarms/index.js';
import { AlarmEngine } from '../../alarms/index.js';
import type { Alarm, AlarmCommand, AlarmTransition, DispersionSnapshot, Scene } from '../../contracts/index.js';

/**
 * A drill's own alarm engine (issue 15): the plant's ISA-18.2 rules — pre-warning, H and HH limits with
 * their delays and deadbands, area voting, latching, priorities, acknowledge, shelve — evaluated on the
 * drill model's predicted gas-detector readings at the drill's clock. A separate instance: nothing here
 * touches the plant's alarm engine, its alarm board, the recorder or the historian.
 *
 * Only the gas detectors take part: the model predicts nothing else, and feeding other sensors their
 * live values would repeat the plant's real alarms in the drill list. Data-quality diagnostics (flat line,
 * drift) are off: they judge instruments, and a model's clean-air reading is exactly flat.
 */
export class DrillAlarms {
  private readonly engine: AlarmEngine;
  private readonly detectorIds: string[];

  constructor(scene: Scene, config: AlarmConfig, startMs: number) {
    const detectors = scene.sensors.filter((sensor) => sensor.kind === 'gas');
    this.detectorIds = detectors.map((sensor) => sensor.id);
    this.engine = new AlarmEngine({ ...scene, sensors: detectors }, withoutInstrumentDiagnostics(config), startMs);
  }

  /**
   * The model's picture at atMs: every detector's predicted reading (clean air, 0, where the cloud is not),
   * then the engine's timers. Called on the drill clock at least as often as the shortest comm-loss
   * timeout, so no detector of the drill ever goes silent.
   */
  readings(snapshot: Pick<DispersionSnapshot, 'detectors'>, atMs: number): AlarmTransition[] {
    const readingById = new Map<string, number>();
    for (const detector of snapshot.detectors) readingById.set(detector.sensorId, Math.max(readingById.get(detector.sensorId) ?? 0, detector.reading));
    const transitions: AlarmTransition[] = [];
    this.detectorIds.forEach((id, index) => transitions.push(...this.engine.ingest(index, readingById.get(id) ?? 0, 'good', atMs, atMs)));
    transitions.push(...this.engine.tick(atMs));
    return transitions;
  }

  /** The scenario's field report of its release, at the leaking equipment's area. */
  reportRelease(areaId: string, atMs: number): AlarmTransition[] {
    return this.engine.setExternalCondition({ sourceId: areaId, sourceKind: 'area', areaId, condition: 'releaseReported', active: true, nowMs: atMs });
  }

  command(command: AlarmCommand, user: string, atMs: number): { transitions: AlarmTransition[]; errors: string[] } {
    return this.engine.command(command, user, atMs);
  }

  /** Every alarm of the drill not back to normal. */
  alarms(): Alarm[] {
    return this.engine.alarms();
  }
}

function withoutInstrumentDiagnostics(config: AlarmConfig): AlarmConfig {
  const { flatLine, drift } = config.dataQuality;
  return { ...config, dataQuality: { ...config.dataQuality, flatLine: { ...flatLine, timeMs: { ...flatLine.timeMs, gas: null } }, drift: { ...drift, enabled: false } } };
}
