import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import type { AlarmPriority, WorkerPosition } from '@contracts';
import { THEME } from '../theme.js';
import { toWorld, type PlantFrame } from '../twin/plantToWorld.js';
import { MIN_PERSON_HEIGHT_PX, VirtualPeople } from './virtualPeople.js';

const frame: PlantFrame = { centreX: 200, centreY: 150, widthM: 400, depthM: 300, extentM: 400 };
const RENDER_HEIGHT_PX = 270;
/** A camera 20 m south of (120, 80), 10 m up, looking at it. */
function cameraNear(): THREE.PerspectiveCamera {
  const camera = new THREE.PerspectiveCamera(50, 16 / 9, 1, 2000);
  const [x, , z] = toWorld(frame, 120, 80, 0);
  camera.position.set(x, 10, z + 20);
  camera.lookAt(x, 0, z);
  camera.updateMatrixWorld();
  return camera;
}
const at = (badgeId: string, x: number, y: number): [string, WorkerPosition] => [badgeId, { badgeId, x, y, floor: 0, tsMs: 0 }];

describe('people in a virtual camera view', () => {
  const people = new VirtualPeople(frame, [
    { badgeId: 'B-1', role: 'operator' },
    { badgeId: 'B-2', role: 'contractor' },
  ]);
  const mesh = () => people.group.children[0] as THREE.InstancedMesh;

  it('stands each badge at its plant position on the ground: true size nearby, never a speck far away', () => {
    const camera = cameraNear();
    // The camera looks at the first; the second, far to the north-east, is out of its field of view.
    expect(people.update(new Map([at('B-1', 120, 80), at('B-2', 300, 200)]), new Map(), camera, RENDER_HEIGHT_PX)).toBe(1);
    const [matrix, position, scale] = [new THREE.Matrix4(), new THREE.Vector3(), new THREE.Vector3()];
    mesh().getMatrixAt(0, matrix);
    matrix.decompose(position, new THREE.Quaternion(), scale);
    // 22 m away a 1.75 m person is ~19 px of 270: drawn as they are.
    expect(scale.y).toBe(1);
    expect(position.y).toBeCloseTo(1.75 / 2, 6);
    mesh().getMatrixAt(1, matrix);
    matrix.decompose(position, new THREE.Quaternion(), scale);
    const [x, , z] = toWorld(frame, 300, 200, 0);
    expect([position.x, position.z]).toEqual([x, z]);
    // ~210 m away: scaled up to the minimum height in pixels, feet still on the ground.
    const distanceM = camera.position.distanceTo(new THREE.Vector3(x, position.y, z));
    const heightPx = (1.75 * scale.y * RENDER_HEIGHT_PX) / (2 * distanceM * Math.tan((50 * Math.PI) / 360));
    expect(heightPx).toBeCloseTo(MIN_PERSON_HEIGHT_PX, 0);
    expect(position.y).toBeCloseTo((1.75 / 2) * scale.y, 6);
    expect(mesh().count).toBe(2);
  });

  it('colours a person by their alarm, else by their role as the 3D view does', () => {
    people.update(new Map([at('B-1', 120, 80), at('B-2', 300, 200)]), new Map<string, AlarmPriority>([['B-2', 'urgent']]), cameraNear(), RENDER_HEIGHT_PX);
    const colour = new THREE.Color();
    mesh().getColorAt(0, colour);
    expect(colour.getHex()).toBe(new THREE.Color(THEME.role.operator).getHex());
    mesh().getColorAt(1, colour);
    expect(colour.getHex()).toBe(new THREE.Color(THEME.alarm.urgent).getHex());
  });

  it('grows past its first capacity when the site fills up, and draws nobody when nobody is seen', () => {
    const crowd = new Map(Array.from({ length: 100 }, (_, i) => at(`V-${i}`, i, i)));
    people.update(crowd, new Map(), cameraNear(), RENDER_HEIGHT_PX);
    expect(mesh().count).toBe(100);
    expect(mesh().instanceMatrix.count).toBeGreaterThanOrEqual(100);
    expect(people.group.children).toHaveLength(1);
    expect(people.update(new Map(), new Map(), cameraNear(), RENDER_HEIGHT_PX)).toBe(0);
    expect(mesh().count).toBe(0);
  });
});
