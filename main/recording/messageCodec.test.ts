import { describe, expect, it } from 'vitest';
import { decodeMessage, encodeKeyframe, encodeSampleBatch } from './messageCodec.js';
import { parseTimeArgument } from './timeArgument.js';

describe('recorded message encoding', () => {
  it('round-trips sample batches exactly: fractional timestamps, qualities, non-finite values', () => {
    const batch = {
      indices: Uint32Array.of(0, 7, 3),
      values: Float64Array.of(0.1 + 0.2, -1e-300, Number.NaN),
      tsMs: Float64Array.of(1777816930000.125, 1777816930001.7, 1777816929999.9),
      qualities: Uint8Array.of(0, 2, 1),
    };
    const decoded = decodeMessage('samples', encodeSampleBatch(batch), 'test');
    expect(decoded).toEqual({ sensorIndex: [0, 7, 3], value: [0.1 + 0.2, -1e-300, null], sampleTsMs: [...batch.tsMs], quality: [0, 2, 1] });
  });

  it('leaves quality out when every sample is good', () => {
    const bytes = encodeSampleBatch({ indices: Uint32Array.of(1), values: Float64Array.of(2), tsMs: Float64Array.of(5), qualities: Uint8Array.of(0) });
    expect(new TextDecoder().decode(bytes)).toBe('{"t0Ms":5,"sensorIndex":[1],"value":[2],"dtMs":[0]}');
    expect(decodeMessage('samples', bytes, 'x').quality).toEqual([0]);
  });

  it('checks structure and reports damage with a code', () => {
    const bad = new TextEncoder().encode('{"t0Ms":1,"sensorIndex":[1,2],"value":[1],"dtMs":[0,0]}');
    expect(() => decodeMessage('samples', bad, 'f.mcap')).toThrow(expect.objectContaining({ code: 'ST_ERR_RECORDING_CORRUPT', message: expect.stringContaining('f.mcap') }));
    expect(() => decodeMessage('alarmTransition', new TextEncoder().encode('{"alarm":{}}'), 'f')).toThrow(/AlarmTransition schema/);
    expect(() => decodeMessage('worker', new TextEncoder().encode('{'), 'f')).toThrow(/not valid JSON/);
    const keyframe = encodeKeyframe({ sensors: { sensorIndex: [2], value: [4.5], sampleTsMs: [9], quality: [0] }, alarms: [], workers: [{ badgeId: 'B', x: 1, y: 2, floor: 0, tsMs: 3 }], mqttLink: 'connected' });
    expect(decodeMessage('keyframe', keyframe, 'f')).toEqual({ sensors: { sensorIndex: [2], value: [4.5], sampleTsMs: [9], quality: [0] }, alarms: [], workers: [{ badgeId: 'B', x: 1, y: 2, floor: 0, tsMs: 3 }], mqttLink: 'connected' });
  });

  it('parses command-line times: ISO, epoch ms and offsets from the start', () => {
    const start = Date.UTC(2026, 4, 3, 14, 0, 0);
    expect(parseTimeArgument('2026-05-03T14:02:10Z', start)).toBe(start + 130_000);
    expect(parseTimeArgument(String(start + 5), start)).toBe(start + 5);
    expect(parseTimeArgument('+90s', start)).toBe(start + 90_000);
    expect(parseTimeArgument('+1.5m', start)).toBe(start + 90_000);
    expect(parseTimeArgument('+01:00:05', start)).toBe(start + 3_605_000);
    expect(parseTimeArgument('+12:30', start)).toBe(start + 750_000);
    expect(parseTimeArgument('yesterday', start)).toBeNaN();
  });
});
