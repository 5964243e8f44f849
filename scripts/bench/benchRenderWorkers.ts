// The render benchmark's RTLS publisher, in its own process: every badge of the scene reports its
// position once a second (spread evenly over the second), walking a random walk inside the site.
// Usage: node benchRenderWorkers.js <mqttUrl> <sceneFile> <durationS> [hz=1] [seed=1]
// Stops at the end of the duration or on SIGTERM/SIGINT, then prints one JSON line with what it sent.
import { readFileSync } from 'node:fs';
import { connectAsync } from 'mqtt';
import { isPointInPolygon, rtlsTopic, type Polygon, type Scene } from '../../main/contracts/index.js';

const [url, sceneFile, durationText, hzText, seedText] = process.argv.slice(2);
if (!url || !sceneFile || !durationText) {
  process.stderr.write('usage: benchRenderWorkers.js <mqttUrl> <sceneFile> <durationS> [hz=1] [seed=1]\n');
  process.exit(2);
}
const durationMs = Number(durationText) * 1000;
const hz = Number(hzText ?? 1);
const scene = JSON.parse(readFileSync(sceneFile, 'utf8')) as Scene;
const badges = scene.personnel.map((p) => p.badgeId);

/** Deterministic runs: mulberry32. */
let seed = Number(seedText ?? 1) >>> 0;
function random(): number {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}

// The site's bounding box, kept 2 m inside, and the areas walkers keep out of: restricted and
// confined-space areas (an unauthorised entry is an alarm; random walkers would raise them all the
// time, which is a property of the walk, not of a live plant).
const MARGIN_M = 2;
const xs = scene.site.boundary.map(([x]) => x);
const ys = scene.site.boundary.map(([, y]) => y);
const box = { x0: Math.min(...xs) + MARGIN_M, x1: Math.max(...xs) - MARGIN_M, y0: Math.min(...ys) + MARGIN_M, y1: Math.max(...ys) - MARGIN_M };
const keepOut: Polygon[] = scene.areas.filter((a) => a.kind === 'restricted' || a.kind === 'confinedSpace').map((a) => a.polygon);
const allowed = (x: number, y: number) =>
  x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1 && isPointInPolygon([x, y], scene.site.boundary) && !keepOut.some((p) => isPointInPolygon([x, y], p));

type Walker = { x: number; y: number; heading: number; speedMps: number };
const walkers: Walker[] = badges.map(() => {
  for (;;) {
    const x = box.x0 + random() * (box.x1 - box.x0);
    const y = box.y0 + random() * (box.y1 - box.y0);
    if (allowed(x, y)) return { x, y, heading: random() * 2 * Math.PI, speedMps: 0.8 + random() * 0.7 };
  }
});

/** One step of `dtS` seconds: turn a little, walk; turn around at the fence or a keep-out area. */
function step(w: Walker, dtS: number): void {
  w.heading += (random() - 0.5) * 0.8;
  for (let attempt = 0; attempt < 8; attempt++) {
    const x = w.x + Math.cos(w.heading) * w.speedMps * dtS;
    const y = w.y + Math.sin(w.heading) * w.speedMps * dtS;
    if (allowed(x, y)) {
      w.x = x;
      w.y = y;
      return;
    }
    w.heading += Math.PI / 2 + random() * Math.PI;
  }
}

const client = await connectAsync(url, { clientId: `bench-rtls-${process.pid}`, reconnectPeriod: 0 });
(client.stream as { setNoDelay?: (on: boolean) => void }).setNoDelay?.(true);

let stopping = false;
process.once('SIGTERM', () => (stopping = true));
process.once('SIGINT', () => (stopping = true));

/** The second is cut in SLOTS; badge i reports in slot i % SLOTS, so the load is even, not a burst. */
const SLOTS = 10;
const start = Date.now();
let sent = 0;
let slotsDone = 0;
const round2 = (v: number) => Math.round(v * 100) / 100;
while (!stopping && Date.now() - start < durationMs) {
  const dueSlots = Math.floor(((Date.now() - start) / 1000) * hz * SLOTS) + 1;
  while (slotsDone < dueSlots) {
    const slot = slotsDone % SLOTS;
    const ts = Date.now();
    for (let i = slot; i < walkers.length; i += SLOTS) {
      const w = walkers[i]!;
      step(w, 1 / hz);
      client.publish(rtlsTopic(scene.site.id, badges[i]!), JSON.stringify({ x: round2(w.x), y: round2(w.y), floor: 0, ts }));
      sent++;
    }
    slotsDone++;
  }
  await new Promise((r) => setTimeout(r, 5));
}
await client.endAsync();
process.stdout.write(JSON.stringify({ badges: badges.length, messagesSent: sent, seconds: (Date.now() - start) / 1000 }) + '\n');
