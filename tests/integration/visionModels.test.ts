import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Detection } from '../../main/vision/detect.js';
import { decodeImageFile } from '../../main/vision/imageFile.js';
import { loadModelManifest } from '../../main/vision/modelManifest.js';
import { iou } from '../../main/vision/nms.js';
import { OnnxDetector } from '../../main/vision/OnnxDetector.js';
import { CameraSafetyRules } from '../../main/vision/SafetyRules.js';
import { CameraRulesSchema } from '../../main/contracts/index.js';
import type { RgbFrame } from '../../main/vision/ppmStream.js';
import { loadAnnotations, loadSampleDetections, matchBoxes, MODEL_DIRS, SHARED_MEDIA } from '../support/visionFixtures.js';

type Box = [number, number, number, number];
const annotations = loadAnnotations();
const frames = new Map<string, RgbFrame>();
const detectors: Partial<Record<keyof typeof MODEL_DIRS, OnnxDetector>> = {};
const session = { executionProviders: ['cpu'], intraOpNumThreads: 1 };

async function detect(model: keyof typeof MODEL_DIRS, image: string): Promise<Detection[]> {
  const frame = frames.get(image)!;
  return (await detectors[model]!.detect(frame.rgb, frame.widthPx, frame.heightPx)).detections;
}

beforeAll(async () => {
  const images = new Set([...Object.keys(annotations), ...Object.keys(loadSampleDetections('person-yolox-nano'))]);
  for (const image of images) frames.set(image, await decodeImageFile(path.join(SHARED_MEDIA, image)));
  for (const model of Object.keys(MODEL_DIRS) as (keyof typeof MODEL_DIRS)[]) detectors[model] = await OnnxDetector.create(loadModelManifest(MODEL_DIRS[model]), session);
});
afterAll(async () => {
  for (const d of Object.values(detectors)) await d?.dispose();
});

describe('real models on real images (../shared)', () => {
  it('finds the hand-annotated persons where they are (person-yolox-nano)', async () => {
    let truthCount = 0;
    let matched = 0;
    const ious: number[] = [];
    for (const [image, truth] of Object.entries(annotations)) {
      const persons = (await detect('person', image)).filter((d) => d.role === 'person').map((d) => d.box);
      const m = matchBoxes(truth.person ?? [], persons, iou as (a: Box, b: Box) => number, 0.5);
      truthCount += truth.person?.length ?? 0;
      matched += m.matched;
      ious.push(...m.ious);
      console.log(`${image}: ${m.matched}/${truth.person?.length} persons at IoU ≥ 0.5, mean IoU ${(m.ious.reduce((a, b) => a + b, 0) / m.ious.length).toFixed(3)}, ${persons.length} predicted`);
    }
    const meanIou = ious.reduce((a, b) => a + b, 0) / ious.length;
    console.log(`person recall ${matched}/${truthCount}, mean IoU ${meanIou.toFixed(3)}`);
    expect(matched / truthCount).toBeGreaterThanOrEqual(0.85);
    expect(meanIou).toBeGreaterThanOrEqual(0.7);
  });

  it('tells hard hats from bare heads (helmet-yolox-nano, cross-class NMS)', async () => {
    const image = 'shwd_2_mixed_helmet_no_helmet.jpg';
    const detections = await detect('helmet', image);
    const boxesOf = (label: string) => detections.filter((d) => d.label === label).map((d) => d.box);
    const truth = annotations[image]!;
    const helmets = matchBoxes(truth.helmet!, boxesOf('helmet'), iou as (a: Box, b: Box) => number, 0.4);
    const heads = matchBoxes(truth.head!, boxesOf('head'), iou as (a: Box, b: Box) => number, 0.4);
    console.log(`helmets ${helmets.matched}/${truth.helmet!.length}, bare heads ${heads.matched}/${truth.head!.length}`);
    expect(helmets.matched).toBeGreaterThanOrEqual(truth.helmet!.length - 1);
    expect(heads.matched).toBe(truth.head!.length);
    // No bare head is also called a helmet: cross-class NMS keeps one class per head.
    for (const head of boxesOf('head')) for (const helmet of boxesOf('helmet')) expect(iou(head, helmet)).toBeLessThanOrEqual(0.45);
  });

  it('agrees with each model folder’s sample_detections.json', async () => {
    const cases = [
      { model: 'person', folder: 'person-yolox-nano', minScore: 0.5, minIou: 0.7, scoreTolerance: 0.1, minShare: 0.9 },
      { model: 'helmet', folder: 'helmet-yolox-nano', minScore: 0.5, minIou: 0.7, scoreTolerance: 0.1, minShare: 0.9 },
      // The int8 QDQ model's scores (0.25–0.5) move by up to ~0.1 with the resize kernel (the reference used sharp).
      { model: 'ppe14', folder: 'ppe14-yolov8n-int8', minScore: 0.3, minIou: 0.6, scoreTolerance: 0.12, minShare: 0.85 },
    ] as const;
    for (const c of cases) {
      const samples = loadSampleDetections(c.folder);
      let total = 0;
      let found = 0;
      for (const [image, expected] of Object.entries(samples)) {
        const ours = await detect(c.model, image);
        for (const s of expected.filter((e) => e.score >= c.minScore)) {
          total++;
          // Same class, same place, similar score: the reference used another resizer (sharp), so not bit-exact.
          if (ours.some((d) => d.label === s.label && iou(d.box, s.box_xyxy) >= c.minIou && Math.abs(d.score - s.score) <= c.scoreTolerance)) found++;
        }
      }
      console.log(`${c.folder}: ${found}/${total} sample detections (score ≥ ${c.minScore}) reproduced`);
      expect(found / total).toBeGreaterThanOrEqual(c.minShare);
    }
  });
});

