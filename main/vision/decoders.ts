import type { ModelManifestFile } from './modelManifest.js';
import { VisionError } from './visionError.js';

/**
 * Candidate boxes above their class threshold, in model-input pixels [x1, y1, x2, y2], before NMS.
 * Flat typed arrays: a 416-px YOLOX head has 3,549 rows per frame and this runs at camera rate.
 */
export type Candidates = { count: number; boxes: Float32Array; scores: Float32Array; classIds: Int32Array };

type DecoderSpec = ModelManifestFile['output']['decoder'];
export type DecodeInput = {
  data: Float32Array;
  dims: readonly number[];
  inputWidthPx: number;
  inputHeightPx: number;
  numClasses: number;
  /** Class id → minimum score. */
  scoreThresholdByClassId: Float64Array;
};

function layoutError(message: string): VisionError {
  return new VisionError('ST_ERR_VISION_OUTPUT_LAYOUT', message, { tip: 'Check $.output.decoder and $.classes in the manifest against the model (e.g. with Netron).' });
}

class CandidateList implements Candidates {
  count = 0;
  boxes: Float32Array;
  scores: Float32Array;
  classIds: Int32Array;
  constructor(capacity: number) {
    this.boxes = new Float32Array(capacity * 4);
    this.scores = new Float32Array(capacity);
    this.classIds = new Int32Array(capacity);
  }
  push(cx: number, cy: number, w: number, h: number, score: number, classId: number): void {
    const i = this.count++;
    this.boxes[i * 4] = cx - w / 2;
    this.boxes[i * 4 + 1] = cy - h / 2;
    this.boxes[i * 4 + 2] = cx + w / 2;
    this.boxes[i * 4 + 3] = cy + h / 2;
    this.scores[i] = score;
    this.classIds[i] = classId;
  }
}

export function decodeOutput(spec: DecoderSpec, input: DecodeInput): Candidates {
  if (spec.family === 'yolox') return decodeYolox(input, spec.strides, spec.gridDecoded);
  if (spec.family === 'yolov8') return decodeYolov8(input, spec.layout);
  return decodeYolov5(input);
}

function requireRank3(dims: readonly number[], family: string): [number, number] {
  if (dims.length !== 3 || dims[0] !== 1) throw layoutError(`${family}: expected an output of shape [1, a, b], got [${dims.join(', ')}]`);
  return [dims[1]!, dims[2]!];
}

/** Number of grid cells of a YOLOX / anchor-free head: Σ (W/s)·(H/s) over the strides. */
export function gridCellCount(inputWidthPx: number, inputHeightPx: number, strides: readonly number[]): number {
  return strides.reduce((sum, s) => sum + Math.floor(inputWidthPx / s) * Math.floor(inputHeightPx / s), 0);
}

/**
 * YOLOX head rows [tx, ty, tw, th, obj, p_0 … p_nc−1] (obj and p already sigmoid in the export). Raw rows
 * decode per stride s, row-major grid: cx = (tx + gx)·s, cy = (ty + gy)·s, w = e^tw·s, h = e^th·s.
 * score = obj · p_c for the best class (YOLOX demo postprocess).
 */
export function decodeYolox(input: DecodeInput, strides: readonly number[], gridDecoded: boolean): Candidates {
  const [rows, width] = requireRank3(input.dims, 'yolox');
  if (width !== 5 + input.numClasses) throw layoutError(`yolox: rows have ${width} values, 5 + ${input.numClasses} classes = ${5 + input.numClasses} expected`);
  if (!gridDecoded) {
    const cells = gridCellCount(input.inputWidthPx, input.inputHeightPx, strides);
    if (rows !== cells) throw layoutError(`yolox: ${rows} rows, but strides [${strides.join(', ')}] on ${input.inputWidthPx}×${input.inputHeightPx} make ${cells} grid cells`);
  }
  const out = new CandidateList(rows);
  const d = input.data;
  let row = 0;
  const visit = (gx: number, gy: number, stride: number) => {
    const o = row * width;
    row++;
    const best = argmaxClass(d, o + 5, input.numClasses);
    const score = d[o + 4]! * d[o + 5 + best]!;
    if (!(score >= input.scoreThresholdByClassId[best]!)) return;
    if (gridDecoded) out.push(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, score, best);
    else out.push((d[o]! + gx) * stride, (d[o + 1]! + gy) * stride, Math.exp(d[o + 2]!) * stride, Math.exp(d[o + 3]!) * stride, score, best);
  };
  if (gridDecoded) {
    for (let i = 0; i < rows; i++) visit(0, 0, 1);
  } else {
    for (const stride of strides) {
      const gw = Math.floor(input.inputWidthPx / stride);
      const gh = Math.floor(input.inputHeightPx / stride);
      for (let gy = 0; gy < gh; gy++) for (let gx = 0; gx < gw; gx++) visit(gx, gy, stride);
    }
  }
  return out;
}

