import type { PermitAction, PermitState } from './permits.js';
import type { Action } from './roles.js';

/**
 * Which states each lifecycle step leaves from, where it goes, and the role action it needs (contracts/roles):
 * the lifecycle (main/permits applyPermitStep) checks a step against it, and the screens offer a user only
 * the steps their role may take, enabled in the states they leave (docs/permits.md §3).
 */
export const PERMIT_TRANSITIONS: Readonly<Record<PermitAction, { from: readonly PermitState[]; to: PermitState | 'same'; needs: Action }>> = {
  submit: { from: ['draft'], to: 'submitted', needs: 'permit:apply' },
  // A countersignature adds to a submitted permit; it does not move it.
  countersign: { from: ['submitted'], to: 'same', needs: 'permit:approve' },
  // Returned for changes: the applicant edits the draft and submits again (countersignatures start over).
  reject: { from: ['submitted'], to: 'draft', needs: 'permit:approve' },
  approve: { from: ['submitted'], to: 'approved', needs: 'permit:approve' },
  start: { from: ['approved'], to: 'inWork', needs: 'permit:operate' },
  suspend: { from: ['inWork', 'resumed'], to: 'suspended', needs: 'permit:operate' },
  resume: { from: ['suspended'], to: 'resumed', needs: 'permit:operate' },
  // An approved job that never started is closed too (cancelled), with the trail kept.
  close: { from: ['approved', 'inWork', 'suspended', 'resumed'], to: 'closed', needs: 'permit:operate' },
  review: { from: ['closed'], to: 'reviewed', needs: 'permit:review' },
};
