import { areaAt, type ControlFailure, type Scene } from '../contracts/index.js';
import type { LiveHub } from '../live/index.js';
import { RateLimitedLog, type Logger } from '../log/index.js';

/** A detector's state is read about once a second, as the alarm engine's time-driven rules run. */
const DEFAULT_TICK_MS = 1_000;

export type RiskGradeWatchHub = Pick<LiveHub, 'isStale' | 'alarmSummary'>;

/** A gas detector of the scene, resolved once: its index in the live tables and its area. */
type Detector = { index: number; sensorId: string; areaId?: string };

/**
 * Watches the controls the risk register relies on (issue 18 item 1: "re-grades itself when a control fails"):
 * every gas detector of the scene, once a second — in comm loss (no sample for longer than its comm-loss
 * timeout, the live hub's stale flag) or out of service (an alarm of it removed from service, ISA-18.2). The
 * failures go to the register whenever the set changes. Interlock bypasses would come the same way; the plant
 * model has no interlock signal yet, so none is read (docs/hazards.md §6).
 */
export class RiskGradeWatch {
  readonly counts = { evaluations: 0, errors: 0 };
  private readonly detectors: Detector[];
  private readonly log: RateLimitedLog;
  private timer: ReturnType<typeof setInterval> | null = null;
  private lastKey = '';

  constructor(private readonly options: { scene: Pick<Scene, 'sensors' | 'areas'>; hub: RiskGradeWatchHub; onFailures(failures: ControlFailure[]): void; logger: Logger; tickMs?: number }) {
    this.log = new RateLimitedLog(options.logger, 10_000);
    this.detectors = options.scene.sensors.flatMap((sensor, index) => {
      if (sensor.kind !== 'gas') return [];
      const areaId = sensor.areaId ?? areaAt(options.scene, sensor.position.x, sensor.position.y) ?? undefined;
      return [{ index, sensorId: sensor.id, ...(areaId !== undefined && { areaId }) }];
    });
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.evaluate(), this.options.tickMs ?? DEFAULT_TICK_MS);
    this.timer.unref();
    this.evaluate();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** One look at every detector now; tells the register when the failures changed. Never throws. */
  evaluate(): void {
    this.counts.evaluations++;
    try {
      const failures: ControlFailure[] = [];
      for (const d of this.detectors) {
        const where = d.areaId !== undefined ? { areaId: d.areaId } : {};
        // Out of service first: a detector taken out of service for work is also silent, and the first is the reason.
        if (this.options.hub.alarmSummary(d.index).outOfService) failures.push({ kind: 'detectorOutOfService', sensorId: d.sensorId, ...where });
        else if (this.options.hub.isStale(d.index)) failures.push({ kind: 'detectorCommLoss', sensorId: d.sensorId, ...where });
      }
      const key = JSON.stringify(failures);
      if (key === this.lastKey) return;
      this.lastKey = key;
      this.options.onFailures(failures);
    } catch (error) {
      this.counts.errors++;
      this.log.error('riskGradeWatch', { err: error }, 'risk register: reading the detectors failed');
    }
  }
}
