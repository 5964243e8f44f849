/** Scene files: loading, validation with locations in the JSON, problems worded for people. */
export { formatJsonPath, parseJsonWithPositions, positionOfPath } from './jsonLocation.js';
export { formatProblems, loadSceneFile } from './loadScene.js';
