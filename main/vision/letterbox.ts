import type { ModelManifestFile } from './modelManifest.js';

/**
 * Letterbox geometry: scale the frame by r = min(dstW / srcW, dstH / srcH) keeping its aspect, resize
 * to (round(srcW·r), round(srcH·r)) and pad the rest. Top-left anchoring pads right and bottom (YOLOX);
 * centred anchoring pads both sides with Ultralytics' rounding, round(d / 2 − 0.1) on the left/top.
 */
export type Letterbox = {
  scale: number;
  resizedWidthPx: number;
  resizedHeightPx: number;
  padLeftPx: number;
  padTopPx: number;
  inputWidthPx: number;
  inputHeightPx: number;
};

export type LetterboxAnchor = 'topLeft' | 'centre';

export function computeLetterbox(srcWidthPx: number, srcHeightPx: number, inputWidthPx: number, inputHeightPx: number, anchor: LetterboxAnchor): Letterbox {
  if (!(srcWidthPx > 0 && srcHeightPx > 0)) throw new RangeError(`frame size must be positive, got ${srcWidthPx}×${srcHeightPx}`);
  const scale = Math.min(inputWidthPx / srcWidthPx, inputHeightPx / srcHeightPx);
  const resizedWidthPx = Math.min(inputWidthPx, Math.max(1, Math.round(srcWidthPx * scale)));
  const resizedHeightPx = Math.min(inputHeightPx, Math.max(1, Math.round(srcHeightPx * scale)));
  const centre = anchor === 'centre';
  const padLeftPx = centre ? Math.max(0, Math.round((inputWidthPx - resizedWidthPx) / 2 - 0.1)) : 0;
  const padTopPx = centre ? Math.max(0, Math.round((inputHeightPx - resizedHeightPx) / 2 - 0.1)) : 0;
  return { scale, resizedWidthPx, resizedHeightPx, padLeftPx, padTopPx, inputWidthPx, inputHeightPx };
}

/** Model-input pixels → original-frame pixels, clipped to the frame. */
export function unletterboxBox(box: readonly [number, number, number, number], lb: Letterbox, srcWidthPx: number, srcHeightPx: number): [number, number, number, number] {
  const clip = (v: number, max: number) => Math.min(max, Math.max(0, v));
  return [
    clip((box[0] - lb.padLeftPx) / lb.scale, srcWidthPx),
    clip((box[1] - lb.padTopPx) / lb.scale, srcHeightPx),
    clip((box[2] - lb.padLeftPx) / lb.scale, srcWidthPx),
    clip((box[3] - lb.padTopPx) / lb.scale, srcHeightPx),
  ];
}

type InputSpec = Pick<ModelManifestFile['input'], 'channelOrder' | 'scaling' | 'letterbox'>;

/** Per model-channel affine map of a 0–255 value: v·mul + add (raw, /255 and mean/std are all affine). */
export function channelAffine(spec: InputSpec): { mul: [number, number, number]; add: [number, number, number] } {
  const s = spec.scaling;
  if (s.kind === 'raw') return { mul: [1, 1, 1], add: [0, 0, 0] };
  if (s.kind === 'unit') return { mul: [1 / 255, 1 / 255, 1 / 255], add: [0, 0, 0] };
  const mul = s.std.map((sd) => 1 / (255 * sd)) as [number, number, number];
  const add = s.mean.map((m, c) => -m / s.std[c]!) as [number, number, number];
  return { mul, add };
}

type Taps = { i0: Int32Array; i1: Int32Array; w1: Float32Array };

/** Bilinear taps with half-pixel centres (cv2.INTER_LINEAR, what YOLOX and Ultralytics train with). */
function linearTaps(srcSize: number, dstSize: number): Taps {
  const i0 = new Int32Array(dstSize);
  const i1 = new Int32Array(dstSize);
  const w1 = new Float32Array(dstSize);
  const ratio = srcSize / dstSize;
  for (let d = 0; d < dstSize; d++) {
    const s = Math.min(srcSize - 1, Math.max(0, (d + 0.5) * ratio - 0.5));
    const lo = Math.floor(s);
    i0[d] = lo;
    i1[d] = Math.min(srcSize - 1, lo + 1);
    w1[d] = s - lo;
  }
  return { i0, i1, w1 };
}

/**
 * Writes one interleaved RGB24 frame into a planar CHW float tensor of the model's input size: bilinear
 * resize into the letterbox, pad value elsewhere, channel order and scaling from the manifest. The taps
 * for a frame size are cached, because a camera keeps its size.
 */