describe('rules on real detections', () => {
  it('an intrusion rule fires for exactly the persons standing in the zone', async () => {
    const image = 'shwd_2_mixed_helmet_no_helmet.jpg';
    const detections = await detect('person', image);
    // The left 160 px of the picture: the feet of the two leftmost people (x ≈ 53 and 120) are inside.
    const rules = new CameraSafetyRules(
      CameraRulesSchema.parse({ cameraId: 'CAM-T', zones: [{ id: 'left', space: 'image', polygon: [[0, 0], [160, 0], [160, 533], [0, 533]] }], rules: [{ kind: 'intrusion', id: 'keep-out', zoneId: 'left' }] }),
      null,
      new Set(['person']),
    );
    // The same picture twice, half a second apart: tracks confirm on the second frame.
    expect(rules.evaluate(detections, 0)).toEqual([]);
    const events = rules.evaluate(detections, 500);
    const feet = events.map((e) => Math.round((e.box![0] + e.box![2]) / 2)).sort((a, b) => a - b);
    expect(events.every((e) => e.phase === 'start' && e.rule === 'intrusion')).toBe(true);
    expect(feet).toHaveLength(2);
    expect(feet[0]).toBeGreaterThan(20);
    expect(feet[1]).toBeLessThan(160);
  });

  it('a PPE rule fires for every hand-annotated bare head and for no helmet wearer', async () => {
    const image = 'shwd_2_mixed_helmet_no_helmet.jpg';
    const detections = await detect('helmet', image);
    const rules = new CameraSafetyRules(CameraRulesSchema.parse({ cameraId: 'CAM-T', rules: [{ kind: 'ppe', id: 'hardhat' }] }), null, new Set(['helmet', 'bareHead']));
    rules.evaluate(detections, 0);
    const events = rules.evaluate(detections, 500);
    const truth = annotations[image]!;
    for (const head of truth.head!) expect(events.some((e) => iou(e.box!, head) >= 0.4)).toBe(true);
    for (const helmet of truth.helmet!) expect(events.some((e) => iou(e.box!, helmet) >= 0.4)).toBe(false);
  });
});

describe('bad models: clear errors', () => {
  const temp = () => mkdtempSync(path.join(os.tmpdir(), 'safetwin-badmodel-'));

  it('a corrupt model file (hash made to match) fails to load with ST_ERR_VISION_MODEL_LOAD', async () => {
    const dir = temp();
    const manifest = JSON.parse(readFileSync(path.join(MODEL_DIRS.helmet, 'manifest.json'), 'utf8'));
    const truncated = readFileSync(loadModelManifest(MODEL_DIRS.helmet).modelPath).subarray(0, 100_000);
    writeFileSync(path.join(dir, 'model.onnx'), truncated);
    const { createHash } = await import('node:crypto');
    manifest.model = { path: 'model.onnx', sha256: createHash('sha256').update(truncated).digest('hex') };
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
    await expect(OnnxDetector.create(loadModelManifest(dir), session)).rejects.toMatchObject({ code: 'ST_ERR_VISION_MODEL_LOAD', message: expect.stringContaining('model.onnx') });
  });

  it('a wrong input shape or a decoder that does not fit the output is named at load', async () => {
    const dir = temp();
    const real = loadModelManifest(MODEL_DIRS.helmet);
    copyFileSync(real.modelPath, path.join(dir, 'model.onnx'));
    const base = JSON.parse(readFileSync(path.join(MODEL_DIRS.helmet, 'manifest.json'), 'utf8'));
    base.model.path = 'model.onnx';
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...base, input: { ...base.input, shape: [1, 3, 416, 416] } }));
    await expect(OnnxDetector.create(loadModelManifest(dir), session)).rejects.toMatchObject({ code: 'ST_ERR_VISION_INPUT_SHAPE', message: expect.stringMatching(/\[1, 3, 416, 416\].*\[1, 3, 320, 320\]/) });
    writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify({ ...base, output: { name: 'output', decoder: { family: 'yolov8' } } }));
    await expect(OnnxDetector.create(loadModelManifest(dir), session)).rejects.toMatchObject({ code: 'ST_ERR_VISION_OUTPUT_LAYOUT' });
  });
});
