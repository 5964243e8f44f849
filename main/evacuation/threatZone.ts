import { isPointInPolygon } from '../contracts/index.js';
import { isActive, sampleHazard, type HazardSpec } from './hazards.js';
import type { Segment } from './planeGeometry.js';

/** Points on a muster disc's rim that are tested besides its centre (every 45°). */
const RIM_POINTS = 8;
/** Spacing of the points tested along a gate. */
const GATE_STEP_M = 1;

/**
 * The threat zone of the active hazards: a polygon hazard's area, and the cells of a grid hazard at
 * or above its threshold — the same cells the navigation fields make costly (hazards.ts
 * applyHazardCost). For live and drill runs that is the leak cloud at or above AEGL-2 (or the level
 * dispersionHazards chose), where people may suffer irreversible effects or be unable to escape
 * (US EPA AEGL-2 definition): no muster point, route or gate there is safe.
 */
export class ThreatZone {
  private readonly probe = { ppm: 0, extinctionPerM: 0 };
  private active: HazardSpec[] = [];

  /** The hazards active at tS (call before the queries when time or hazards change). */
  update(hazards: readonly HazardSpec[], tS: number): void {
    this.active = hazards.filter((h) => isActive(h, tS));
  }

  /** The level name of the first active hazard that has one (e.g. AEGL-2), null without hazards. */
  get level(): string | null {
    if (this.active.length === 0) return null;
    return this.active.find((h) => h.thresholdLevel !== undefined)?.thresholdLevel ?? this.active[0]!.id;
  }

  contains(x: number, y: number): boolean {
    for (const h of this.active) {
      if (h.polygon) {
        if (isPointInPolygon([x, y], h.polygon)) return true;
        continue;
      }
      sampleHazard(h, x, y, this.probe);
      if (h.thresholdPpm !== undefined && this.probe.ppm >= h.thresholdPpm) return true;
      if (h.thresholdExtinctionPerM !== undefined && this.probe.extinctionPerM >= h.thresholdExtinctionPerM) return true;
    }
    return false;
  }

  /** Any part of a disc (its centre or a point of its rim) in the zone: people stand all over a muster point. */
  touchesDisc(cx: number, cy: number, radiusM: number): boolean {
    if (this.contains(cx, cy)) return true;
    for (let k = 0; k < RIM_POINTS; k++) {
      const a = (2 * Math.PI * k) / RIM_POINTS;
      if (this.contains(cx + radiusM * Math.cos(a), cy + radiusM * Math.sin(a))) return true;
    }
    return false;
  }

  /** Any point of a gate line (its ends and every metre between) in the zone. */
  touchesLine([x1, y1, x2, y2]: Segment): boolean {
    const steps = Math.max(1, Math.ceil(Math.hypot(x2 - x1, y2 - y1) / GATE_STEP_M));
    for (let k = 0; k <= steps; k++) if (this.contains(x1 + ((x2 - x1) * k) / steps, y1 + ((y2 - y1) * k) / steps)) return true;
    return false;
  }
}
