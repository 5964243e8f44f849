import { useTranslation } from 'react-i18next';
import { API_PATHS, evacuationBoardView, roleMay, type ClientScene } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { saveFile } from '../connection/saveFile.js';
import { localized } from '../i18n/i18n.js';
import { useStore } from '../state/createStore.js';
import { ConfirmAction } from './ConfirmAction.js';
import { DrillConsole } from './DrillConsole.js';
import { evacuationStore } from './evacuationFeed.js';
import { MusterBoard } from './MusterBoard.js';
import { ReplayedEvacuation } from './ReplayedEvacuation.js';
import { actorName } from '../i18n/coreWords.js';

/**
 * The evacuation tab: the trainer console for drills, the live evacuation order, the muster board
 * of the run on the twin, and the after-action reports (printable HTML — print to PDF — and JSON).
 * While this screen replays, the boards recorded at the replayed instant instead, read-only.
 */
export function EvacuationPanel({ scene }: { scene: ClientScene }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const user = useCoreState((s) => s.user);
  const replaying = useCoreState((s) => s.player.mode === 'replay');
  const replayedBoards = useCoreState((s) => s.replayEvacuationBoards);
  const status = useStore(evacuationStore, (s) => s.status);
  const boards = useStore(evacuationStore, (s) => s.boards);
  const mayDrill = user !== null && roleMay(user.role, 'drill:control');
  const mayRun = user !== null && roleMay(user.role, 'simulation:run');
  const mayViewNames = user !== null && roleMay(user.role, 'personnel:viewNames');
  const names = new Map(scene.personnel.map((p) => [p.badgeId, p.displayName]));
  const nameOf = (id: string) => (mayViewNames ? (names.get(id) ?? id) : id);
  const live = status?.live && !status.live.ended ? status.live : null;
  const drill = status?.drill ?? null;
  const drillBoard = drill && drill.phase !== 'ended' ? boards.get(drill.runId) : undefined;
  const liveBoard = live ? boards.get(live.runId) : undefined;
  const lang = i18n.language === 'zh-CN' ? 'zh-CN' : 'en';
  if (replaying) return <ReplayedEvacuation scene={scene} boards={replayedBoards} nameOf={nameOf} />;
  const save = async (apiPath: string, fileName: string, type: string) => {
    const text = await client.getText(apiPath);
    if (text !== null) saveFile(fileName, text, type);
  };

  return (
    <section className="evacuation-panel" data-testid="evacuation-panel">
      <div className="live-evacuation">
        {live ? (
          <p className="abnormal" data-testid="live-evacuation">
            {t('evacuation.live.ordered', { by: actorName(live.orderedBy, t), accounted: live.accounted ?? '—', total: live.total ?? '—' })}{' '}
            {mayRun && (
              <ConfirmAction
                label={t('evacuation.live.stop')}
                question={t('evacuation.live.stopConfirm', { missing: live.total !== null && live.accounted !== null ? live.total - live.accounted : '—' })}
                confirmLabel={t('evacuation.live.stopYes')}
                onConfirm={() => void client.request('evac:liveStop', { runId: live.runId })}
                testId="live-stop"
              />
            )}
          </p>
        ) : (
          mayRun && (
            <ConfirmAction
              label={t('evacuation.live.order')}
              question={t('evacuation.live.orderConfirm')}
              confirmLabel={t('evacuation.live.orderYes')}
              onConfirm={() => void client.request('evac:liveStart')}
              testId="live-start"
            />
          )
        )}
      </div>
      <DrillConsole drill={drill} mayControl={mayDrill} />
      {drillBoard && <MusterBoard scene={scene} board={evacuationBoardView(drillBoard)} live={false} nameOf={nameOf} />}
      {liveBoard && <MusterBoard scene={scene} board={evacuationBoardView(liveBoard)} live nameOf={nameOf} />}
      {status && status.reports.length > 0 && (
        <section className="evacuation-reports" data-testid="evacuation-reports">
          <h4>{t('evacuation.reports.title')}</h4>
          <ul>
            {status.reports.map((r) => {
              const base = `${API_PATHS.evacuationRuns}/${encodeURIComponent(r.runId)}`;
              return (
                <li key={r.runId}>
                  {r.mode === 'drill' ? `${t('evacuation.banner.drill')} · ${localized(r.name, i18n.language) || (r.label ?? '')}` : t('evacuation.banner.live')}
                  {r.endedAtMs === null ? ` (${t('evacuation.reports.running')})` : ` · ${new Date(r.endedAtMs).toLocaleTimeString(i18n.language, { hour12: false })}`}{' '}
                  <button type="button" className="link" onClick={() => void save(`${base}/report.html?lang=${lang}`, `${r.runId}-report-${lang}.html`, 'text/html')} data-testid={`report-html-${r.runId}`}>
                    {t('evacuation.reports.print')}
                  </button>{' '}
                  <button type="button" className="link" onClick={() => void save(`${base}/report.json`, `${r.runId}-report.json`, 'application/json')} data-testid={`report-json-${r.runId}`}>
                    {t('evacuation.reports.json')}
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </section>
  );
}
