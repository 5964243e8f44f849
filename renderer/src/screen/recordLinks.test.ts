import { describe, expect, it } from 'vitest';
import { evidenceFocusStore } from '../cameras/evidenceFocus.js';
import { warningsPanelStore } from '../dispatch/dispatchFeed.js';
import { hazardPanelStore } from '../hazards/hazardFeed.js';
import { permitPanelStore } from '../permits/permitPanelStore.js';
import { trendFocusStore } from '../panels/trendFocus.js';
import { select, uiStore } from '../state/uiStore.js';
import { openRecordFromQuery } from './recordLinks.js';

describe('record links from the manager view', () => {
  it('open the tab of the record named in the query, on that record', () => {
    openRecordFromQuery(new URLSearchParams('hazard=YH-2026-0007'));
    expect(uiStore.get().sidePanel).toBe('hazards');
    expect(hazardPanelStore.get().view).toEqual({ kind: 'detail', number: 'YH-2026-0007' });
    openRecordFromQuery(new URLSearchParams('permit=DH-20261201-0800'));
    expect(uiStore.get().sidePanel).toBe('permits');
    expect(permitPanelStore.get().view).toEqual({ kind: 'detail', number: 'DH-20261201-0800' });
    openRecordFromQuery(new URLSearchParams('warning=T101.high%401700000000000'));
    expect(uiStore.get().sidePanel).toBe('warnings');
    expect(warningsPanelStore.get().view).toEqual({ kind: 'detail', warningId: 'T101.high@1700000000000' });
  });

  it("open an alarm's source: a sensor's details with its trend on the alarm's moment, a permit's record", () => {
    uiStore.set({ sidePanel: 'warnings' });
    openRecordFromQuery(new URLSearchParams('alarm=GD-T101-C1%3AhighHigh&at=1700000000000&source=sensor'));
    expect(uiStore.get()).toMatchObject({ selection: { kind: 'sensor', id: 'GD-T101-C1' }, sidePanel: 'details' });
    expect(trendFocusStore.get().focus).toEqual({ sensorId: 'GD-T101-C1', atMs: 1_700_000_000_000 });
    select({ kind: 'sensor', id: 'GD-T101-C1' });
    expect(trendFocusStore.get().focus).not.toBeNull();
    openRecordFromQuery(new URLSearchParams('alarm=tankFarm%3AareaVoting&at=1700000000000&source=area'));
    expect(uiStore.get().selection).toEqual({ kind: 'area', id: 'tankFarm' });
    expect(trendFocusStore.get().focus).toBeNull();
    openRecordFromQuery(new URLSearchParams('alarm=DH-20261201-0800%3ApermitGasStale&at=1700000000000&source=permit'));
    expect(permitPanelStore.get().view).toEqual({ kind: 'detail', number: 'DH-20261201-0800' });
  });

  it("open a camera event's camera, whose details show that event's snapshot", () => {
    openRecordFromQuery(new URLSearchParams('cameraEvent=42&camera=CAM-01'));
    expect(uiStore.get()).toMatchObject({ selection: { kind: 'camera', id: 'CAM-01' }, sidePanel: 'details' });
    expect(evidenceFocusStore.get().focus).toEqual({ cameraId: 'CAM-01', eventId: '42' });
    // Another camera chosen: the linked event goes, and CAM-01 chosen again later shows its live details only.
    select({ kind: 'camera', id: 'CAM-02' });
    expect(evidenceFocusStore.get().focus).toBeNull();
  });

  it('leave the screen as it is without one', () => {
    uiStore.set({ sidePanel: 'details' });
    openRecordFromQuery(new URLSearchParams('view=controlRoom'));
    expect(uiStore.get().sidePanel).toBe('details');
  });
});
