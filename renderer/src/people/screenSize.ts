/**
 * Screen-space sizing of 3D icons: at the home view a 2.7 m person is 2–4 px tall and cannot be found
 * (issue 12). An icon is scaled up so it is never shorter than a minimum number of pixels, and drawn at its
 * true size once closer than that.
 *
 * Perspective projection: at distance d a vertical field of view fov spans 2·d·tan(fov/2) metres over the
 * viewport's height in pixels (the pinhole model three.js's PerspectiveCamera implements).
 */
export function metresPerPixel(distanceM: number, fovDeg: number, viewportHeightPx: number): number {
  return (2 * distanceM * Math.tan((fovDeg * Math.PI) / 360)) / Math.max(viewportHeightPx, 1);
}

/** Scale (≥ 1) that makes an object of heightM at distanceM at least minHeightPx tall on screen. */
export function minScreenScale(heightM: number, distanceM: number, fovDeg: number, viewportHeightPx: number, minHeightPx: number): number {
  return Math.max(1, (minHeightPx * metresPerPixel(distanceM, fovDeg, viewportHeightPx)) / heightM);
}
