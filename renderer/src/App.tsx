import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useCoreState } from './connection/CoreClientContext.js';
import { AlarmBanner } from './panels/AlarmBanner.js';
import { AlarmList } from './panels/AlarmList.js';
import { KpiTiles } from './panels/KpiTiles.js';
import { ManagerView } from './manager/ManagerView.js';
import { CameraWall } from './panels/CameraTile.js';
import { SiteMapView } from './sitemap/SiteMapView.js';
import { useScreen } from './screen/useScreenSpec.js';
import { openRecordFromQuery } from './screen/recordLinks.js';
import { EquipmentBrowser } from './panels/EquipmentBrowser.js';
import { SidePanel } from './panels/SidePanel.js';
import { connectLeakFeed } from './leak/leakFeed.js';
import { connectEvacuationFeed } from './evacuation/evacuationFeed.js';
import { connectVisionFeed } from './cameras/visionFeed.js';
import { connectPermitFeed } from './permits/permitFeed.js';
import { connectHazardFeed } from './hazards/hazardFeed.js';
import { connectInspectionFeed } from './hazards/inspectionFeed.js';
import { connectRiskAreas } from './hazards/riskAreas.js';
import { connectDispatchFeed } from './dispatch/dispatchFeed.js';
import { PlumeLegend } from './leak/PlumeLegend.js';
import { ReplayTimeline } from './replay/ReplayTimeline.js';
import { useCoreClient } from './connection/CoreClientContext.js';
import { SignIn } from './panels/SignIn.js';
import { StatusBar } from './panels/StatusBar.js';
import { TopBar } from './panels/TopBar.js';
import { select, uiStore } from './state/uiStore.js';
import { useStore } from './state/createStore.js';
import { TwinView } from './twin/TwinView.js';
import { LiveAlarmStrip, ModeMarks } from './modeMarks/ModeMarks.js';
import { PeopleBar } from './people/PeopleBar.js';
import { PermitSuspensionStrip } from './permits/PermitSuspensionStrip.js';
import { openPermits } from './permits/permitPanelStore.js';

/** Keys that work anywhere outside text fields; the 3D view adds its own camera keys. */
function useGlobalShortcuts(): void {
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'TEXTAREA' || target.tagName === 'SELECT')) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'escape') select(null);
      else if (key === 'l') uiStore.set((s) => ({ labelsVisible: !s.labelsVisible }));
      else if (key === 'f' && uiStore.get().selection) select(uiStore.get().selection, true);
      else if (key === 'p') openPermits();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

/** 3D twin or site map in the centre panel. */
function CentreViewToggle() {
  const { t } = useTranslation();
  const centreView = useStore(uiStore, (s) => s.centreView);
  return (
    <div className="view-toggle" role="group">
      <button type="button" aria-pressed={centreView === 'twin'} onClick={() => uiStore.set({ centreView: 'twin' })}>
        {t('map.twin3d')}
      </button>
      <button type="button" aria-pressed={centreView === 'map'} onClick={() => uiStore.set({ centreView: 'map' })} data-testid="show-site-map">
        {t('map.siteMap')}
      </button>
    </div>
  );
}

function ViewToolbar() {
  const { t } = useTranslation();
  const labelsVisible = useStore(uiStore, (s) => s.labelsVisible);
  return (
    <div className="view-toolbar">
      <button type="button" aria-pressed={labelsVisible} onClick={() => uiStore.set((s) => ({ labelsVisible: !s.labelsVisible }))}>
        {t('view.labels')}
      </button>
      <button type="button" onClick={() => uiStore.set((s) => ({ homeRequest: s.homeRequest + 1 }))}>
        {t('view.home')}
      </button>
    </div>
  );
}

export function App() {
  const { t } = useTranslation();
  const connection = useCoreState((s) => s.connection);
  const scene = useCoreState((s) => s.scene);
  const { spec, view, problem } = useScreen();
  const centreView = useStore(uiStore, (s) => s.centreView);
  const client = useCoreClient();
  useEffect(() => connectLeakFeed(client), [client]);
  useEffect(() => connectEvacuationFeed(client), [client]);
  useEffect(() => connectVisionFeed(client), [client]);
  useEffect(() => connectPermitFeed(client), [client]);
  useEffect(() => connectHazardFeed(client), [client]);
  useEffect(() => connectInspectionFeed(client), [client]);
  useEffect(() => connectRiskAreas(client), [client]);
  useEffect(() => connectDispatchFeed(client), [client]);
  useEffect(() => openRecordFromQuery(new URLSearchParams(window.location.search)), []);
  useGlobalShortcuts();
  if (connection === 'signInRequired') return <SignIn />;
  const twin = (
    <main className="twin-view" data-testid="twin-view">
      {scene ? (
        <>
          {/* The stage holds the scene and what floats over it; the legend rail sits beside it, never over the cloud (issue 12.4). */}
          <div className="twin-stage">
            <TwinView scene={scene} />
            <ReplayTimeline />
            <ViewToolbar />
            {view === 'controlRoom' && <CentreViewToggle />}
          </div>
          <PlumeLegend />
        </>
      ) : (
        <p className="loading" role="status">
          {t(connection === 'connected' ? 'connection.loadingScene' : `connection.${connection}`)}
        </p>
      )}
    </main>
  );
  return (
    <div className={`control-room view-${view}${spec.highContrast ? ' high-contrast' : ''}`} data-view={view}>
      <TopBar />
      {/* The people strip sits with the banner, outside the scrolling alarm list: no flood buries it (issue 12). */}
      <div className="alarm-header">
        <AlarmBanner warningsOpenable={view === 'controlRoom'} />
        <LiveAlarmStrip />
        <PermitSuspensionStrip />
        <PeopleBar withSearch={view === 'controlRoom' || view === 'overview'} />
      </div>
      {problem && (
        <p className="form-error" role="alert">
          {t('screen.unknownLayout', { name: problem })}
        </p>
      )}
      {view === 'controlRoom' && (
        <>
          {scene ? <EquipmentBrowser scene={scene} /> : <div className="panel browser-panel" />}
          {centreView === 'map' && scene ? (
            <div className="twin-view">
              <SiteMapView scene={scene} />
              <CentreViewToggle />
            </div>
          ) : (
            twin
          )}
          <SidePanel scene={scene} />
          <AlarmList warningsOpenable />
        </>
      )}
      {view === 'overview' && twin}
      {view === 'siteMap' && scene && <SiteMapView scene={scene} />}
      {view === 'cameras' && scene && <CameraWall cameras={scene.cameras} />}
      {view === 'alarms' && <AlarmList />}
      {view === 'kpis' && <KpiTiles />}
      {view === 'manager' && <ManagerView scene={scene} />}
      <StatusBar />
      <ModeMarks />
    </div>
  );
}
