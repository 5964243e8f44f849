import { describe, expect, it } from 'vitest';
import { warningsPanelStore } from '../dispatch/dispatchFeed.js';
import { hazardPanelStore } from '../hazards/hazardFeed.js';
import { permitPanelStore } from '../permits/permitPanelStore.js';
import { uiStore } from '../state/uiStore.js';
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

  it('leave the screen as it is without one', () => {
    uiStore.set({ sidePanel: 'details' });
    openRecordFromQuery(new URLSearchParams('view=controlRoom'));
    expect(uiStore.get().sidePanel).toBe('details');
  });
});
