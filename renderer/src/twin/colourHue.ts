/** Hue in degrees of a #rrggbb colour (the standard RGB to HSV hue). */
export function hueDeg(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255) as [number, number, number];
  const max = Math.max(r, g, b);
  const d = max - Math.min(r, g, b);
  if (d === 0) return 0;
  const h = max === r ? ((g - b) / d) % 6 : max === g ? (b - r) / d + 2 : (r - g) / d + 4;
  return (h * 60 + 360) % 360;
}

/** Distance of two colours' hues around the colour wheel, 0 to 180 degrees. */
export function hueDistanceDeg(a: string, b: string): number {
  const d = Math.abs(hueDeg(a) - hueDeg(b));
  return Math.min(d, 360 - d);
}
