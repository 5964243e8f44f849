import { useMemo } from 'react';
import * as THREE from 'three';
import { useTranslation } from 'react-i18next';
import { useStore } from '../state/createStore.js';
import { uiStore } from '../state/uiStore.js';
import { toWorld, type PlantFrame } from '../twin/plantToWorld.js';
import type { ScreenTag } from '../twin/ScreenTags.js';
import { hazardPanelStore } from './hazardFeed.js';
import { inspectionFeedStore } from './inspectionFeed.js';
import { latestSlotMissed } from './inspectionText.js';
import './hazards.css';

/** A checkpoint's marker stands at about eye height over its point: under the hidden-danger pins (3 m). */
const MARKER_HEIGHT_M = 1.5;

/**
 * The inspection plans' checkpoints (巡检点, issue 18 item 4) as small markers on the 3D view: a screen-tag layer
 * of the lowest priority (the de-clutter pass gives way to every other tag), shown only while the tab's inspection
 * section is open or the labels are on, so they do not clutter the incident picture. Grey; a plan whose latest
 * slot was missed marks its checkpoints in the missed round's alarm colour (inspectionText slotColour).
 */
export function useCheckpointMarkers(frame: PlantFrame): { tags: ScreenTag[]; anchors: THREE.Vector3[] } {
  const { t } = useTranslation();
  const plans = useStore(inspectionFeedStore, (s) => s.plans);
  const labelsVisible = useStore(uiStore, (s) => s.labelsVisible);
  const tabOpen = useStore(uiStore, (s) => s.sidePanel === 'hazards');
  const sectionView = useStore(hazardPanelStore, (s) => s.view.kind === 'inspections');
  const shown = labelsVisible || (tabOpen && sectionView);
  const points = useMemo(
    () => (shown ? plans.flatMap((view) => view.plan.checkpoints.map((checkpoint) => ({ plan: view.plan, checkpoint, missed: latestSlotMissed(view.slots) }))) : []),
    [plans, shown],
  );
  const anchors = useMemo(() => points.map(({ checkpoint }) => new THREE.Vector3(...toWorld(frame, checkpoint.point[0], checkpoint.point[1], MARKER_HEIGHT_M))), [points, frame]);
  const tags = useMemo(
    () =>
      points.map(({ plan, checkpoint, missed }, anchor): ScreenTag => {
        const label = t('hazards.inspections.checkpointTag', { checkpoint: checkpoint.name, plan: plan.name });
        return {
          key: `${plan.id}/${checkpoint.id}`,
          anchor,
          className: `checkpoint-marker${missed ? ' colour-medium' : ''}`,
          content: (
            // The mark itself is drawn by the stylesheet (a glyph, not a word): the name is the tag's label.
            <span title={label} aria-label={label} role="img" data-testid={`checkpoint-${plan.id}-${checkpoint.id}`} data-missed={String(missed)} />
          ),
        };
      }),
    [points, t],
  );
  return { tags, anchors };
}
