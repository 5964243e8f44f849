/** A recorder timestamp as the trainer reads it: local date and time to the second (24 h). */
export function formatClock(ms: number, withDate = false): string {
  const d = new Date(ms);
  const two = (n: number) => String(n).padStart(2, '0');
  const time = `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`;
  return withDate ? `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${time}` : time;
}

/** Where an instant falls on a timeline of the given width (clamped to it). */
export function timelineX(ms: number, startMs: number, endMs: number, widthPx: number): number {
  if (endMs <= startMs) return 0;
  return Math.min(widthPx, Math.max(0, ((ms - startMs) / (endMs - startMs)) * widthPx));
}

/** The instant under a point of the timeline (inverse of timelineX). */
export function timelineMs(x: number, startMs: number, endMs: number, widthPx: number): number {
  if (widthPx <= 0) return startMs;
  return startMs + Math.min(1, Math.max(0, x / widthPx)) * (endMs - startMs);
}
