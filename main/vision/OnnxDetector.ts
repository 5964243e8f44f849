import ort from 'onnxruntime-node';
import { checkOutputDims } from './decoders.js';
import { postprocess, type Detection, type DetectTimings } from './detect.js';
import { LetterboxWriter } from './letterbox.js';
import { readVerifiedModel, type ModelManifest } from './modelManifest.js';
import { asVisionError, VisionError } from './visionError.js';

/** onnxruntime session options the pipeline exposes (docs/vision.md "Execution providers"). */
export type SessionConfig = {
  /** e.g. ['cpu'] (default) or ['cuda', 'cpu']; names as onnxruntime-node accepts them. */
  executionProviders: string[];
  /** Threads one session.run may use; set explicitly, ORT's default grabs every core per session. */
  intraOpNumThreads: number;
};

export const DEFAULT_SESSION_CONFIG: SessionConfig = { executionProviders: ['cpu'], intraOpNumThreads: 1 };

type TensorMetadata = { name: string; isTensor?: boolean; shape?: readonly (number | string)[] };

/**
 * One onnxruntime session for one model, with the manifest checked against the model at load: sha256,
 * input name and shape, output name and decoder layout. Runs synchronously on the calling thread's
 * event loop (session.run blocks it for the whole inference), so the pipeline keeps it in a worker.
 */
export class OnnxDetector {
  readonly manifest: ModelManifest;
  private readonly session: ort.InferenceSession;
  private readonly writer: LetterboxWriter;
  private readonly tensorData: Float32Array;
  private readonly inputTensor: ort.Tensor;

  private constructor(manifest: ModelManifest, session: ort.InferenceSession) {
    this.manifest = manifest;
    this.session = session;
    const [, , h, w] = manifest.input.shape;
    this.writer = new LetterboxWriter(manifest.input, w, h);
    // One input buffer per session, reused every frame: no per-frame 2 MB allocation.
    this.tensorData = new Float32Array(3 * w * h);
    this.inputTensor = new ort.Tensor('float32', this.tensorData, manifest.input.shape as unknown as number[]);
  }

  static async create(manifest: ModelManifest, config: SessionConfig = DEFAULT_SESSION_CONFIG): Promise<OnnxDetector> {
    const bytes = await readVerifiedModel(manifest);
    let session: ort.InferenceSession;
    try {
      session = await ort.InferenceSession.create(bytes, {
        executionProviders: config.executionProviders as ort.InferenceSession.ExecutionProviderConfig[],
        intraOpNumThreads: config.intraOpNumThreads,
        interOpNumThreads: 1,
        graphOptimizationLevel: 'all',
        logSeverityLevel: 3,
      });
    } catch (error) {
      throw new VisionError('ST_ERR_VISION_MODEL_LOAD', `onnxruntime cannot load the model: ${(error as Error).message}`, { location: manifest.modelPath, cause: error, tip: 'Is it an ONNX file, and are the execution providers available?' });
    }
    try {
      validateSession(manifest, session);
    } catch (error) {
      await session.release();
      throw error;
    }
    return new OnnxDetector(manifest, session);
  }

  async detect(rgb: Uint8Array, widthPx: number, heightPx: number): Promise<{ detections: Detection[]; timings: DetectTimings }> {
    const t0 = performance.now();
    const lb = this.writer.write(rgb, widthPx, heightPx, this.tensorData);
    const t1 = performance.now();
    const outputs = await this.runBare();
    const t2 = performance.now();
    const output = outputs[this.manifest.output.name]!;
    try {
      const detections = postprocess(this.manifest, output.data as Float32Array, output.dims, lb, widthPx, heightPx);
      return { detections, timings: { preMs: t1 - t0, runMs: t2 - t1, postMs: performance.now() - t2 } };
    } finally {
      output.dispose();
    }
  }

  /** session.run on the current input buffer, nothing else: the benchmark's ceiling. */
  async runBare(): Promise<ort.InferenceSession.OnnxValueMapType> {
    try {
      return await this.session.run({ [this.manifest.input.name]: this.inputTensor }, [this.manifest.output.name]);
    } catch (error) {
      throw asVisionError(error, 'ST_ERR_VISION_INFERENCE');
    }
  }

  async dispose(): Promise<void> {
    await this.session.release();
  }
}

function validateSession(manifest: ModelManifest, session: ort.InferenceSession): void {
  const where = manifest.manifestPath;
  if (!session.inputNames.includes(manifest.input.name)) {
    throw new VisionError('ST_ERR_VISION_INPUT_SHAPE', `$.input.name: the model has no input "${manifest.input.name}" (it has ${session.inputNames.join(', ')})`, { location: where });
  }
  const input = (session.inputMetadata as readonly TensorMetadata[]).find((m) => m.name === manifest.input.name);
  const shape = input?.shape ?? [];
  const expected = manifest.input.shape;
  const mismatch = shape.length !== expected.length || shape.some((d, i) => typeof d === 'number' && d > 0 && d !== expected[i]);
  if (mismatch) {
    throw new VisionError('ST_ERR_VISION_INPUT_SHAPE', `$.input.shape: the manifest says [${expected.join(', ')}], the model's input "${manifest.input.name}" is [${shape.join(', ')}]`, {
      location: where,
      tip: 'Set $.input.shape to the model input (NCHW).',
    });
  }
  if (!session.outputNames.includes(manifest.output.name)) {
    throw new VisionError('ST_ERR_VISION_OUTPUT_LAYOUT', `$.output.name: the model has no output "${manifest.output.name}" (it has ${session.outputNames.join(', ')})`, { location: where });
  }
  const output = (session.outputMetadata as readonly TensorMetadata[]).find((m) => m.name === manifest.output.name);
  try {
    checkOutputDims(manifest.output.decoder, output?.shape ?? [], expected[3], expected[2], manifest.classes.length);
  } catch (error) {
    const e = asVisionError(error, 'ST_ERR_VISION_OUTPUT_LAYOUT');
    throw new VisionError(e.code, `$.output: ${e.message}`, { location: where, ...(e.tip ? { tip: e.tip } : {}) });
  }
}
