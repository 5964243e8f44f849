import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { roleMay, type ClientScene } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { useStore } from '../state/createStore.js';
import { DisposeList } from './DisposeList.js';
import { dispatchFeedStore, openWarnings, warningsPanelStore } from './dispatchFeed.js';
import { RosterEditor } from './RosterEditor.js';
import { WarningDetail } from './WarningDetail.js';
import './dispatch.css';

/**
 * The control room's warnings tab (issue 19 items 2, 5 and 1's roster): the cleared warnings awaiting a disposition,
 * one warning's owner, deadlines, escalations, deliveries and notes (opened from an alarm's countdown), and for the
 * roster's keepers (dispatch:manage) the duty roster (值班表) with the channels' health.
 */
export function WarningsPanel({ scene }: { scene: ClientScene | null }) {
  const { t } = useTranslation();
  const view = useStore(warningsPanelStore, (s) => s.view);
  const focusRequest = useStore(warningsPanelStore, (s) => s.focusRequest);
  const user = useCoreState((s) => s.user);
  const mayManage = user !== null && roleMay(user.role, 'dispatch:manage');
  const root = useRef<HTMLDivElement>(null);
  // Opened by a countdown or the alarm list's button: the keyboard goes on from here.
  useEffect(() => {
    if (focusRequest > 0) root.current?.focus();
  }, [focusRequest]);
  const section = view.kind === 'roster' && mayManage ? 'roster' : view.kind === 'detail' ? 'detail' : 'dispose';
  return (
    <div className="warnings-root" ref={root} tabIndex={-1} data-testid="warnings-panel">
      {/* Sections to switch between only for the roster's keepers: for everyone else the tab is the to-dispose list. */}
      {section !== 'detail' && mayManage && (
        <span className="warnings-sections" role="group" aria-label={t('sidePanel.warnings')}>
          <button type="button" aria-pressed={section === 'dispose'} onClick={() => openWarnings({ kind: 'dispose' })} data-testid="warnings-section-dispose">
            {t('dispatch.dispose.title')}
          </button>
          <button type="button" aria-pressed={section === 'roster'} onClick={() => openWarnings({ kind: 'roster' })} data-testid="warnings-section-roster">
            {t('dispatch.roster.title')}
          </button>
        </span>
      )}
      {view.kind === 'detail' ? <WarningDetail key={view.warningId} warningId={view.warningId} scene={scene} /> : section === 'roster' ? <RosterEditor /> : <DisposeList scene={scene} />}
    </div>
  );
}

/** The alarm panel's way to the to-dispose list, with how many cleared warnings wait for a disposition. */
export function ToDisposeButton() {
  const { t } = useTranslation();
  const waiting = useStore(dispatchFeedStore, (s) => s.warnings.filter((w) => w.state === 'cleared').length);
  // Offered once the core answers with warnings at all: a core without the desk shows no dead button.
  const ready = useStore(dispatchFeedStore, (s) => s.status === 'ready');
  if (!ready) return null;
  return (
    <button type="button" className="inline-action" onClick={() => openWarnings({ kind: 'dispose' })} data-testid="open-to-dispose" data-count={waiting}>
      {t('dispatch.dispose.open')}
      {waiting > 0 && <span className="tab-count">{waiting}</span>}
    </button>
  );
}
