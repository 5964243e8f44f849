/**
 * Pinhole camera model for fixed site cameras (Hartley & Zisserman, Multiple View Geometry, 2nd ed.,
 * §6.1 and §8.1.1: a plane-to-image map is the homography K·[r1 r2 t]). Plant axes: x east, y north, z up.
 * Image axes: u right, v down, origin at the top-left pixel corner, square pixels, centred principal point.
 */
export type CameraPose = {
  position: { x: number; y: number; z: number };
  headingDeg: number;
  pitchDeg: number;
  horizontalFovDeg: number;
  imageWidthPx: number;
  imageHeightPx: number;
};

export type Mat3 = [number, number, number, number, number, number, number, number, number];
type Vec3 = [number, number, number];

const DEG = Math.PI / 180;

/** Rows: the camera's right, down and forward axes expressed in plant coordinates. */
function cameraRotation(pose: CameraPose): [Vec3, Vec3, Vec3] {
  const heading = pose.headingDeg * DEG;
  const pitch = pose.pitchDeg * DEG;
  const forward: Vec3 = [Math.sin(heading) * Math.cos(pitch), Math.cos(heading) * Math.cos(pitch), Math.sin(pitch)];
  const right: Vec3 = [Math.cos(heading), -Math.sin(heading), 0];
  // down = forward × right (so that right, down, forward is right-handed)
  const down: Vec3 = [
    forward[1] * right[2] - forward[2] * right[1],
    forward[2] * right[0] - forward[0] * right[2],
    forward[0] * right[1] - forward[1] * right[0],
  ];
  return [right, down, forward];
}

export function focalLengthPx(pose: CameraPose): number {
  return pose.imageWidthPx / 2 / Math.tan((pose.horizontalFovDeg * DEG) / 2);
}

/** Ground (z = 0) to image homography G, so that [u v 1]ᵀ ∝ G·[x y 1]ᵀ. */
export function groundToImageHomography(pose: CameraPose): Mat3 {
  const rows = cameraRotation(pose);
  const f = focalLengthPx(pose);
  const cu = pose.imageWidthPx / 2;
  const cv = pose.imageHeightPx / 2;
  const c: Vec3 = [pose.position.x, pose.position.y, pose.position.z];
  const t = rows.map((row) => -(row[0] * c[0] + row[1] * c[1] + row[2] * c[2])) as Vec3;
  // M = [r1 r2 t] with r1, r2 the first two columns of R (rows of R are the camera axes).
  const m: Mat3 = [rows[0][0], rows[0][1], t[0], rows[1][0], rows[1][1], t[1], rows[2][0], rows[2][1], t[2]];
  const k: Mat3 = [f, 0, cu, 0, f, cv, 0, 0, 1];
  return multiply3(k, m);
}

/** Image to ground homography, normalised so that its last element is 1 (the scene file's form). */
export function imageToGroundHomography(pose: CameraPose): Mat3 {
  return normalise(invert3(groundToImageHomography(pose)));
}

/** The inverse of a homography, normalised (last element 1): image→ground becomes ground→image. */
export function invertHomography(h: readonly number[]): Mat3 {
  return normalise(invert3(h as Mat3));
}

export function applyHomography(h: readonly number[], x: number, y: number): [number, number] | null {
  const w = h[6]! * x + h[7]! * y + h[8]!;
  if (Math.abs(w) < 1e-12) return null;
  return [(h[0]! * x + h[1]! * y + h[2]!) / w, (h[3]! * x + h[4]! * y + h[5]!) / w];
}

/** Where a ground point appears in the image, or null when it is behind the camera. */
export function projectGroundPoint(pose: CameraPose, x: number, y: number): [number, number] | null {
  const [, , forward] = cameraRotation(pose);
  const depth = forward[0] * (x - pose.position.x) + forward[1] * (y - pose.position.y) + forward[2] * -pose.position.z;
  if (depth <= 0) return null;
  return applyHomography(groundToImageHomography(pose), x, y);
}

function multiply3(a: Mat3, b: Mat3): Mat3 {
  const out = new Array<number>(9).fill(0) as Mat3;
  for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) out[i * 3 + j] = out[i * 3 + j]! + a[i * 3 + k]! * b[k * 3 + j]!;
  return out;
}

function invert3(m: Mat3): Mat3 {
  const [a, b, c, d, e, f, g, h, i] = m;
  const A = e * i - f * h;
  const B = -(d * i - f * g);
  const C = d * h - e * g;
  const det = a * A + b * B + c * C;
  if (Math.abs(det) < 1e-12) throw new Error('singular homography: the camera looks parallel to the ground');
  return [A / det, -(b * i - c * h) / det, (b * f - c * e) / det, B / det, (a * i - c * g) / det, -(a * f - c * d) / det, C / det, -(a * h - b * g) / det, (a * e - b * d) / det];
}

function normalise(m: Mat3): Mat3 {
  const s = m[8];
  return m.map((v) => v / s) as Mat3;
}
