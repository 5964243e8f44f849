import type { PermitType } from '@contracts';

/**
 * A drawn symbol per special operation (GB 30871-2022's eight), in a 24×24 box: SVG path data, so the same
 * drawing serves the twin's tags (inline SVG) and the site map's icon atlas (canvas Path2D). Drawn, not
 * typed: an emoji or a dingbat depends on the wall PC's fonts (Noto Sans CJK has no flame or crane hook,
 * and a missing glyph prints as a box). `fill` parts are filled, `stroke` parts drawn 2 units wide.
 */
export type PermitSymbol = { fill?: string; stroke?: string };

export const PERMIT_SYMBOLS: Record<PermitType, PermitSymbol> = {
  /** 动火: a flame. */
  hotWork: { fill: 'M12 1.5c1.2 4.2 6.5 6.6 6.5 12.5a6.5 6.5 0 0 1-13 0c0-3.4 1.7-5.6 3.4-7.1 0 2.7 1 4.3 2.6 4.9-0.6-3.2-0.4-6.8 0.5-10.3Z' },
  /** 受限空间: a vessel with its manway open and the way in. */
  confinedSpace: { stroke: 'M4.5 7.5a7.5 3 0 1 0 15 0a7.5 3 0 1 0-15 0M4.5 7.5v10a7.5 3 0 0 0 15 0v-10M12 9.5v8M9 14.5l3 3 3-3' },
  /** 盲板抽堵: a spectacle blind, the solid plate and the open ring on one bar. */
  blinding: { fill: 'M7 7.5a4.5 4.5 0 1 0 0 9a4.5 4.5 0 1 0 0-9Z', stroke: 'M17.5 8.5a3.5 3.5 0 1 0 0 7a3.5 3.5 0 1 0 0-7ZM11 12h3' },
  /** 高处: a ladder and the arrow up. */
  workAtHeight: { stroke: 'M4 3v19M12 3v19M4 7.5h8M4 12.5h8M4 17.5h8M19 21V4M16 7l3-3 3 3' },
  /** 吊装: a crane hook under its block. */
  lifting: { stroke: 'M8 2.5h8M12 2.5v8M12 10.5c2.6 0 4.3 1.8 4.3 4.3a4.3 4.3 0 0 1-8.6 0v-1', fill: 'M9 2h6v4H9Z' },
  /** 临时用电: a lightning bolt. */
  temporaryPower: { fill: 'M13.5 1.5 4 14h7l-1.5 8.5L19 10h-7l1.5-8.5Z' },
  /** 动土: a spade in the ground. */
  excavation: { stroke: 'M19 2.5l-7 10M2 21.5h20', fill: 'M9.5 10.5l5 3.4-2.6 4.8a3.3 3.3 0 0 1-5.6-3.8Z' },
  /** 断路: a road barrier on its two legs. */
  roadClosure: { stroke: 'M2.5 7.5h19v6h-19ZM6 13.5v8M18 13.5v8', fill: 'M5 7.5h4l-4 6H2.5v-2.3ZM12 7.5h4l-4 6H8ZM19 7.5h2.5v2.5L19.2 13.5H15Z' },
};

/** The symbols drawn into one row of a canvas atlas, each `sizePx` square, in white for a deck.gl mask icon. */
export function permitSymbolAtlas(sizePx: number): { canvas: HTMLCanvasElement; mapping: Record<PermitType, { x: number; y: number; width: number; height: number; mask: true }> } {
  const types = Object.keys(PERMIT_SYMBOLS) as PermitType[];
  const canvas = document.createElement('canvas');
  canvas.width = sizePx * types.length;
  canvas.height = sizePx;
  const g = canvas.getContext('2d')!;
  g.fillStyle = g.strokeStyle = '#ffffff';
  g.lineWidth = 2;
  g.lineCap = g.lineJoin = 'round';
  const mapping = {} as Record<PermitType, { x: number; y: number; width: number; height: number; mask: true }>;
  types.forEach((type, i) => {
    const symbol = PERMIT_SYMBOLS[type];
    g.setTransform(sizePx / 24, 0, 0, sizePx / 24, i * sizePx, 0);
    if (symbol.fill) g.fill(new Path2D(symbol.fill));
    if (symbol.stroke) g.stroke(new Path2D(symbol.stroke));
    mapping[type] = { x: i * sizePx, y: 0, width: sizePx, height: sizePx, mask: true };
  });
  return { canvas, mapping };
}
