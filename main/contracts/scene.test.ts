import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SceneSchema, type SceneInput } from './index.js';

const demo = JSON.parse(readFileSync(new URL('../../scenes/demo-plant/scene.json', import.meta.url), 'utf8')) as SceneInput;
const clone = (): SceneInput => structuredClone(demo);
const messages = (scene: unknown) => {
  const result = SceneSchema.safeParse(scene);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('scene schema', () => {
  it('accepts the demo plant', () => {
    expect(messages(demo)).toEqual([]);
  });

  it('applies defaults for optional collections', () => {
    const minimal = { format: 'safetwin-scene', version: 1, site: { id: 's', name: { en: 'S' }, geoReference: { latitudeDeg: 30, longitudeDeg: 120 }, boundary: [[0, 0], [10, 0], [10, 10]] } };
    const parsed = SceneSchema.parse(minimal);
    expect(parsed.equipment).toEqual([]);
    expect(parsed.site.geoReference.gridNorthBearingDeg).toBe(0);
  });

  it('rejects duplicate ids across collections', () => {
    const scene = clone();
    scene.sensors![0]!.id = scene.equipment![0]!.id;
    expect(messages(scene)).toContainEqual(expect.stringMatching(/^sensors\.0\.id: duplicate id "T-101"/));
  });

  it('rejects references to unknown areas, substances and equipment', () => {
    const scene = clone();
    scene.equipment![0]!.areaId = 'nowhere';
    scene.equipment![1]!.substanceId = 'unobtainium';
    scene.sensors![0]!.equipmentId = 'X-999';
    expect(messages(scene)).toEqual(
      expect.arrayContaining([
        'equipment.0.areaId: unknown area "nowhere"',
        'equipment.1.substanceId: unknown substance "unobtainium"',
        'sensors.0.equipmentId: unknown equipment "X-999"',
      ]),
    );
  });

  it('rejects a unit that does not fit the sensor kind, and a gas detector without a substance', () => {
    const scene = clone();
    const gas = scene.sensors!.findIndex((s) => s.kind === 'gas');
    scene.sensors![gas]!.unit = 'degC';
    delete scene.sensors![gas]!.substanceId;
    expect(messages(scene)).toEqual(
      expect.arrayContaining([`sensors.${gas}.unit: unit "degC" is not one of ppm, %LEL for a gas sensor`, `sensors.${gas}.substanceId: a gas detector needs the substance it measures`]),
    );
  });

  it('rejects alarm limits out of order', () => {
    const scene = clone();
    scene.sensors![0]!.limits = { low: 10, high: 5 };
    expect(messages(scene)).toContainEqual('sensors.0.limits.high: high (5) must not be below low (10)');
  });

  it('rejects objects outside the site boundary and inventories over capacity', () => {
    const scene = clone();
    scene.equipment![0]!.position = { x: 900, y: 10, z: 0 };
    scene.equipment![1]!.inventoryKg = scene.equipment![1]!.capacityKg! + 1;
    const found = messages(scene);
    expect(found).toContainEqual('equipment.0.position: position (900, 10) m lies outside the site boundary');
    expect(found).toContainEqual(expect.stringMatching(/^equipment\.1\.inventoryKg: inventory \d+ kg exceeds capacity \d+ kg$/));
  });

  it('requires the zone of a hazardous area and unique MQTT topics', () => {
    const scene = clone();
    const hazardous = scene.areas!.findIndex((a) => a.kind === 'hazardous');
    delete scene.areas![hazardous]!.atexZone;
    scene.sensors![1]!.mqttTopic = scene.sensors![0]!.mqttTopic;
    const found = messages(scene);
    expect(found).toContainEqual(`areas.${hazardous}.atexZone: a hazardous area needs its zone (0, 1 or 2)`);
    expect(found).toContainEqual(expect.stringMatching(/^sensors\.1\.mqttTopic: topic ".*" is already used by sensors\[0\]$/));
  });

  it('rejects MQTT wildcards in sensor topics', () => {
    const scene = clone();
    scene.sensors![0]!.mqttTopic = 'safetwin/demo/+/x';
    expect(messages(scene)).toContainEqual('sensors.0.mqttTopic: a topic name without the wildcards "+" and "#"');
  });

  it("checks the organisation: departments' areas, parents and people's departments exist, one department per area", () => {
    const scene = clone();
    const departments = scene.organisation!.departments!;
    departments[0]!.areaIds = [...departments[0]!.areaIds!, 'nowhere', 'unit2'];
    departments[1]!.parentId = 'noDepartment';
    scene.personnel![0]!.departmentId = 'ghosts';
    expect(messages(scene)).toEqual(
      expect.arrayContaining([
        'organisation.departments.0.areaIds.3: unknown area "nowhere"',
        'organisation.departments.1.areaIds.0: area "unit2" already belongs to department "production1"',
        'organisation.departments.1.parentId: unknown department "noDepartment"',
        'personnel.0.departmentId: unknown department "ghosts"',
      ]),
    );
  });
});
