import type { Scene, SensorKind } from '../../main/contracts/index.js';

/** Sensors per Sparkplug device in the benchmark: a DDATA then carries 100 samples, like a PLC rack. */
export const METRICS_PER_DEVICE = 100;

const KINDS: { kind: SensorKind; unit: string; limits: Scene['sensors'][number]['limits']; normal: number; substanceId?: string }[] = [
  { kind: 'gas', unit: '%LEL', limits: { high: 25, highHigh: 50 }, normal: 1, substanceId: 'propane' },
  { kind: 'temperature', unit: 'degC', limits: { low: 5, high: 60, highHigh: 80 }, normal: 30 },
  { kind: 'pressure', unit: 'kPa', limits: { high: 800, highHigh: 900 }, normal: 400 },
  { kind: 'level', unit: '%', limits: { lowLow: 5, low: 10, high: 85, highHigh: 90 }, normal: 50 },
];

/** The demo plant with its sensors replaced by `count` synthetic ones spread over its process areas. */
export function benchScene(demo: Scene, count: number): Scene {
  const areas = demo.areas.filter((a) => a.kind === 'process' || a.kind === 'tankFarm');
  const sensors = Array.from({ length: count }, (_, i) => {
    const spec = KINDS[i % KINDS.length]!;
    const area = areas[i % areas.length]!;
    const [x0, y0] = area.polygon[0]!;
    const [x1, y1] = area.polygon[2]!;
    const id = `S-${String(i).padStart(5, '0')}`;
    return {
      id,
      kind: spec.kind,
      unit: spec.unit,
      ...(spec.substanceId ? { substanceId: spec.substanceId } : {}),
      areaId: area.id,
      position: { x: x0 + ((i * 7) % 100) / 100 * (x1 - x0), y: y0 + ((i * 13) % 100) / 100 * (y1 - y0), z: 0 },
      mountingHeightM: 1,
      mqttTopic: `safetwin/${demo.site.id}/${area.id}/${id}`,
      limits: spec.limits,
    };
  });
  return { ...demo, sensors, cameras: [] };
}

/** A normal value of sensor i, with a small deterministic wobble. */
export function normalValue(i: number, step: number): number {
  const spec = KINDS[i % KINDS.length]!;
  return spec.normal * (1 + 0.02 * Math.sin(i + step / 10));
}

/** A value above H (but below HH) for sensor i: used to make alarms during the run. */
export function highValue(i: number): number {
  const limits = KINDS[i % KINDS.length]!.limits;
  return (limits.high! + (limits.highHigh ?? limits.high! * 1.2)) / 2;
}
