import * as THREE from 'three';
import type { AlarmPriority, ClientPerson, WorkerPosition } from '@contracts';
import { minScreenScale } from '../people/screenSize.js';
import { THEME } from '../theme.js';
import { toWorld, type PlantFrame } from '../twin/plantToWorld.js';

/** A person as a camera sees one: about 1.75 m tall and 0.5 m wide… */
const PERSON_HEIGHT_M = 1.75;
const PERSON_RADIUS_M = 0.25;
/**
 * …but never shorter than this in the rendered picture: a virtual view is a small tile of a wall, and a
 * person 150 m away would be a 4-pixel speck nobody notices (nothing about a person may be hidden).
 */
export const MIN_PERSON_HEIGHT_PX = 16;
/** Capacity grows in steps so that a site filling up does not rebuild the mesh for every badge. */
const CAPACITY_STEP = 64;

/**
 * The people in a virtual camera view (issue 12.8): a camera without video still shows who stands in
 * its field of view, depth-tested (a person behind a tank is hidden, as on a real camera), coloured as
 * in the 3D view: their alarm's colour, else their role's muted one.
 */
export class VirtualPeople {
  readonly group = new THREE.Group();
  private mesh: THREE.InstancedMesh | null = null;
  private readonly geometry = new THREE.CapsuleGeometry(PERSON_RADIUS_M, PERSON_HEIGHT_M - 2 * PERSON_RADIUS_M, 4, 8);
  private readonly material = new THREE.MeshStandardMaterial();
  private readonly matrix = new THREE.Matrix4();
  private readonly colour = new THREE.Color();
  private readonly at = new THREE.Vector3();

  private readonly roleOf: ReadonlyMap<string, ClientPerson['role']>;

  constructor(
    private readonly frame: PlantFrame,
    personnel: readonly ClientPerson[],
  ) {
    this.roleOf = new Map(personnel.map((person) => [person.badgeId, person.role]));
  }

  /** Places everyone where their badge was last seen, as seen by this camera rendering this many pixels high; returns how many stand in its field of view. */
  update(workers: ReadonlyMap<string, WorkerPosition>, alarms: ReadonlyMap<string, AlarmPriority>, camera: THREE.PerspectiveCamera, renderHeightPx: number): number {
    const mesh = this.meshFor(workers.size);
    let i = 0;
    let inView = 0;
    for (const [badgeId, position] of workers) {
      const [x, , z] = toWorld(this.frame, position.x, position.y, 0);
      const scale = minScreenScale(PERSON_HEIGHT_M, camera.position.distanceTo(this.at.set(x, PERSON_HEIGHT_M / 2, z)), camera.fov, renderHeightPx, MIN_PERSON_HEIGHT_PX);
      // Standing on the ground however it is scaled.
      this.matrix.makeScale(scale, scale, scale).setPosition(x, (PERSON_HEIGHT_M / 2) * scale, z);
      mesh.setMatrixAt(i, this.matrix);
      const drawnAt = this.at.project(camera);
      if (drawnAt.z < 1 && Math.abs(drawnAt.x) <= 1 && Math.abs(drawnAt.y) <= 1) inView++;
      const priority = alarms.get(badgeId);
      mesh.setColorAt(i, this.colour.set(priority ? THEME.alarm[priority] : THEME.role[this.roleOf.get(badgeId) ?? 'visitor']));
      i++;
    }
    mesh.count = i;
    mesh.instanceMatrix.needsUpdate = true;
    if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
    mesh.computeBoundingSphere();
    return inView;
  }

  dispose(): void {
    this.mesh?.dispose();
    this.geometry.dispose();
    this.material.dispose();
  }

  private meshFor(count: number): THREE.InstancedMesh {
    if (this.mesh && this.mesh.instanceMatrix.count >= count) return this.mesh;
    if (this.mesh) {
      this.group.remove(this.mesh);
      this.mesh.dispose();
    }
    this.mesh = new THREE.InstancedMesh(this.geometry, this.material, Math.ceil(Math.max(count, 1) / CAPACITY_STEP) * CAPACITY_STEP);
    // Colours exist before the first render: three.js compiles the material with or without them once.
    this.mesh.setColorAt(0, this.colour.set(THEME.role.visitor));
    this.group.add(this.mesh);
    return this.mesh;
  }
}
