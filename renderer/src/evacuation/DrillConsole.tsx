import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DRILL_SPEEDS, type DrillCommand, type DrillScenarioSummary, type DrillStatus } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { ConfirmAction } from './ConfirmAction.js';
import { formatDuration } from './durations.js';

type CommandBody = DrillCommand extends infer C ? (C extends { runId: string } ? Omit<C, 'runId'> : never) : never;

/**
 * The trainer console (issue 6): start a named scenario; during the drill its clock with play,
 * pause and speed, the team's actions (acknowledge the drill alarms, order the evacuation, confirm
 * the head count), the drill's own alarm list and the score against the scenario's targets.
 */
export function DrillConsole({ drill, mayControl }: { drill: DrillStatus | null; mayControl: boolean }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const [scenarios, setScenarios] = useState<DrillScenarioSummary[]>([]);
  const [chosen, setChosen] = useState('');
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void client.request('evac:scenarios').then((result) => {
      if (!result.ok) return;
      setScenarios(result.value);
      setChosen((current) => current || result.value[0]?.id || '');
    });
  }, [client]);
  const running = drill && drill.phase !== 'ended' ? drill : null;
  const send = (body: CommandBody) => {
    if (!running) return;
    void client.request('evac:drillCommand', { ...body, runId: running.runId } as DrillCommand).then((r) => setError(r.ok ? null : r.message));
  };
  const onDrill = useCoreState((s) => s.player.mode === 'drill');
  // The screen that starts a drill shows it: its alarm list becomes the drill's (the team trains on the real lifecycle).
  const start = async () => {
    const started = await client.request('evac:drillStart', { scenarioId: chosen });
    setError(started.ok ? null : started.message);
    if (started.ok) setError(await client.joinDrill());
  };
  const join = async () => setError(await client.joinDrill());

  return (
    <section className="drill-console" data-testid="drill-console">
      <h4>{t('evacuation.drill.title')}</h4>
      {!running && mayControl && (
        <div className="drill-start">
          <label>
            {t('evacuation.drill.scenario')}{' '}
            <select value={chosen} onChange={(e) => setChosen(e.target.value)} data-testid="drill-scenario">
              {scenarios.map((s) => (
                <option key={s.id} value={s.id}>
                  {localized(s.name, i18n.language)} · {t('evacuation.drill.people', { count: s.people })}
                </option>
              ))}
            </select>
          </label>
          <button type="button" onClick={() => void start()} disabled={!chosen} data-testid="drill-start">
            {t('evacuation.drill.start')}
          </button>
        </div>
      )}
      {scenarios.length === 0 && !running && <p className="empty">{t('evacuation.drill.noScenarios')}</p>}
      {running && (
        <>
          <p className="drill-clock" data-testid="drill-clock">
            {localized(running.name, i18n.language)} · {t('evacuation.banner.drillElapsed', { duration: formatDuration(t, running.tS) })} · {t(`evacuation.drill.phases.${running.phase}`)}
          </p>
          {onDrill ? (
            <button type="button" onClick={() => void client.backToLive()} data-testid="drill-leave">
              {t('evacuation.drill.leave')}
            </button>
          ) : (
            <button type="button" onClick={() => void join()} title={t('evacuation.drill.joinHint')} data-testid="drill-join">
              {t('evacuation.drill.join')}
            </button>
          )}
          {mayControl && (
            <div className="drill-controls" role="group" aria-label={t('evacuation.drill.playback')}>
              <button type="button" onClick={() => send({ action: 'playback', playing: !running.playing })} data-testid="drill-play">
                {running.playing ? t('evacuation.drill.pause') : t('evacuation.drill.play')}
              </button>
              <select
                value={running.speed}
                aria-label={t('evacuation.drill.speed')}
                onChange={(e) => send({ action: 'playback', speed: Number(e.target.value) as DrillStatus['speed'] })}
                data-testid="drill-speed"
              >
                {DRILL_SPEEDS.map((s) => (
                  <option key={s} value={s}>
                    {s}×
                  </option>
                ))}
              </select>
              <button type="button" onClick={() => send({ action: 'acknowledge' })} disabled={running.alarms.every((a) => a.acknowledgedAtS !== null)} data-testid="drill-acknowledge">
                {t('evacuation.drill.acknowledge')}
              </button>
              <ConfirmAction
                label={t('evacuation.drill.order')}
                question={t('evacuation.drill.orderConfirm')}
                confirmLabel={t('evacuation.drill.orderYes')}
                onConfirm={() => send({ action: 'orderEvacuation' })}
                disabled={running.phase !== 'alarm'}
                testId="drill-order"
              />
              <button type="button" onClick={() => send({ action: 'confirmHeadcount' })} disabled={running.phase !== 'evacuating'} data-testid="drill-confirm">
                {t('evacuation.drill.confirm')}
              </button>
              <ConfirmAction label={t('evacuation.drill.end')} question={t('evacuation.drill.endConfirm')} confirmLabel={t('evacuation.drill.endYes')} onConfirm={() => send({ action: 'end' })} testId="drill-end" />
            </div>
          )}
          <DrillAlarmList drill={running} />
        </>
      )}
      {drill && <DrillScoreTable drill={drill} />}
      {error && <p className="leak-warning">{error}</p>}
    </section>
  );
}

function DrillAlarmList({ drill }: { drill: DrillStatus }) {
  const { t, i18n } = useTranslation();
  if (drill.alarms.length === 0) return null;
  return (
    <ul className="drill-alarms" data-testid="drill-alarms">
      {drill.alarms.map((a) => (
        <li key={a.alarmId} className={a.acknowledgedAtS === null ? 'abnormal' : undefined}>
          <span className="drill-tag">{t('evacuation.banner.drill')}</span> {localized(a.sourceName, i18n.language)} · {t(`alarms.condition.${a.condition}`)} ·{' '}
          {t('evacuation.drill.raisedAt', { duration: formatDuration(t, a.raisedAtS) })}
          {a.acknowledgedAtS !== null && ` · ${t('evacuation.drill.acknowledgedAt', { duration: formatDuration(t, a.acknowledgedAtS) })}`}
        </li>
      ))}
    </ul>
  );
}

function DrillScoreTable({ drill }: { drill: DrillStatus }) {
  const { t } = useTranslation();
  return (
    <table className="drill-score" data-testid="drill-score">
      <caption>{t('evacuation.score.title', { met: drill.score.met, of: drill.score.of })}</caption>
      <thead>
        <tr>
          <th>{t('evacuation.score.measure')}</th>
          <th>{t('evacuation.score.target')}</th>
          <th>{t('evacuation.score.actual')}</th>
        </tr>
      </thead>
      <tbody>
        {drill.score.items.map((i) => (
          <tr key={i.measure} className={i.met === false ? 'abnormal' : undefined}>
            <td>{t(`evacuation.score.measures.${i.measure}`)}</td>
            <td>{formatDuration(t, i.targetS)}</td>
            <td>
              {i.actualS === null ? '—' : formatDuration(t, i.actualS)} {i.met === null ? '' : i.met ? t('evacuation.score.met') : t('evacuation.score.missed')}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
