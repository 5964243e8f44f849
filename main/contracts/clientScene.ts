import type { Camera, Person, Scene } from './scene.js';

/**
 * The scene as a client receives it (GET /api/scene, scene:get): everything needed to draw the plant,
 * never a camera's stream URL (it may carry credentials; the core decodes the stream and sends the
 * frames itself), and a person's name and company only to roles with personnel:viewNames. Without that
 * grant a badge keeps its id and personnel category (the map and twin colour it) but nothing that names
 * the person wearing it.
 */
export type ClientCamera = Omit<Camera, 'stream'>;
export type ClientPerson = Pick<Person, 'badgeId' | 'role'> & Partial<Pick<Person, 'displayName' | 'company'>>;
export type ClientScene = Omit<Scene, 'cameras' | 'personnel'> & { cameras: ClientCamera[]; personnel: ClientPerson[] };

export function clientSceneOf(scene: Scene, withNames: boolean): ClientScene {
  return {
    ...scene,
    cameras: scene.cameras.map(({ stream: _stream, ...camera }) => camera),
    personnel: withNames ? scene.personnel.map((person) => ({ ...person })) : scene.personnel.map(({ badgeId, role }) => ({ badgeId, role })),
  };
}
