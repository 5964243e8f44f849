import { areaAt, polygonCentroid, type Area, type Permit, type PermitLocation, type PermitRecordView, type Point2, type SessionUser } from '../contracts/index.js';
import type { StoredPermit } from '../historian/index.js';
import { mayViewPersonalData } from '../privacy/index.js';

/**
 * The permit without the names of people in it — the watcher's (监护人), the gas analysts', who confirmed an
 * isolation, a lift's signaller — for a role that may not see names (personnel:viewNames, main/privacy):
 * badges stay (as on the twin, anonymous), names become empty strings.
 */
export function withoutNames(permit: Permit): Permit {
  const common = {
    watcher: { ...permit.watcher, name: '' },
    gasTests: permit.gasTests.map((test) => ({ ...test, analystName: '' })),
    isolationMeasures: permit.isolationMeasures.map(({ confirmedBy, ...measure }) => (confirmedBy === undefined ? measure : { ...measure, confirmedBy: '' })),
  };
  return permit.type === 'lifting' ? { ...permit, ...common, signallerName: '' } : { ...permit, ...common };
}

/** The stored permit as this user may see it. */
export function permitViewFor(user: SessionUser | null, stored: StoredPermit): PermitRecordView {
  return permitView(stored, mayViewPersonalData(user));
}

/** The stored permit with its names, or without them. */
export function permitView(stored: StoredPermit, names: boolean): PermitRecordView {
  return {
    permit: names ? stored.permit : withoutNames(stored.permit),
    namesWithheld: !names,
    revision: stored.revision,
    source: stored.source,
    createdBy: stored.createdBy,
    createdMs: stored.createdMs,
    updatedMs: stored.updatedMs,
    areaId: stored.areaId,
  };
}

/** Where a permit's location is representative: its point, or its polygon's centroid. */
export function permitCentre(location: PermitLocation): Point2 {
  return location.kind === 'point' ? location.point : polygonCentroid(location.polygon);
}

/** The permit's bounding box in plant metres (a point with its cordon, or the polygon's vertices). */
export function permitBounds(location: PermitLocation): { minX: number; minY: number; maxX: number; maxY: number } {
  if (location.kind === 'point') {
    const [x, y] = location.point;
    const r = location.zoneRadiusM;
    return { minX: x - r, minY: y - r, maxX: x + r, maxY: y + r };
  }
  const xs = location.polygon.map(([x]) => x);
  const ys = location.polygon.map(([, y]) => y);
  return { minX: Math.min(...xs), minY: Math.min(...ys), maxX: Math.max(...xs), maxY: Math.max(...ys) };
}

/** The scene area a permit lies in: the smallest area holding its point or polygon centroid (contracts areaAt), or null. */
export function areaLocator(areas: readonly Pick<Area, 'id' | 'polygon'>[]): (location: PermitLocation) => string | null {
  return (location) => {
    const [x, y] = permitCentre(location);
    return areaAt({ areas }, x, y);
  };
}
