import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type Alarm } from '@contracts';
import { searchEntries, type SearchEntry } from './searchIndex.js';
import { metresPerPixel, minScreenScale } from './screenSize.js';
import { linkedAlarms, LINK_WINDOW_MS } from './alarmLinks.js';
import { agoParts, formatAgo } from './relativeTime.js';
import { framingDistanceM } from '../twin/homeView.js';
import { clientSceneOf, compassPoint, describePosition, edgeDistanceM, landmarksOf } from '@contracts';
import { catalogTranslator } from '../i18n/catalogTranslator.js';
import { alarmSelection, personLabel, placeText, positionText } from './personText.js';

const demo = SceneSchema.parse(JSON.parse(readFileSync(new URL('../../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')));

describe('a position as area and nearest landmark', () => {
  it('says which compass point, clockwise from north, with the grid north bearing applied', () => {
    expect(compassPoint(0, 10)).toBe('N');
    expect(compassPoint(10, 0)).toBe('E');
    expect(compassPoint(-10, -10)).toBe('SW');
    expect(compassPoint(10, 4)).toBe('E'); // 68°: nearer east (90°) than north-east (45°)
    // grid +y 90° east of true north: grid north is true east
    expect(compassPoint(0, 10, 90)).toBe('E');
    expect(compassPoint(0, 10, -45)).toBe('NW');
  });

  it('names T-101 and the edge distance south of it, inside the tank farm', () => {
    const t101 = demo.equipment.find((e) => e.id === 'T-101')!; // centre (235, 195), 20 m across; T-102 is 30 m east
    const description = describePosition(demo, t101.position.x, t101.position.y - 10 - 12);
    expect(description.areaId).toBe('tankFarm');
    expect(description.landmark?.id).toBe('T-101');
    expect(description.distanceM).toBe(12);
    expect(description.direction).toBe('S');
  });

  it('measures from a rotated rectangle\'s edge', () => {
    const rack = { kind: 'equipment' as const, id: 'X', name: { en: 'X' }, x: 0, y: 0, shape: 'rectangle' as const, lengthM: 100, widthM: 6, rotationDeg: 90 };
    // turned 90° clockwise the length runs north–south: 40 m north is inside, 10 m east is 7 m from the edge
    expect(edgeDistanceM(rack, 0, 40)).toBe(0);
    expect(edgeDistanceM(rack, 10, 0)).toBeCloseTo(7, 9);
    expect(edgeDistanceM({ ...rack, rotationDeg: 0 }, 0, 10)).toBeCloseTo(7, 9);
    expect(edgeDistanceM({ ...rack, rotationDeg: 0 }, 53, 7)).toBeCloseTo(5, 9);
  });

  it('says "at" a landmark (no direction) within a few metres of its edge', () => {
    const mp = demo.musterPoints[0]!;
    const description = describePosition(demo, mp.position[0], mp.position[1] + mp.radiusM);
    expect(description.landmark).toMatchObject({ kind: 'musterPoint', id: mp.id });
    expect(description.direction).toBeNull();
    expect(description.distanceM).toBe(0);
  });

  it('picks the smallest area where areas nest, and the nearest of every landmark kind', () => {
    const yard = demo.areas.find((a) => a.id === 'chlorineYard')!;
    const [x, y] = yard.polygon.reduce(([sx, sy], [px, py]) => [sx + px / yard.polygon.length, sy + py / yard.polygon.length], [0, 0]);
    expect(describePosition(demo, x, y).areaId).toBe('chlorineYard');
    // the nearest landmark is the one with the least edge distance, checked independently
    const landmarks = landmarksOf(demo);
    const edge = (l: (typeof landmarks)[number]) => edgeDistanceM(l, x, y);
    const nearest = landmarks.reduce((a, b) => (edge(b) < edge(a) ? b : a));
    expect(describePosition(demo, x, y).landmark?.id).toBe(nearest.id);
    expect(landmarks.some((l) => l.kind === 'exit')).toBe(true);
  });

  it('has no area outside every area, but still a landmark', () => {
    const description = describePosition(demo, -50, -50);
    expect(description.areaId).toBeNull();
    expect(description.landmark).not.toBeNull();
    expect(description.direction).toBe('SW');
  });
});

describe('search ranking', () => {
  const entries: SearchEntry[] = [
    { kind: 'equipment', id: 'T-101', texts: ['Benzene tank T-101', '苯储罐T-101'] },
    { kind: 'sensor', id: 'LT-T101', texts: ['Level', '液位'] },
    { kind: 'sensor', id: 'T-1011', texts: ['Temperature'] },
    { kind: 'worker', id: 'BDG-1001', texts: ['Badge BDG-1001', '罗静'] },
    { kind: 'area', id: 'tankFarm', texts: ['Tank farm', '罐区'] },
    { kind: 'camera', id: 'CAM-03', texts: ['Tank farm north', '罐区北'] },
  ];
  const ids = (query: string) => searchEntries(entries, query).map((h) => h.entry.id);

  it('puts the exact id first, then id prefixes, then names', () => {
    expect(ids('t-101')).toEqual(['T-101', 'T-1011']);
    expect(ids('T101')).toEqual(['LT-T101']);
  });
  it('finds by name in either language and word prefixes', () => {
    expect(ids('罗静')).toEqual(['BDG-1001']);
    expect(ids('罐区')).toEqual(['tankFarm', 'CAM-03']);
    expect(ids('farm')).toEqual(['tankFarm', 'CAM-03']);
    expect(ids('benz')).toEqual(['T-101']); // a text prefix, case-insensitive
    expect(ids('101')).toEqual(['T-101', 'T-1011', 'LT-T101']); // id substrings: equipment before sensors, shorter ids first
  });
  it('finds nothing for an empty query and caps the number of hits', () => {
    expect(ids('  ')).toEqual([]);
    expect(searchEntries(entries, 't', 2)).toHaveLength(2);
  });
});

describe('minimum screen size', () => {
  it('matches the pinhole projection: at 45° and 900 px, 1 px spans 2·d·tan(22.5°)/900 m', () => {
    expect(metresPerPixel(100, 45, 900)).toBeCloseTo((2 * 100 * 0.41421356) / 900, 8);
  });
  it('scales a 2.7 m person up far away and leaves it at true size close by', () => {
    // the demo home view is ~600 m away: 2.7 m would be ~4.9 px at 900 px, so 24 px needs ×4.9
    const far = minScreenScale(2.7, 600, 45, 900, 24);
    expect(far * 2.7).toBeCloseTo(24 * metresPerPixel(600, 45, 900), 9);
    expect(far).toBeGreaterThan(4);
    expect(minScreenScale(2.7, 20, 45, 900, 24)).toBe(1);
  });
});

describe('fly-to framing', () => {
  it('keeps a person with 30 m of surroundings in view, and an object within twice its size', () => {
    const d = framingDistanceM(1, 45, 1.6);
    // the 30 m context circle exactly fits the vertical field of view
    expect(d * Math.sin((22.5 * Math.PI) / 180)).toBeCloseTo(30, 6);
    // a 20 m tank: its 40 m context circle fits; the tank spans a quarter of the view height at most
    const tank = framingDistanceM(20, 45, 1.6);
    expect(20 / (2 * tank * Math.tan((22.5 * Math.PI) / 180))).toBeLessThan(0.3);
  });
  it('uses the narrower horizontal field on a tall viewport', () => {
    expect(framingDistanceM(1, 45, 0.5)).toBeGreaterThan(framingDistanceM(1, 45, 1.6));
  });
});

const alarm = (sourceId: string, sourceKind: Alarm['sourceKind'], condition: Alarm['condition'], raisedAtMs: number, badgeId?: string): Alarm => ({
  alarmId: `${sourceId}:${condition}`, sourceId, sourceKind, condition, priority: 'high', state: 'unacknowledged', active: true, acknowledged: false,
  suppressed: false, outOfService: false, latched: false, firstOut: false, raisedAtMs, changedAtMs: raisedAtMs,
  ...(badgeId ? { evidence: { eventId: 'e1', ruleId: 'r', label: 'person', source: 'simulated' as const, badgeId } } : {}),
});

describe('badge and camera alarms of one event', () => {
  it('links them both ways when the camera saw the badge within the window', () => {
    const links = linkedAlarms([alarm('BDG-1001', 'worker', 'restrictedEntry', 1000), alarm('CAM-05', 'camera', 'restrictedEntry', 4000, 'BDG-1001'), alarm('BDG-1002', 'worker', 'manDown', 1000)]);
    expect(links.get('CAM-05:restrictedEntry')).toEqual(['BDG-1001:restrictedEntry']);
    expect(links.get('BDG-1001:restrictedEntry')).toEqual(['CAM-05:restrictedEntry']);
    expect(links.has('BDG-1002:manDown')).toBe(false);
  });
  it('does not link another badge, nor the same badge long before', () => {
    expect(linkedAlarms([alarm('BDG-1001', 'worker', 'restrictedEntry', 0), alarm('CAM-05', 'camera', 'restrictedEntry', LINK_WINDOW_MS + 1, 'BDG-1001')]).size).toBe(0);
    expect(linkedAlarms([alarm('BDG-1001', 'worker', 'restrictedEntry', 0), alarm('CAM-05', 'camera', 'restrictedEntry', 0, 'BDG-1009')]).size).toBe(0);
  });
});

describe('how long ago', () => {
  it('picks the largest whole unit and words it in the UI language', () => {
    expect(agoParts(59_999)).toEqual({ value: 59, unit: 'second' });
    expect(agoParts(125_000)).toEqual({ value: 2, unit: 'minute' });
    expect(agoParts(-5)).toEqual({ value: 0, unit: 'second' });
    expect(formatAgo(125_000, 'zh-CN')).toBe('2分钟前');
    expect(formatAgo(7_200_000, 'en')).toMatch(/^2 hr\.? ago$/);
  });
});


describe('a person and a position in words', () => {
  it('says "罐区 · T-101 南侧 12 米" and "Tank farm · 12 m south of T-101", never raw coordinates', () => {
    const t101 = demo.equipment.find((e) => e.id === 'T-101')!;
    const description = describePosition(demo, t101.position.x, t101.position.y - 22);
    expect(positionText(description, demo, 'zh-CN', catalogTranslator('zh-CN'))).toBe('罐区 · T-101 南侧 12 米');
    expect(positionText(description, demo, 'en', catalogTranslator('en'))).toBe('Tank farm · 12 m south of T-101');
    const mp = demo.musterPoints[0]!;
    expect(positionText(describePosition(demo, mp.position[0], mp.position[1]), demo, 'zh-CN', catalogTranslator('zh-CN'))).toBe('紧急集合点1（西）');
    expect(positionText(describePosition(demo, t101.position.x, t101.position.y - 11), demo, 'zh-CN', catalogTranslator('zh-CN'))).toBe('罐区 · T-101旁');
  });

  it('says a camera alarm\'s or camera event\'s plant point the same way (placeText), the scene\'s landmarks listed once', () => {
    const scene = clientSceneOf(demo, false);
    const t101 = demo.equipment.find((e) => e.id === 'T-101')!;
    const at = { x: t101.position.x, y: t101.position.y - 22 };
    expect(placeText(scene, at, 'zh-CN', catalogTranslator('zh-CN'))).toBe('罐区 · T-101 南侧 12 米');
    expect(placeText(scene, at, 'en', catalogTranslator('en'))).toBe('Tank farm · 12 m south of T-101');
    // Any point: what the people strip says, never the coordinates.
    for (const [x, y] of [[339, 187], [120, 40], [400, 260]] as const) {
      const text = placeText(scene, { x, y }, 'zh-CN', catalogTranslator('zh-CN'));
      expect(text).toBe(positionText(describePosition(scene, x, y), scene, 'zh-CN', catalogTranslator('zh-CN')));
      expect(text).not.toMatch(new RegExp(`${x}|${y}`));
    }
  });

  it('names a person only where the client scene carries the name and the role may see it', () => {
    const withNames = clientSceneOf(demo, true);
    const without = clientSceneOf(demo, false);
    expect(personLabel(withNames, 'operator', 'BDG-1001', catalogTranslator('zh-CN'))).toBe('罗静');
    expect(personLabel(without, 'operator', 'BDG-1001', catalogTranslator('zh-CN'))).toBe('工牌 BDG-1001');
    expect(personLabel(withNames, 'viewer', 'BDG-1001', catalogTranslator('en'))).toBe('Badge BDG-1001');
  });

  it('goes to an alarm\'s source, an area included', () => {
    expect(alarmSelection({ sourceKind: 'area', sourceId: 'tankFarm' })).toEqual({ kind: 'area', id: 'tankFarm' });
    expect(alarmSelection({ sourceKind: 'worker', sourceId: 'BDG-1001' })).toEqual({ kind: 'worker', id: 'BDG-1001' });
  });
});
