import type { DispersionSnapshot } from '../../contracts/index.js';
import { mgM3ToPpm } from '../../dispersion/index.js';
import type { HazardInputRaw } from '../../evacuation/index.js';

/**
 * The threat level evacuation routes avoid, most preferred first: AEGL-2 is the level above which
 * people may suffer irreversible effects or be unable to escape (US EPA AEGL definitions) — the
 * level routes must not cross. ERPG-2 is its AIHA counterpart; LEL10 the flammable-cloud one.
 */
const AVOIDED_LEVELS = ['AEGL-2', 'ERPG-2', 'TEEL-2', 'IDLH', 'LEL10'] as const;

/**
 * The live gas picture as evacuation hazards: one concentration grid per leak (ppm of its
 * substance), hazardous above the chosen threat level. "traversable", not "no_go": someone already
 * inside the cloud must still be able to walk out, and the toxic load they take on the way is what
 * the exposure table reports. Cells above the level cost more, so routes go round the cloud.
 */
export function dispersionHazards(snapshot: DispersionSnapshot): HazardInputRaw[] {
  const grid = snapshot.grid;
  if (!grid) return [];
  const hazards: HazardInputRaw[] = [];
  snapshot.leaks.forEach((leak, k) => {
    const field = snapshot.fields.find((f) => f.leakId === leak.leakId) ?? snapshot.fields[k];
    if (!field || field.maxMgM3 <= 0) return;
    const avoided = avoidedZone(snapshot, leak.leakId);
    if (avoided === null) return;
    const values = field.valuesMgM3 instanceof Float32Array ? field.valuesMgM3 : new Float32Array(field.valuesMgM3);
    const ppm = Array.from(values, (mg) => mgM3ToPpm(mg, leak.molecularWeightGPerMol));
    hazards.push({
      id: `leak-${leak.leakId}`,
      kind: 'toxic_gas',
      mode: 'traversable',
      substance: leak.substanceId,
      thresholdPpm: avoided.thresholdPpm,
      thresholdLevel: avoided.level,
      // The dispersion grid gives cell centres; the evacuation grid's origin is the lower-left corner.
      grid: { x0M: grid.x0 - grid.dxM / 2, y0M: grid.y0 - grid.dyM / 2, cellSizeM: grid.dxM, nx: grid.nx, ny: grid.ny, concentrationPpm: ppm },
    });
  });
  return hazards;
}

/** The zone of the preferred avoided level the snapshot has, else its least severe zone. */
function avoidedZone(snapshot: DispersionSnapshot, leakId: string): { level: string; thresholdPpm: number } | null {
  const zones = snapshot.zones.filter((z) => z.leakId === leakId);
  for (const level of AVOIDED_LEVELS) {
    const zone = zones.find((z) => z.level === level);
    if (zone) return { level: zone.level, thresholdPpm: zone.thresholdPpm };
  }
  // Zones are listed most severe first; the last one is the widest area to keep people out of.
  const widest = zones.at(-1);
  return widest ? { level: widest.level, thresholdPpm: widest.thresholdPpm } : null;
}