/**
 * Ultralytics YOLOv8 / v11 export: [1, 4 + nc, N] with cx, cy, w, h in input pixels and sigmoid class
 * scores, no objectness; score = max over classes. anchorsFirst is the transposed [1, N, 4 + nc].
 */
export function decodeYolov8(input: DecodeInput, layout: 'channelsFirst' | 'anchorsFirst'): Candidates {
  const [a, b] = requireRank3(input.dims, 'yolov8');
  const channels = layout === 'channelsFirst' ? a : b;
  const anchors = layout === 'channelsFirst' ? b : a;
  if (channels !== 4 + input.numClasses) {
    const hint = (layout === 'channelsFirst' ? b : a) === 4 + input.numClasses ? ` (the other layout fits: set decoder.layout to "${layout === 'channelsFirst' ? 'anchorsFirst' : 'channelsFirst'}")` : '';
    throw layoutError(`yolov8 ${layout}: ${channels} channels, 4 + ${input.numClasses} classes = ${4 + input.numClasses} expected${hint}`);
  }
  const d = input.data;
  // Element (channel ch, anchor i).
  const at = layout === 'channelsFirst' ? (ch: number, i: number) => d[ch * anchors + i]! : (ch: number, i: number) => d[i * channels + ch]!;
  const out = new CandidateList(anchors);
  for (let i = 0; i < anchors; i++) {
    let best = 0;
    let bestP = -1;
    for (let c = 0; c < input.numClasses; c++) {
      const p = at(4 + c, i);
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (!(bestP >= input.scoreThresholdByClassId[best]!)) continue;
    out.push(at(0, i), at(1, i), at(2, i), at(3, i), bestP, best);
  }
  return out;
}

/** YOLOv5 / v7 export: [1, N, 5 + nc] rows [cx, cy, w, h, obj, p…] in input pixels; score = obj · p_c. */
export function decodeYolov5(input: DecodeInput): Candidates {
  const [rows, width] = requireRank3(input.dims, 'yolov5');
  if (width !== 5 + input.numClasses) throw layoutError(`yolov5: rows have ${width} values, 5 + ${input.numClasses} classes = ${5 + input.numClasses} expected`);
  const d = input.data;
  const out = new CandidateList(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * width;
    const best = argmaxClass(d, o + 5, input.numClasses);
    const score = d[o + 4]! * d[o + 5 + best]!;
    if (!(score >= input.scoreThresholdByClassId[best]!)) continue;
    out.push(d[o]!, d[o + 1]!, d[o + 2]!, d[o + 3]!, score, best);
  }
  return out;
}

/** Which output dims a decoder accepts, checked against the session's metadata at load (before any frame). */
export function checkOutputDims(spec: DecoderSpec, dims: readonly (number | string)[], inputWidthPx: number, inputHeightPx: number, numClasses: number): void {
  if (dims.some((d) => typeof d !== 'number')) return; // symbolic dims: checked on the first frame instead
  const probe: DecodeInput = { data: new Float32Array(0), dims: dims as number[], inputWidthPx, inputHeightPx, numClasses, scoreThresholdByClassId: new Float64Array(numClasses).fill(2) };
  const [a, b] = requireRank3(probe.dims, spec.family);
  // Decode an all-zero output of that shape: every layout check runs, no box passes the threshold of 2.
  probe.data = new Float32Array(a * b);
  decodeOutput(spec, probe);
}

/** The class with the highest score in a row-major YOLO row whose class scores start at `first` (objectness rows: YOLOX, YOLOv5). */
function argmaxClass(d: Float32Array, first: number, numClasses: number): number {
  let best = 0;
  for (let c = 1; c < numClasses; c++) if (d[first + c]! > d[first + best]!) best = c;
  return best;
}
