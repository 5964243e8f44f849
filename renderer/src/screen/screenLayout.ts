/**
 * The grid a window gets from its shape. A desk monitor (16:9, 16:10) keeps the classic layout: the
 * alarm list under the 3D view. A video wall of two or three 1920×1080 screens side by side (3840×1080,
 * 5760×1080) is too flat for that: the list would stretch across 3,840 px and the plant would sit in
 * the middle third (issue 12.4). There the 3D view takes the full height and the width left, and the
 * alarm list is a column of readable width beside it.
 */
export type ScreenLayout = 'desk' | 'wide' | 'ultraWide';

/** Wider than 2.5:1 (two 16:9 screens are 3.56:1) is a wall; wider than 4.5:1 (three are 5.33:1) a wide wall. */
export const WIDE_ASPECT = 2.5;
export const ULTRA_WIDE_ASPECT = 4.5;

export function screenLayoutFor(widthPx: number, heightPx: number): ScreenLayout {
  const aspect = widthPx / Math.max(heightPx, 1);
  if (aspect >= ULTRA_WIDE_ASPECT) return 'ultraWide';
  if (aspect >= WIDE_ASPECT) return 'wide';
  return 'desk';
}
