import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../support/serveProcess.js';
import { makeTempDir } from '../support/tempDir.js';
import { MODEL_DIRS, SHARED_MEDIA } from '../support/visionFixtures.js';

// Runs the built CLI (npm run build:core first), like tests/integration/cli.test.ts.
function detect(args: string[]) {
  const result = spawnSync(process.execPath, [path.join(REPO_ROOT, 'bin', 'safetwin.js'), 'detect', ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

type Output = { image: string; width: number; height: number; detections: { label: string; classId: number; score: number; box: [number, number, number, number] }[]; warnings: string[] }[];

describe('safetwin detect', () => {
  it('prints detections per image as JSON, boxes in original-image pixels', () => {
    const images = ['shwd_2_mixed_helmet_no_helmet.jpg', 'shwd_4_workers_helmets_vests.jpg'].map((f) => path.join(SHARED_MEDIA, f));
    const result = detect(['--model', MODEL_DIRS.person, ...images]);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as Output;
    expect(out.map((r) => [r.image, r.width, r.height])).toEqual([
      [images[0], 800, 533],
      [images[1], 2121, 1414],
    ]);
    expect(out[0]!.detections.filter((d) => d.label === 'person').length).toBe(9);
    const big = out[1]!.detections.filter((d) => d.label === 'person');
    expect(big).toHaveLength(5);
    for (const d of big) {
      expect(d.classId).toBe(0);
      expect(d.box[2]).toBeLessThanOrEqual(2121);
      expect(d.box[3]).toBeGreaterThan(1000); // feet near the bottom of the 1414-px picture: not in 416-px model space
    }
    expect(result.stderr).toMatch(/run [\d.]+ ms/);
  });

  it('applies the YOLOv8 manifest (centred letterbox) and a --score override', () => {
    const image = path.join(SHARED_MEDIA, 'shwd_2_mixed_helmet_no_helmet.jpg');
    const out = JSON.parse(detect(['--model', MODEL_DIRS.ppe14, '--score', '0.3', image]).stdout) as Output;
    const labels = out[0]!.detections.map((d) => d.label);
    expect(labels).toContain('Hardhat');
    expect(out[0]!.detections.every((d) => d.score >= 0.3)).toBe(true);
  });

  it('runs the shipped person model from a fresh clone with no ../shared beside it', () => {
    // A clone of the committed tree in a temporary folder: only what git holds, and nothing at ../shared.
    const parent = makeTempDir('clone');
    const clone = path.join(parent, 'safetwin');
    execFileSync('git', ['clone', '--quiet', REPO_ROOT, clone]);
    expect(existsSync(path.join(parent, 'shared'))).toBe(false);
    expect(execFileSync('git', ['ls-files', 'models/person-yolox-nano'], { cwd: clone, encoding: 'utf8' }).split('\n').filter(Boolean).sort()).toEqual(
      ['LICENSE', 'PROVENANCE.md', 'manifest.json', 'model.onnx'].map((f) => `models/person-yolox-nano/${f}`),
    );
    // The build is not in git: the clone uses this checkout's (npm run build:core).
    symlinkSync(path.join(REPO_ROOT, 'dist'), path.join(clone, 'dist'));
    const image = path.join(parent, 'site-photo.jpg');
    copyFileSync(path.join(SHARED_MEDIA, 'shwd_2_mixed_helmet_no_helmet.jpg'), image);
    const env = { ...process.env };
    delete env.SAFETWIN_MODELS_DIR;
    const result = spawnSync(process.execPath, ['bin/safetwin.js', 'detect', '--model', 'models/person-yolox-nano', image], { cwd: clone, env, encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(0);
    const out = JSON.parse(result.stdout) as Output;
    expect(out[0]!.detections.filter((d) => d.label === 'person')).toHaveLength(9);
  });

  it('bad input: exit 2 with a JSON error naming the model or image', () => {
    const noModel = detect(['--model', path.join(REPO_ROOT, 'models', 'no-such-model'), path.join(SHARED_MEDIA, 'shwd_7_workers_helmets.jpg')]);
    expect(noModel.code).toBe(2);
    expect(JSON.parse(noModel.stdout).error).toMatch(/no-such-model.*ST_ERR_VISION_MANIFEST/);
    const notImage = detect(['--model', MODEL_DIRS.helmet, path.join(REPO_ROOT, 'package.json')]);
    expect(notImage.code).toBe(2);
    expect(JSON.parse(notImage.stdout).error).toMatch(/package\.json.*ST_ERR_VISION_IMAGE/);
    expect(detect(['--model', MODEL_DIRS.helmet, '--score', '2', path.join(SHARED_MEDIA, 'shwd_7_workers_helmets.jpg')]).code).toBe(2);
  });
});
