import path from 'node:path';
import { decodeImageFile, loadModelManifest, OnnxDetector, requireFfmpeg, roundDetection, VisionError } from '../vision/index.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE } from './exitCodes.js';

export type DetectOptions = { model: string; score?: string; threads?: string; executionProvider?: string[] };

/**
 * `safetwin detect --model <dir> <image…>`: the model's manifest applied to still images, JSON on stdout
 * (docs/study-cli.md): [{ image, width, height, detections: [{ label, classId, score, box: [x1, y1, x2, y2] }], warnings }],
 * boxes in original-image pixels. A bad model or image is bad input: exit 2 and { "error" } naming it.
 */
export async function detectCommand(images: string[], options: DetectOptions): Promise<void> {
  let detector: OnnxDetector | null = null;
  try {
    const manifest = loadModelManifest(options.model);
    if (options.score !== undefined) {
      const score = Number(options.score);
      if (!(score >= 0 && score <= 1)) throw new VisionError('ST_ERR_VISION_MANIFEST', `--score must be a number in [0, 1], got "${options.score}"`);
      // An explicit --score replaces every class threshold: a plant tuning its model wants to see below the manifest's.
      manifest.scoreThresholdByClassId.fill(score);
    }
    const threads = options.threads === undefined ? 1 : Number(options.threads);
    if (!Number.isInteger(threads) || threads < 1) throw new VisionError('ST_ERR_VISION_MANIFEST', `--threads must be a positive integer, got "${options.threads}"`);
    const ffmpegPath = requireFfmpeg();
    detector = await OnnxDetector.create(manifest, { executionProviders: options.executionProvider?.length ? options.executionProvider : ['cpu'], intraOpNumThreads: threads });
    const results = [];
    for (const image of images) {
      const frame = await decodeImageFile(image, ffmpegPath);
      const { detections, timings } = await detector.detect(frame.rgb, frame.widthPx, frame.heightPx);
      process.stderr.write(`${path.basename(image)}: ${detections.length} detections, pre ${timings.preMs.toFixed(1)} ms, run ${timings.runMs.toFixed(1)} ms, post ${timings.postMs.toFixed(1)} ms\n`);
      results.push({ image, width: frame.widthPx, height: frame.heightPx, detections: detections.map(roundDetection), warnings: [] as string[] });
    }
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  } catch (error) {
    const known = error instanceof VisionError;
    const message = known ? `${error.message} [${error.code}]${error.tip ? ` — ${error.tip}` : ''}` : String((error as Error).message ?? error);
    process.stdout.write(`${JSON.stringify({ error: message })}\n`);
    process.exitCode = known && error.code !== 'ST_ERR_VISION_INFERENCE' ? EXIT_BAD_INPUT : EXIT_FAILURE;
  } finally {
    await detector?.dispose();
  }
}
