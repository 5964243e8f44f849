import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { VisionError } from './visionError.js';

/**
 * The model manifest (docs/vision.md): everything a loader must know that the .onnx file does not say
 * reliably — channel order, scaling, letterbox anchor, output layout, class names and which classes mean
 * person / helmet / bare head / vest. One manifest format describes all three reference models (the
 * shipped models/person-yolox-nano and the test-only helmet and PPE models of ../shared/models), which
 * between them cover every variant a plant's own YOLO export can have.
 */
export const MANIFEST_FILE_NAME = 'manifest.json';
export const MODELS_DIR_ENV_VAR = 'SAFETWIN_MODELS_DIR';

const ScalingSchema = z.discriminatedUnion('kind', [
  /** Pixel values 0–255 as they are (YOLOX ≥ 0.1.1 exports). */
  z.object({ kind: z.literal('raw') }),
  /** Divide by 255 (Ultralytics exports). */
  z.object({ kind: z.literal('unit') }),
  /** Divide by 255, then (x − mean) / std per channel, in the model's channel order (old YOLOX, ImageNet). */
  z.object({ kind: z.literal('meanStd'), mean: z.tuple([z.number(), z.number(), z.number()]), std: z.tuple([z.number().positive(), z.number().positive(), z.number().positive()]) }),
]);

const DecoderSchema = z.discriminatedUnion('family', [
  /** YOLOX head: [1, N, 5 + nc] rows [tx, ty, tw, th, obj, p…]; raw grid offsets unless gridDecoded. */
  z.object({ family: z.literal('yolox'), strides: z.array(z.number().int().positive()).min(1).default([8, 16, 32]), gridDecoded: z.boolean().default(false) }),
  /** YOLOv8 / v11: [1, 4 + nc, N] (channelsFirst, the Ultralytics export) or [1, N, 4 + nc]; no objectness. */
  z.object({ family: z.literal('yolov8'), layout: z.enum(['channelsFirst', 'anchorsFirst']).default('channelsFirst') }),
  /** YOLOv5 / v7: [1, N, 5 + nc] rows [cx, cy, w, h, obj, p…] already in input pixels. */
  z.object({ family: z.literal('yolov5') }),
]);

const ClassNameSchema = z.string().min(1).max(64);

export const ModelManifestSchema = z.object({
  format: z.literal('safetwin-model/1'),
  name: z.string().min(1).max(64),
  description: z.string().optional(),
  license: z.string().optional(),
  model: z.object({
    /** Relative to the manifest's folder, or absolute; see resolveModelPath for the search order. */
    path: z.string().min(1),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'sha256 must be 64 lowercase hex digits'),
  }),
  input: z.object({
    name: z.string().min(1),
    /** NCHW; batch may be 1 (static) — the only batch the pipeline sends today. */
    shape: z.tuple([z.literal(1), z.literal(3), z.number().int().min(32).max(4096), z.number().int().min(32).max(4096)]),
    channelOrder: z.enum(['RGB', 'BGR']),
    scaling: ScalingSchema,
    letterbox: z.object({ anchor: z.enum(['topLeft', 'centre']), padValue: z.number().int().min(0).max(255).default(114) }),
  }),
  output: z.object({ name: z.string().min(1), decoder: DecoderSchema }),
  /** Class names in index order, or a labels file (one name per line) beside the manifest. */
  classes: z.union([z.array(ClassNameSchema).min(1).max(10_000), z.object({ labelsFile: z.string().min(1) })]),
  /** Which class names play which part in the safety rules; a model may leave any role empty. */
  roles: z
    .object({
      person: z.array(ClassNameSchema).default([]),
      helmet: z.array(ClassNameSchema).default([]),
      bareHead: z.array(ClassNameSchema).default([]),
      vest: z.array(ClassNameSchema).default([]),
      noVest: z.array(ClassNameSchema).default([]),
      fallen: z.array(ClassNameSchema).default([]),
    })
    .default({ person: [], helmet: [], bareHead: [], vest: [], noVest: [], fallen: [] }),
  thresholds: z
    .object({
      score: z.number().min(0).max(1).default(0.35),
      nmsIou: z.number().gt(0).max(1).default(0.45),
      /** Per-class score thresholds overriding `score`. */
      perClass: z.record(ClassNameSchema, z.number().min(0).max(1)).default({}),
      /** Groups of classes that cannot both be right about one object (helmet vs head): NMS across each group. */
      crossClassNms: z.array(z.array(ClassNameSchema).min(2)).default([]),
      maxDetections: z.number().int().positive().max(10_000).default(300),
    })
    .default({ score: 0.35, nmsIou: 0.45, perClass: {}, crossClassNms: [], maxDetections: 300 }),
});
export type ModelManifestFile = z.infer<typeof ModelManifestSchema>;
export type ModelRole = keyof ModelManifestFile['roles'];
export const MODEL_ROLES: ModelRole[] = ['person', 'helmet', 'bareHead', 'vest', 'noVest', 'fallen'];

/** A validated manifest with its class list and roles resolved to class ids, and the model file located. */
export type ModelManifest = Omit<ModelManifestFile, 'classes'> & {
  manifestPath: string;
  modelPath: string;
  classes: string[];
  /** Class id → role (a class has at most one role). */
  roleByClassId: (ModelRole | null)[];
  /** Class id → score threshold. */
  scoreThresholdByClassId: Float64Array;
  /** Class id → cross-class NMS group index, or −1. */
  nmsGroupByClassId: Int32Array;
};

