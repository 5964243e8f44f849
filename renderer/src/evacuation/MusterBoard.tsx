import { useTranslation } from 'react-i18next';
import { missingUrgency, type ClientScene, type EvacuationBoardView } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { formatDuration, formatEta } from './durations.js';
import { PersonLink } from '../people/PersonLink.js';

/**
 * The muster board (issue 6, 12.3): the head count — accounted for as the core defines it
 * (snapshot.accounted, the same flags the header and the report use) — the threat zone's muster
 * points, gates and routes with the advice (re-route or shelter in place), head count by muster
 * point, flow through the gates, and the people not yet accounted for with their state and how long
 * until they are expected. The board of a live run's frame (evacuationBoardView) or a recorded one
 * (a replay): the same view either way, so a replay shows what the screen showed.
 */
export function MusterBoard({ scene, board, live, nameOf }: { scene: ClientScene; board: EvacuationBoardView; live: boolean; nameOf: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const targetName = (id: string) => localized(scene.musterPoints.find((m) => m.id === id)?.name, i18n.language) || localized(scene.exits.find((g) => g.id === id)?.name, i18n.language) || id;
  const names = (ids: string[]) => ids.map(targetName).join(i18n.language === 'zh-CN' ? '、' : ', ');
  // The cut off, the injured and those standing in the gas come first (missingUrgency): they are who the commander must act for.
  const { missing, missingCount } = board;
  const threat = board.threat;
  return (
    <section className="muster-board" data-testid="muster-board" aria-live="polite">
      <h4>
        {t('evacuation.board.title')} · {t('evacuation.board.elapsed', { duration: formatDuration(t, board.tS) })}
      </h4>
      <p className="headcount" data-testid="headcount">
        {t('evacuation.board.headcount', { accounted: board.counts.accounted, total: board.counts.total })}
      </p>
      {threat.advice !== 'none' && (
        <div className="threat-flag" role="alert" data-testid="threat-flag">
          <strong>{t('evacuation.board.threat.title', { level: threat.level ?? '—' })}</strong>
          {threat.musterIds.length > 0 && <p data-testid="threat-musters">{t('evacuation.board.threat.musters', { names: names(threat.musterIds) })}</p>}
          {threat.gateIds.length > 0 && <p data-testid="threat-gates">{t('evacuation.board.threat.gates', { names: names(threat.gateIds) })}</p>}
          {threat.agentsOnRoutesThroughThreat > 0 && <p>{t('evacuation.board.threat.routes', { count: threat.agentsOnRoutesThroughThreat })}</p>}
          <p className="threat-advice" data-testid="threat-advice">
            {threat.advice === 'shelter' ? t('evacuation.board.threat.shelter') : t('evacuation.board.threat.reroute', { names: names(threat.safeMusterIds) })}
          </p>
        </div>
      )}
      <table data-testid="muster-table">
        <thead>
          <tr>
            <th>{t('evacuation.board.point')}</th>
            <th>{t('evacuation.board.arrived')}</th>
            <th>{t('evacuation.board.onTheWay')}</th>
            {live && <th>{t('evacuation.board.badges')}</th>}
            <th>{t('evacuation.board.capacity')}</th>
          </tr>
        </thead>
        <tbody>
          {board.targets.map((m) => (
            <tr key={m.id} data-testid={`muster-${m.id}`} data-threatened={m.threatened ? 'true' : undefined} className={m.threatened || (m.capacityPersons && m.arrived + m.assigned > m.capacityPersons) ? 'abnormal' : undefined}>
              <td>
                {targetName(m.id)}
                {m.threatened && <span className="threat-tag"> · {t('evacuation.board.inZone')}</span>}
              </td>
              <td>{m.arrived}</td>
              <td>{m.assigned}</td>
              {live && <td>{m.observedArrived}</td>}
              <td>{m.capacityPersons ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {board.gateCrossings.length > 0 && (
        <p className="gate-flow" data-testid="gate-flow">
          {t('evacuation.board.gates')}: {board.gateCrossings.map((g) => `${targetName(g.id)} ${g.count}`).join(' · ')}
        </p>
      )}
      <h4>{t('evacuation.board.missing', { count: missingCount })}</h4>
      {missingCount === 0 ? (
        <p className="empty">{t('evacuation.board.allAccounted')}</p>
      ) : (
        <ul className="missing-list" data-testid="missing-list">
          {missing.map((m) => {
            const eta = m.atThreatenedTargetId ? null : formatEta(t, m.etaS, board.tS);
            return (
              <li key={m.agentId} className={missingUrgency(m) < 3 ? 'abnormal' : undefined}>
                {/* A live board's people are badges on site: a click flies to them. A drill's are simulated. */}
                {live ? <PersonLink badgeId={m.agentId} /> : nameOf(m.agentId)} · {m.atThreatenedTargetId ? t('evacuation.board.atThreatened', { name: targetName(m.atThreatenedTargetId) }) : t(`evacuation.states.${m.state}`)}
                {eta && ` · ${eta}`}
              </li>
            );
          })}
          {missingCount > missing.length && <li>{t('evacuation.board.more', { count: missingCount - missing.length })}</li>}
        </ul>
      )}
    </section>
  );
}
