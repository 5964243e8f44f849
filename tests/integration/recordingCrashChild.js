// Child process of recordingCrash.test.ts: records a synthetic 1,000-sensor stream with the
// built recorder (dist/) until it is killed. Prints "ready" once recording. Argument: the folder.
import { MessageBus } from '../../dist/main/bus/MessageBus.js';
import { Recorder } from '../../dist/main/recording/index.js';

const dir = process.argv[2];
const sensors = 1000;
const scene = { version: 1, site: { id: 'crash' }, sensors: Array.from({ length: sensors }, (_, i) => ({ id: `S${i}` })) };
const bus = new MessageBus();
const recorder = new Recorder({ bus, dir, scene });
await recorder.start();
let tick = 0;
setInterval(() => {
  tick++;
  const now = Date.now();
  const indices = Uint32Array.from({ length: 100 }, (_, i) => ((tick * 100) % sensors) + i);
  bus.publish('samples', { indices, values: Float64Array.from(indices, (i) => i + tick), tsMs: Float64Array.from(indices, () => now), qualities: new Uint8Array(100) });
  bus.publish('worker', { badgeId: 'B-1', x: tick, y: 0, floor: 0, tsMs: now });
}, 20);
process.stdout.write('ready\n');