/** Accepts a model folder (containing manifest.json) or the manifest file itself. */
export function loadModelManifest(dirOrFile: string, env: NodeJS.ProcessEnv = process.env): ModelManifest {
  const manifestPath = resolveManifestPath(dirOrFile);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(manifestPath, 'utf8'));
  } catch (error) {
    throw new VisionError('ST_ERR_VISION_MANIFEST', `cannot read the manifest: ${(error as Error).message}`, { location: manifestPath, tip: 'The manifest is JSON; see docs/vision.md.' });
  }
  const parsed = ModelManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.length ? `$.${issue.path.join('.')}` : '$';
    throw new VisionError('ST_ERR_VISION_MANIFEST', `${where}: ${issue.message}`, { location: manifestPath, tip: 'See docs/vision.md for the manifest fields.' });
  }
  const file = parsed.data;
  const dir = path.dirname(manifestPath);
  const classes = Array.isArray(file.classes) ? file.classes : readLabels(path.resolve(dir, file.classes.labelsFile), manifestPath);
  const classIds = new Map(classes.map((name, id) => [name, id]));
  const known = (name: string, where: string) => {
    const id = classIds.get(name);
    if (id === undefined) throw new VisionError('ST_ERR_VISION_MANIFEST', `${where}: unknown class "${name}"`, { location: manifestPath });
    return id;
  };
  const roleByClassId: (ModelRole | null)[] = classes.map(() => null);
  for (const role of MODEL_ROLES) {
    for (const name of file.roles[role]) {
      const id = known(name, `$.roles.${role}`);
      if (roleByClassId[id] !== null) throw new VisionError('ST_ERR_VISION_MANIFEST', `$.roles.${role}: class "${name}" already has role ${roleByClassId[id]}`, { location: manifestPath });
      roleByClassId[id] = role;
    }
  }
  const scoreThresholdByClassId = new Float64Array(classes.length).fill(file.thresholds.score);
  for (const [name, threshold] of Object.entries(file.thresholds.perClass)) scoreThresholdByClassId[known(name, '$.thresholds.perClass')] = threshold;
  const nmsGroupByClassId = new Int32Array(classes.length).fill(-1);
  file.thresholds.crossClassNms.forEach((group, g) => {
    for (const name of group) nmsGroupByClassId[known(name, `$.thresholds.crossClassNms.${g}`)] = g;
  });
  return {
    ...file,
    manifestPath,
    modelPath: resolveModelPath(file.model.path, dir, env, manifestPath),
    classes,
    roleByClassId,
    scoreThresholdByClassId,
    nmsGroupByClassId,
  };
}

function resolveManifestPath(dirOrFile: string): string {
  const absolute = path.resolve(dirOrFile);
  let isDir: boolean;
  try {
    isDir = statSync(absolute).isDirectory();
  } catch {
    throw new VisionError('ST_ERR_VISION_MANIFEST', 'no such model folder or manifest', { location: absolute, tip: `Pass a folder containing ${MANIFEST_FILE_NAME}.` });
  }
  const manifestPath = isDir ? path.join(absolute, MANIFEST_FILE_NAME) : absolute;
  if (!existsSync(manifestPath)) throw new VisionError('ST_ERR_VISION_MANIFEST', `${MANIFEST_FILE_NAME} is missing`, { location: absolute, tip: 'Describe the model in a manifest (docs/vision.md).' });
  return manifestPath;
}

function readLabels(file: string, manifestPath: string): string[] {
  try {
    const names = readFileSync(file, 'utf8')
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter((line) => line.length > 0);
    if (names.length === 0) throw new Error('the labels file is empty');
    return names;
  } catch (error) {
    throw new VisionError('ST_ERR_VISION_MANIFEST', `$.classes.labelsFile: ${(error as Error).message}`, { location: manifestPath });
  }
}

/**
 * Model file search order: an absolute path as it is; a path relative to the manifest's folder; then,
 * when SAFETWIN_MODELS_DIR is set, <SAFETWIN_MODELS_DIR>/<manifest folder name>/<file name> — so a
 * manifest can point at ../shared/models in a checkout (the test models) and at a plant's model store elsewhere.
 */
export function resolveModelPath(modelPath: string, manifestDir: string, env: NodeJS.ProcessEnv, manifestPath: string): string {
  const candidates = path.isAbsolute(modelPath) ? [modelPath] : [path.resolve(manifestDir, modelPath)];
  const modelsDir = env[MODELS_DIR_ENV_VAR];
  if (modelsDir) candidates.push(path.resolve(modelsDir, path.basename(manifestDir), path.basename(modelPath)));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new VisionError('ST_ERR_VISION_MODEL_FILE', `model file not found (tried ${candidates.join(', ')})`, { location: manifestPath, tip: `Fix $.model.path or set ${MODELS_DIR_ENV_VAR}.` });
  return found;
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Reads the model file and checks its sha256 against the manifest: a truncated or swapped file fails here. */
export async function readVerifiedModel(manifest: ModelManifest): Promise<Uint8Array> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(manifest.modelPath);
  } catch (error) {
    throw new VisionError('ST_ERR_VISION_MODEL_FILE', `cannot read the model: ${(error as Error).message}`, { location: manifest.modelPath });
  }
  const actual = createHash('sha256').update(bytes).digest('hex');
  if (actual !== manifest.model.sha256) {
    throw new VisionError('ST_ERR_VISION_MODEL_FILE', `sha256 mismatch: the manifest says ${manifest.model.sha256}, the file is ${actual}`, {
      location: manifest.modelPath,
      tip: 'The file is corrupt or not the model the manifest describes; copy it again or update $.model.sha256.',
    });
  }
  return bytes;
}

/** Class-id lists per role, for the rules. */
export function classIdsWithRole(manifest: Pick<ModelManifest, 'roleByClassId'>, role: ModelRole): number[] {
  const ids: number[] = [];
  manifest.roleByClassId.forEach((r, id) => {
    if (r === role) ids.push(id);
  });
  return ids;
}
