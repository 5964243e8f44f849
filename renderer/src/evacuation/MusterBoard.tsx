import { useTranslation } from 'react-i18next';
import { EVACUATION_AGENT_STATES, type ClientScene, type EvacuationSnapshot } from '@contracts';
import { localized } from '../i18n/i18n.js';
import { formatDuration, formatEta } from './durations.js';
import { PersonLink } from '../people/PersonLink.js';

/** A wall screen reads a list this long; the report has everyone. */
const MISSING_SHOWN = 25;

/**
 * The muster board (issue 6, 12.3): the head count — accounted for as the core defines it
 * (snapshot.accounted, the same flags the header and the report use) — the threat zone's muster
 * points, gates and routes with the advice (re-route or shelter in place), head count by muster
 * point, flow through the gates, and the people not yet accounted for with their state and how long
 * until they are expected.
 */
export function MusterBoard({ scene, board, live, nameOf }: { scene: ClientScene; board: EvacuationSnapshot; live: boolean; nameOf: (id: string) => string }) {
  const { t, i18n } = useTranslation();
  const targetName = (id: string) => localized(scene.musterPoints.find((m) => m.id === id)?.name, i18n.language) || localized(scene.exits.find((g) => g.id === id)?.name, i18n.language) || id;
  const names = (ids: string[]) => ids.map(targetName).join(i18n.language === 'zh-CN' ? '、' : ', ');
  const missing: { id: string; state: string; etaS: number; atThreatened: string | null }[] = [];
  for (let i = 0; i < board.agentIds.length; i++) {
    if (board.accounted[i]) continue;
    const state = EVACUATION_AGENT_STATES[board.states[i]!] ?? 'moving';
    const at = board.registeredAt[i]!;
    const atThreatened = at >= 0 && board.targets[at]?.threatened ? board.targets[at]!.id : null;
    missing.push({ id: board.agentIds[i]!, state, etaS: board.predictedArrivalS[i]!, atThreatened });
  }
  // The cut off, the injured and those standing in the gas first: they are who the commander must act for.
  const urgency = (m: (typeof missing)[number]) => (m.atThreatened ? 0 : m.state === 'noRoute' ? 1 : m.state === 'awaitingHelp' ? 2 : 3);
  missing.sort((a, b) => urgency(a) - urgency(b) || b.etaS - a.etaS);
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
      <h4>{t('evacuation.board.missing', { count: missing.length })}</h4>
      {missing.length === 0 ? (
        <p className="empty">{t('evacuation.board.allAccounted')}</p>
      ) : (
        <ul className="missing-list" data-testid="missing-list">
          {missing.slice(0, MISSING_SHOWN).map((m) => {
            const eta = m.atThreatened ? null : formatEta(t, m.etaS, board.tS);
            return (
              <li key={m.id} className={urgency(m) < 3 ? 'abnormal' : undefined}>
                {/* A live board's people are badges on site: a click flies to them. A drill's are simulated. */}
                {live ? <PersonLink badgeId={m.id} /> : nameOf(m.id)} · {m.atThreatened ? t('evacuation.board.atThreatened', { name: targetName(m.atThreatened) }) : t(`evacuation.states.${m.state}`)}
                {eta && ` · ${eta}`}
              </li>
            );
          })}
          {missing.length > MISSING_SHOWN && <li>{t('evacuation.board.more', { count: missing.length - MISSING_SHOWN })}</li>}
        </ul>
      )}
    </section>
  );
}
