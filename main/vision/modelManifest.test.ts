import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mkdtempSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { classIdsWithRole, loadModelManifest, readVerifiedModel } from './modelManifest.js';
import { VisionError } from './visionError.js';

const repo = path.resolve(import.meta.dirname, '..', '..');
/** The helmet and PPE models may not be shipped: their manifests are test fixtures pointing at ../shared. */
const testModels = path.join(repo, 'tests', 'fixtures', 'models');
const tempDir = () => mkdtempSync(path.join(os.tmpdir(), 'safetwin-manifest-'));

const minimal = {
  format: 'safetwin-model/1',
  name: 'tiny',
  model: { path: 'model.onnx', sha256: 'a'.repeat(64) },
  input: { name: 'images', shape: [1, 3, 320, 320], channelOrder: 'RGB', scaling: { kind: 'unit' }, letterbox: { anchor: 'centre' } },
  output: { name: 'output0', decoder: { family: 'yolov8' } },
  classes: ['person', 'helmet', 'head'],
  roles: { person: ['person'], helmet: ['helmet'], bareHead: ['head'] },
  thresholds: { perClass: { head: 0.5 }, crossClassNms: [['helmet', 'head']] },
};

function writeModelDir(manifest: unknown, modelBytes = 'not really onnx'): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  writeFileSync(path.join(dir, 'model.onnx'), modelBytes);
  return dir;
}

function expectVisionError(fn: () => unknown, code: string, message: RegExp) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(VisionError);
    expect((error as VisionError).code).toBe(code);
    expect((error as VisionError).message).toMatch(message);
    return;
  }
  throw new Error('expected a VisionError');
}

describe('model manifest', () => {
  it('loads the shipped person manifest and the two test-only ones, with roles resolved to class ids', () => {
    const person = loadModelManifest(path.join(repo, 'models', 'person-yolox-nano'));
    expect(person.classes).toHaveLength(80);
    expect(classIdsWithRole(person, 'person')).toEqual([0]);
    // Shipped in the repository itself, not read from ../shared.
    expect(person.modelPath).toBe(path.join(repo, 'models', 'person-yolox-nano', 'model.onnx'));
    const helmet = loadModelManifest(path.join(testModels, 'helmet-yolox-nano', 'manifest.json'));
    expect(helmet.roleByClassId).toEqual(['helmet', 'bareHead']);
    expect(Array.from(helmet.nmsGroupByClassId)).toEqual([0, 0]);
    const ppe = loadModelManifest(path.join(testModels, 'ppe14-yolov8n-int8'));
    expect(ppe.input.letterbox.anchor).toBe('centre');
    expect(classIdsWithRole(ppe, 'noVest')).toEqual([10]);
  });

  it('fills defaults and per-class thresholds', () => {
    const m = loadModelManifest(writeModelDir(minimal));
    expect(m.input.letterbox.padValue).toBe(114);
    expect(m.output.decoder).toEqual({ family: 'yolov8', layout: 'channelsFirst' });
    expect(Array.from(m.scoreThresholdByClassId)).toEqual([0.35, 0.35, 0.5]);
  });

  it('names the field that is wrong, with the manifest path', () => {
    const dir = writeModelDir({ ...minimal, input: { ...minimal.input, channelOrder: 'RBG' } });
    expectVisionError(() => loadModelManifest(dir), 'ST_ERR_VISION_MANIFEST', /manifest\.json: \$\.input\.channelOrder/);
    expectVisionError(() => loadModelManifest(writeModelDir({ ...minimal, roles: { person: ['human'] } })), 'ST_ERR_VISION_MANIFEST', /\$\.roles\.person: unknown class "human"/);
    expectVisionError(() => loadModelManifest(writeModelDir({ ...minimal, output: { name: 'o', decoder: { family: 'detr' } } })), 'ST_ERR_VISION_MANIFEST', /\$\.output\.decoder\.family/);
    expectVisionError(() => loadModelManifest(tempDir()), 'ST_ERR_VISION_MANIFEST', /manifest\.json is missing/);
    const syntax = tempDir();
    writeFileSync(path.join(syntax, 'manifest.json'), '{ "format": ');
    expectVisionError(() => loadModelManifest(syntax), 'ST_ERR_VISION_MANIFEST', /cannot read the manifest/);
  });

  it('finds the model beside the manifest, else under SAFETWIN_MODELS_DIR/<folder name>/', () => {
    const dir = tempDir();
    const modelDir = path.join(dir, 'plant-ppe');
    mkdirSync(modelDir);
    writeFileSync(path.join(modelDir, 'manifest.json'), JSON.stringify({ ...minimal, model: { ...minimal.model, path: 'weights/best.onnx' } }));
    expectVisionError(() => loadModelManifest(modelDir, {}), 'ST_ERR_VISION_MODEL_FILE', /model file not found/);
    const store = path.join(dir, 'store');
    mkdirSync(path.join(store, 'plant-ppe'), { recursive: true });
    writeFileSync(path.join(store, 'plant-ppe', 'best.onnx'), 'x');
    expect(loadModelManifest(modelDir, { SAFETWIN_MODELS_DIR: store }).modelPath).toBe(path.join(store, 'plant-ppe', 'best.onnx'));
  });

  it('verifies the sha256 of the model file', async () => {
    const m = loadModelManifest(writeModelDir(minimal));
    await expect(readVerifiedModel(m)).rejects.toMatchObject({ code: 'ST_ERR_VISION_MODEL_FILE', message: expect.stringMatching(/sha256 mismatch/) });
    const real = loadModelManifest(path.join(testModels, 'helmet-yolox-nano'));
    const copy = tempDir();
    copyFileSync(real.modelPath, path.join(copy, 'model.onnx'));
    writeFileSync(path.join(copy, 'manifest.json'), JSON.stringify({ ...minimal, model: { path: 'model.onnx', sha256: real.model.sha256 } }));
    expect((await readVerifiedModel(loadModelManifest(copy))).byteLength).toBe(3_598_535);
  });
});
