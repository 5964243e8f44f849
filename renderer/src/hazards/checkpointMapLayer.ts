import { ScatterplotLayer } from '@deck.gl/layers';
import { THEME } from '../theme.js';
import { latestSlotMissed, type InspectionPlanView } from './inspectionText.js';

type Rgb = [number, number, number];
const rgb = (hex: string): Rgb => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

/** A checkpoint's dot on the map, px: smaller than a hidden danger's pin (9 px), so it never reads as one. */
const CHECKPOINT_RADIUS_PX = 4;

type CheckpointDot = { point: [number, number]; missed: boolean };

/**
 * The inspection plans' checkpoints (巡检点, issue 18 item 4) on the site map, as on the twin (CheckpointMarkers3D):
 * small grey rings, a plan whose latest slot was missed in the missed round's alarm colour; drawn under the hidden
 * dangers and the people. The caller draws it only while the inspection section is open or the labels are on.
 */
export function checkpointMapLayer(plans: readonly InspectionPlanView[]): ScatterplotLayer<CheckpointDot> {
  const dots = plans.flatMap((view) => {
    const missed = latestSlotMissed(view.slots);
    return view.plan.checkpoints.map((c): CheckpointDot => ({ point: c.point, missed }));
  });
  return new ScatterplotLayer<CheckpointDot>({
    id: 'checkpoints',
    data: dots,
    getPosition: (d) => d.point,
    radiusUnits: 'pixels',
    getRadius: CHECKPOINT_RADIUS_PX,
    filled: true,
    stroked: true,
    getFillColor: [...rgb(THEME.background), 200],
    getLineColor: (d) => rgb(d.missed ? THEME.alarm.medium : THEME.sensor),
    lineWidthUnits: 'pixels',
    getLineWidth: 2,
    updateTriggers: { getLineColor: dots.map((d) => d.missed).join() },
  });
}
