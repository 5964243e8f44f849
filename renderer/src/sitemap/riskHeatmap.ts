import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { PolygonLayer } from '@deck.gl/layers';
import type { Layer } from '@deck.gl/core';
import type { HotspotCell, HotspotGrid } from '@contracts';
import { deltaColour } from './hotspotModel.js';

/** Sequential ramp for risk (light → dark orange-red), deliberately unlike the four alarm colours. */
export const RISK_RAMP: [number, number, number][] = [
  [255, 247, 236],
  [254, 232, 200],
  [253, 212, 158],
  [253, 187, 132],
  [227, 74, 51],
  [179, 0, 0],
];

type Weighted = { x: number; y: number; weight: number };

/**
 * The site map's heatmap (docs/risk-heatmap.md): weighted points in plant metres summed under a kernel, on the risk
 * ramp. The live picture and a period's hot spots draw through it, so both read alike.
 */
export function riskHeatmapLayer(id: string, points: readonly Weighted[], radiusPixels: number, colorDomain: [number, number], trigger: unknown): HeatmapLayer<Weighted> {
  return new HeatmapLayer<Weighted>({
    id,
    data: points as Weighted[],
    getPosition: (p) => [p.x, p.y],
    getWeight: (p) => p.weight,
    radiusPixels,
    colorRange: RISK_RAMP,
    aggregation: 'SUM',
    // A fixed domain keeps colours comparable and stops the layer re-measuring its range every frame, which kept
    // software-GL wall PCs redrawing constantly.
    colorDomain,
    weightsTextureSize: 512,
    updateTriggers: { getWeight: trigger },
  });
}

/** What the map shows of a period: its grid, and for the seasonal view the month picked. */
export type HotspotView = { grid: HotspotGrid; month: number | null };

/** A period's cells under the kernel: the lightest colour at 5 % of the largest cell. */
const PERIOD_RADIUS_PX = 30;
const FLOOR_SHARE = 0.05;

/**
 * A period's hot spots as map layers: the sums (or a month of the year) through the risk heatmap; a comparison as the
 * grid's squares on a diverging scale, none where nothing changed (ISA-101).
 */
export function hotspotLayers(view: HotspotView): Layer[] {
  const { grid } = view;
  if (grid.compare) {
    const half = grid.cellM / 2;
    const max = grid.compare.maxAbsDelta;
    const changed = grid.cells.filter((c) => deltaColour(c.delta ?? 0, max) !== null);
    return [
      new PolygonLayer<HotspotCell>({
        id: 'hotspot-change',
        data: changed,
        getPolygon: (c) => [
          [c.x - half, c.y - half],
          [c.x + half, c.y - half],
          [c.x + half, c.y + half],
          [c.x - half, c.y + half],
        ],
        getFillColor: (c) => deltaColour(c.delta ?? 0, max)!,
        stroked: false,
        updateTriggers: { getFillColor: `${grid.fromDay}:${grid.compare.fromDay}:${grid.layer}` },
      }),
    ];
  }
  const month = view.month === null ? null : grid.months?.[view.month - 1];
  const cells = month ? month.cells : grid.cells;
  const max = month ? month.max : grid.max;
  if (cells.length === 0 || !(max > 0)) return [];
  return [riskHeatmapLayer('hotspot-period', cells.map((c) => ({ x: c.x, y: c.y, weight: c.value })), PERIOD_RADIUS_PX, [max * FLOOR_SHARE, max], `${grid.layer}:${grid.fromDay}:${grid.toDay}:${view.month}`)];
}
