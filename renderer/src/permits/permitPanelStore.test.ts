import { describe, expect, it } from 'vitest';
import { uiStore } from '../state/uiStore.js';
import { permitPanelStore, takePermitPoint } from './permitPanelStore.js';

describe("a draft's point from a click on the site map", () => {
  it('leaves the click to the map when no draft asks for a point', () => {
    permitPanelStore.set({ pickingPoint: false, draftFields: { x: '1.0', y: '2.0' } });
    expect(takePermitPoint(() => [10, 20])).toBe(false);
    expect(permitPanelStore.get().draftFields).toEqual({ x: '1.0', y: '2.0' });
  });

  it('puts the point into the draft once, keeps the other fields, and shows the permits tab again', () => {
    uiStore.set({ sidePanel: 'details' });
    permitPanelStore.set({ pickingPoint: true, draftFields: { number: 'DH-1', x: '', y: '' } });
    expect(takePermitPoint(() => [123.456, -7.04])).toBe(true);
    expect(permitPanelStore.get()).toMatchObject({ pickingPoint: false, draftFields: { number: 'DH-1', x: '123.5', y: '-7.0' } });
    expect(uiStore.get().sidePanel).toBe('permits');
    // The next click is the map's again.
    expect(takePermitPoint(() => [0, 0])).toBe(false);
  });

  it('ignores a click the map cannot place (no viewport yet)', () => {
    permitPanelStore.set({ pickingPoint: true, draftFields: null });
    expect(takePermitPoint(() => undefined)).toBe(false);
    expect(permitPanelStore.get().pickingPoint).toBe(true);
  });
});
