import { beforeEach, describe, expect, it } from 'vitest';
import { loadDemoScene } from '../../tests/support/demoScene.js';
import { RecordingSink } from '../../tests/support/recordingSink.js';
import { createLogger } from '../log/logger.js';
import { InputBoundary } from '../log/InputBoundary.js';
import { CoreMetrics } from '../metrics/CoreMetrics.js';
import { IngestConfigSchema } from './ingestConfig.js';
import { IngestRouter, MAX_TOPIC_CHARS, type IngestPassthrough } from './IngestRouter.js';
import { TagTable } from './TagTable.js';

const scene = loadDemoScene();
const NOW = Date.parse('2026-11-28T08:00:00Z');
const sensor = scene.sensors[0]!;

let sink: RecordingSink;
let handed: string[];
let metrics: CoreMetrics;

function router(passthrough: Partial<IngestPassthrough> = {}): IngestRouter {
  const nvr: IngestPassthrough = { topics: ['frigate/reviews'], handle: (topic) => (handed.push(topic), null), ...passthrough };
  return new IngestRouter(scene, new TagTable(scene), IngestConfigSchema.parse({ maxPayloadBytes: 1024 }), sink, () => undefined, { passthrough: nvr, boundary: new InputBoundary(metrics, createLogger('silent')) });
}

beforeEach(() => {
  sink = new RecordingSink();
  handed = [];
  metrics = new CoreMetrics();
});

describe('the MQTT input boundary (issue 13)', () => {
  it('applies the size cap before the NVR passthrough sees the message', () => {
    router().route('frigate/reviews', Buffer.alloc(1025), NOW);
    expect(handed).toEqual([]);
    expect(sink.reasons()).toEqual(['tooLarge']);
  });

  it('refuses topics over MAX_TOPIC_CHARS before routing', () => {
    router().route(`spBv1.0/g/NBIRTH/${'e'.repeat(MAX_TOPIC_CHARS)}`, Buffer.from([1]), NOW);
    expect(sink.reasons()).toEqual(['topicTooLong']);
  });

  it('counts what the passthrough refuses with its reason', () => {
    router({ handle: () => ({ reason: 'schema', detail: 'availability is neither "online" nor "offline"' }) }).route('frigate/reviews', Buffer.from('maybe'), NOW);
    expect(sink.rejections).toEqual([{ reason: 'schema', topic: 'frigate/reviews', detail: 'availability is neither "online" nor "offline"' }]);
  });

  it('turns a decoder’s throw into a counted handlerError and routes the next message as usual', async () => {
    const r = router({
      handle: () => {
        throw new RangeError('Maximum call stack size exceeded');
      },
    });
    expect(() => r.route('frigate/reviews', Buffer.from('{}'), NOW)).not.toThrow();
    r.route(sensor.mqttTopic, Buffer.from(JSON.stringify({ v: 1.5, ts: NOW })), NOW);
    expect(sink.rejections).toEqual([{ reason: 'handlerError', topic: 'frigate/reviews', detail: 'RangeError: Maximum call stack size exceeded' }]);
    expect(sink.samples.map((s) => s.value)).toEqual([1.5]);
    expect((await metrics.handlerErrors.get()).values).toEqual([expect.objectContaining({ labels: { surface: 'mqtt', handler: 'nvr' }, value: 1 })]);
  });
});
