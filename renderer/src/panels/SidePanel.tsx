import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { roleMay, type Action, type ClientScene, type PermitState } from '@contracts';
import { useCoreState } from '../connection/CoreClientContext.js';
import { LeakPanel } from '../leak/LeakPanel.js';
import { leakStore, releasingLeaks } from '../leak/leakFeed.js';
import { useStore } from '../state/createStore.js';
import { SIDE_PANELS, uiStore, type SidePanelId } from '../state/uiStore.js';
import { InfoPanel } from './InfoPanel.js';
import { ReplayPanel } from '../replay/ReplayPanel.js';
import { EvacuationPanel } from '../evacuation/EvacuationPanel.js';
import { activeRunIds, evacuationStore } from '../evacuation/evacuationFeed.js';
import { PermitsPanel } from '../permits/PermitsPanel.js';
import { ContractorsPanel } from '../contractors/ContractorsPanel.js';
import { permitFeedStore } from '../permits/permitFeed.js';
import { HazardsPanel } from '../hazards/HazardsPanel.js';
import { hazardFeedStore } from '../hazards/hazardFeed.js';
import { WarningsPanel } from '../dispatch/WarningsPanel.js';
import { dispatchFeedStore } from '../dispatch/dispatchFeed.js';

const PERMIT_AT_WORK: ReadonlySet<PermitState> = new Set<PermitState>(['inWork', 'suspended', 'resumed']);

/**
 * The control room's right-hand panel: the selection's details, or a capability's panel (leak
 * studies, …) chosen by tabs. A tab shows a count when its capability has something active.
 */
export function SidePanel({ scene }: { scene: ClientScene | null }) {
  const { t } = useTranslation();
  const active = useStore(uiStore, (s) => s.sidePanel);
  const user = useCoreState((s) => s.user);
  // A tab only for the roles that may use it: replay, and the contractor register (contractor:read).
  const TAB_NEEDS: Partial<Record<SidePanelId, Action>> = { replay: 'replay:control', contractors: 'contractor:read' };
  const tabs = SIDE_PANELS.filter((id) => TAB_NEEDS[id] === undefined || (user !== null && roleMay(user.role, TAB_NEEDS[id])));
  const activeLeaks = useStore(leakStore, (s) => releasingLeaks(s.picture).length);
  const activeEvacuations = useStore(evacuationStore, (s) => activeRunIds(s.status).size);
  // Permits: the jobs whose work is on the ground now (in work, suspended, resumed).
  const permitsAtWork = useStore(permitFeedStore, (s) => [...s.permits.values()].filter((r) => PERMIT_AT_WORK.has(r.permit.state)).length);
  const openHazards = useStore(hazardFeedStore, (s) => s.tickets.length);
  // Warnings: those past a deadline now (escalated), the ones someone must act on.
  const escalatedWarnings = useStore(dispatchFeedStore, (s) => [...s.deadlines.values()].filter((d) => d.level > 0).length);
  const counts: Partial<Record<SidePanelId, number>> = { leak: activeLeaks, evacuation: activeEvacuations, permits: permitsAtWork, hazards: openHazards, warnings: escalatedWarnings };
  const body: Record<SidePanelId, ReactNode> = { details: <InfoPanel />, leak: scene ? <LeakPanel scene={scene} /> : null, replay: <ReplayPanel />, evacuation: scene ? <EvacuationPanel scene={scene} /> : null, permits: scene ? <PermitsPanel scene={scene} /> : null, contractors: <ContractorsPanel />, hazards: scene ? <HazardsPanel scene={scene} /> : null, warnings: <WarningsPanel scene={scene} /> };
  return (
    <div className="side-panel">
      <div className="side-tabs" role="tablist" aria-label={t('sidePanel.label')}>
        {tabs.map((id) => (
          <button key={id} type="button" role="tab" aria-selected={active === id} onClick={() => uiStore.set({ sidePanel: id })} data-testid={`side-tab-${id}`}>
            {t(`sidePanel.${id}`)}
            {(counts[id] ?? 0) > 0 && <span className="tab-count">{counts[id]}</span>}
          </button>
        ))}
      </div>
      {active === 'details' ? body.details : <aside className="panel info-panel" role="tabpanel">{body[active]}</aside>}
    </div>
  );
}