export class LetterboxWriter {
  private cache: { key: string; lb: Letterbox; xs: Taps; ys: Taps } | null = null;
  private readonly mul: [number, number, number];
  private readonly add: [number, number, number];
  /** Model channel k reads source (RGB) channel srcChannel[k]. */
  private readonly srcChannel: [number, number, number];

  private readonly spec: InputSpec;
  readonly inputWidthPx: number;
  readonly inputHeightPx: number;

  // Plain fields, no parameter properties: worker threads may load this file with Node's type stripping.
  constructor(spec: InputSpec, inputWidthPx: number, inputHeightPx: number) {
    this.spec = spec;
    this.inputWidthPx = inputWidthPx;
    this.inputHeightPx = inputHeightPx;
    ({ mul: this.mul, add: this.add } = channelAffine(spec));
    this.srcChannel = spec.channelOrder === 'BGR' ? [2, 1, 0] : [0, 1, 2];
  }

  letterboxFor(srcWidthPx: number, srcHeightPx: number): Letterbox {
    return this.geometry(srcWidthPx, srcHeightPx).lb;
  }

  write(rgb: Uint8Array, srcWidthPx: number, srcHeightPx: number, out: Float32Array): Letterbox {
    if (rgb.length < srcWidthPx * srcHeightPx * 3) throw new RangeError(`frame buffer has ${rgb.length} bytes, ${srcWidthPx}×${srcHeightPx} RGB needs ${srcWidthPx * srcHeightPx * 3}`);
    const W = this.inputWidthPx;
    const H = this.inputHeightPx;
    if (out.length !== 3 * W * H) throw new RangeError(`tensor has ${out.length} values, expected ${3 * W * H}`);
    const { lb, xs, ys } = this.geometry(srcWidthPx, srcHeightPx);
    const plane = W * H;
    const pad = this.spec.letterbox.padValue;
    for (let k = 0; k < 3; k++) out.fill(pad * this.mul[k]! + this.add[k]!, k * plane, (k + 1) * plane);
    const rowBytes = srcWidthPx * 3;
    const [c0, c1, c2] = this.srcChannel;
    const [m0, m1, m2] = this.mul;
    const [a0, a1, a2] = this.add;
    for (let y = 0; y < lb.resizedHeightPx; y++) {
      const r0 = ys.i0[y]! * rowBytes;
      const r1 = ys.i1[y]! * rowBytes;
      const wy = ys.w1[y]!;
      let o = (y + lb.padTopPx) * W + lb.padLeftPx;
      for (let x = 0; x < lb.resizedWidthPx; x++, o++) {
        const x0 = xs.i0[x]! * 3;
        const x1 = xs.i1[x]! * 3;
        const wx = xs.w1[x]!;
        const w00 = (1 - wx) * (1 - wy);
        const w01 = wx * (1 - wy);
        const w10 = (1 - wx) * wy;
        const w11 = wx * wy;
        const v0 = rgb[r0 + x0 + c0]! * w00 + rgb[r0 + x1 + c0]! * w01 + rgb[r1 + x0 + c0]! * w10 + rgb[r1 + x1 + c0]! * w11;
        const v1 = rgb[r0 + x0 + c1]! * w00 + rgb[r0 + x1 + c1]! * w01 + rgb[r1 + x0 + c1]! * w10 + rgb[r1 + x1 + c1]! * w11;
        const v2 = rgb[r0 + x0 + c2]! * w00 + rgb[r0 + x1 + c2]! * w01 + rgb[r1 + x0 + c2]! * w10 + rgb[r1 + x1 + c2]! * w11;
        out[o] = v0 * m0 + a0;
        out[plane + o] = v1 * m1 + a1;
        out[2 * plane + o] = v2 * m2 + a2;
      }
    }
    return lb;
  }

  private geometry(srcWidthPx: number, srcHeightPx: number) {
    const key = `${srcWidthPx}x${srcHeightPx}`;
    if (this.cache?.key !== key) {
      const lb = computeLetterbox(srcWidthPx, srcHeightPx, this.inputWidthPx, this.inputHeightPx, this.spec.letterbox.anchor);
      this.cache = { key, lb, xs: linearTaps(srcWidthPx, lb.resizedWidthPx), ys: linearTaps(srcHeightPx, lb.resizedHeightPx) };
    }
    return this.cache;
  }
}
