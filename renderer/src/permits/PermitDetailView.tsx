import { Fragment, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { polygonCentroid, roleMay, type ClientScene, type PermitDetail, type PermitSignature } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { actorName } from '../i18n/coreWords.js';
import { placeText } from '../people/personText.js';
import { GasTestEntry } from './GasTestEntry.js';
import { areaName } from './PermitList.js';
import { PermitSteps } from './PermitSteps.js';
import { permitPanelStore } from './permitPanelStore.js';
import { UNFINISHED_PERMIT_STATES } from './permitFeed.js';
import { countdownText, permitGradeText, permitTypeText, shownName, signerRoleText, suspensionReasonText, suspensionText } from './permitText.js';
import { typeFieldValueText, typeFields } from './permitTypeFields.js';
import { useNowMs } from '../state/useNowMs.js';

const APPROVAL_ACTIONS: ReadonlySet<PermitSignature['action']> = new Set(['countersign', 'approve']);

/** What a signed step was signed for or why: the approval level, the countersigning unit, the coded reason, the note. */
function stepWhy(step: PermitSignature, t: ReturnType<typeof useTranslation>['t']): string {
  return [
    step.authority && t('permits.signedFor', { what: t(`permits.authority.${step.authority}`) }),
    step.unit && t('permits.signedFor', { what: t(`permits.unit.${step.unit}`) }),
    step.reasonCode && suspensionReasonText(step.reasonCode, t),
    step.note,
  ]
    .filter(Boolean)
    .join(' · ');
}

/**
 * One permit: its document (location, window, watcher, workers' badges, gas tests, isolation measures, approvals)
 * and its complete signed trace (who, role, when, from → to, why), read with `permit:get` and read again when a
 * `permit:changed` says it moved on. Names the user's role may not see are said to be withheld.
 */
export function PermitDetailView({ scene, number }: { scene: ClientScene; number: string }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const user = useCoreState((s) => s.user);
  const connected = useCoreState((s) => s.connection === 'connected');
  const nowMs = useNowMs();
  const [detail, setDetail] = useState<PermitDetail | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (!connected) return;
    let current = true;
    let shownRevision = 0;
    const load = () =>
      void client.request('permit:get', { number }).then((result) => {
        if (!current) return;
        if (!result.ok) return setProblem(result.message);
        // Answers can cross: an older revision never replaces a newer one.
        if (result.value.revision < shownRevision) return;
        shownRevision = result.value.revision;
        setProblem(null);
        setDetail(result.value);
      });
    const off = client.on('permit:changed', (change) => {
      if (change.record.permit.number === number && change.record.revision > shownRevision) load();
    });
    load();
    return () => {
      current = false;
      off();
    };
  }, [client, connected, number, user]);
  const time = (ms: number) => new Date(ms).toLocaleString(i18n.language, { hour12: false });
  const back = (
    <button type="button" className="link permit-back" onClick={() => permitPanelStore.set({ view: { kind: 'list' } })} data-testid="permit-back">
      {t('permits.back')}
    </button>
  );
  if (!detail) {
    return (
      <section className="permit-detail" data-testid="permit-detail">
        {back}
        {problem ? (
          <p className="form-error" role="alert">
            {problem}
          </p>
        ) : (
          <p className="empty">{t('permits.loading')}</p>
        )}
      </section>
    );
  }
  const { permit } = detail;
  const suspended = suspensionText(permit, t);
  const approvals = permit.signatures.filter((s) => APPROVAL_ACTIONS.has(s.action));
  // Said as area and nearest landmark, never as raw coordinates (people/personText.ts placeText); a polygon at its centroid.
  const [x, y] = permit.location.kind === 'point' ? permit.location.point : polygonCentroid(permit.location.polygon);
  const place = placeText(scene, { x, y }, i18n.language, t);
  const location =
    permit.location.kind === 'point' ? t('permits.doc.point', { place, radius: permit.location.zoneRadiusM }) : t('permits.doc.polygon', { place, count: permit.location.polygon.length });
  return (
    <section className="permit-detail" data-testid="permit-detail" data-permit-number={permit.number} data-state={permit.state}>
      {back}
      <h3>{t('permits.doc.title', { type: permitTypeText(permit.type, t), number: permit.number })}</h3>
      <p className={`permit-headline state-${permit.state}`}>
        <span className="permit-state" data-testid="permit-detail-state">
          {t(`permits.state.${permit.state}`)}
        </span>{' '}
        · {permitGradeText(permit, t)} · {areaName(scene, detail.areaId, i18n.language) ?? t('permits.noArea')} · <span className="permit-countdown">{UNFINISHED_PERMIT_STATES.includes(permit.state) && countdownText(permit.window, nowMs, t)}</span>
      </p>
      {/* The steps come before anything whose height a change alters: their buttons stay where they are. */}
      {user && <PermitSteps detail={detail} role={user.role} onSigned={setDetail} />}
      {suspended && (
        <p className="permit-suspension" role="status" data-testid="permit-detail-suspension">
          {suspended}
        </p>
      )}
      {detail.namesWithheld && <p className="permit-withheld">{t('permits.doc.namesWithheld')}</p>}
      <dl className="permit-doc">
        <dt>{t('permits.doc.location')}</dt>
        <dd>{location}</dd>
        <dt>{t('permits.doc.window')}</dt>
        <dd>
          {time(permit.window.startMs)} – {time(permit.window.endMs)}
        </dd>
        <dt>{t('permits.doc.description')}</dt>
        <dd className="permit-description">{permit.description}</dd>
        {/* The type's own fields, in its form's order and words (permitTypeFields). */}
        {typeFields(permit.type).map(([name, field]) => (
          <Fragment key={name}>
            <dt>{t(`permits.typeField.${permit.type}.${name}`)}</dt>
            <dd data-testid={`permit-doc-${name}`}>{typeFieldValueText(field, (permit as Record<string, unknown>)[name], t, detail.namesWithheld)}</dd>
          </Fragment>
        ))}
        <dt>{t('permits.doc.watcher')}</dt>
        <dd data-testid="permit-watcher">
          {t('permits.nameBadge', { name: shownName(permit.watcher.name, detail, t), badge: permit.watcher.badgeId })}
        </dd>
        <dt>{t('permits.doc.entrants')}</dt>
        <dd>{permit.entrantBadgeIds.join('、')}</dd>
        <dt>{t('permits.doc.issuingUnit')}</dt>
        <dd>{permit.issuingUnit}</dd>
        {permit.contractor && (
          <>
            <dt>{t('permits.doc.contractor')}</dt>
            <dd>{permit.contractor}</dd>
          </>
        )}
        <dt>{t('permits.doc.isolation')}</dt>
        <dd>
          {permit.isolationMeasures.length === 0 ? (
            t('permits.doc.noIsolation')
          ) : (
            <ul>
              {permit.isolationMeasures.map((m, i) => (
                <li key={i}>
                  {t(`permits.isolationKind.${m.kind}`)}: {m.description}
                  {m.confirmedBy !== undefined && ` · ${shownName(m.confirmedBy, detail, t)}`}
                </li>
              ))}
            </ul>
          )}
        </dd>
        <dt>{t('permits.doc.approvals')}</dt>
        <dd data-testid="permit-approvals">
          {approvals.length === 0 ? (
            t('permits.doc.noApprovals')
          ) : (
            <ul>
              {approvals.map((s, i) => (
                <li key={i}>
                  {t(`permits.action.${s.action}`)} · {stepWhy(s, t)} · {t('permits.signer', { name: actorName(s.user, t), role: signerRoleText(s.role, t) })} · {time(s.atMs)}
                </li>
              ))}
            </ul>
          )}
        </dd>
      </dl>
      <h4>{t('permits.doc.gasTests')}</h4>
      {permit.gasTests.length === 0 ? (
        <p className="empty">{t('permits.doc.noGasTests')}</p>
      ) : (
        <table className="permit-table" data-testid="permit-gas-tests">
          <thead>
            <tr>
              <th>{t('permits.gas.takenAt')}</th>
              <th>{t('permits.gas.oxygen')}</th>
              <th>{t('permits.gas.combustible')}</th>
              <th>{t('permits.gas.toxic')}</th>
              <th>{t('permits.gas.analyst')}</th>
            </tr>
          </thead>
          <tbody>
            {permit.gasTests.map((g, i) => (
              <tr key={i}>
                <td>{time(g.takenAtMs)}</td>
                <td>{g.oxygenPct ?? '—'}</td>
                <td>{g.combustibleLelPct ?? '—'}</td>
                <td>{g.toxic.length === 0 ? '—' : g.toxic.map((x) => `${x.substance} ${x.ppm}`).join('、')}</td>
                <td>
                  {shownName(g.analystName, detail, t)}
                  {g.samplePoint && ` · ${g.samplePoint}`}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {user && roleMay(user.role, 'permit:operate') && permit.state !== 'closed' && permit.state !== 'reviewed' && <GasTestEntry detail={detail} onRecorded={setDetail} />}
      <h4>{t('permits.doc.trace')}</h4>
      <p className="permit-filed">{t('permits.doc.filed', { by: actorName(detail.createdBy, t), at: time(detail.createdMs), source: t(`permits.doc.source.${detail.source}`) })}</p>
      {/* A list, not a table: each step reads whole in the side panel's width (who and when, then what and why). */}
      <ol className="permit-trace" data-testid="permit-trace">
        {detail.trace.map(({ seq, step }) => (
          <li key={seq} data-testid="permit-trace-row" data-action={step.action}>
            <span className="permit-trace-when">{time(step.atMs)}</span> {t('permits.signer', { name: actorName(step.user, t), role: signerRoleText(step.role, t) })}
            <br />
            <strong>{t(`permits.action.${step.action}`)}</strong> {t('permits.fromTo', { from: t(`permits.state.${step.from}`), to: t(`permits.state.${step.to}`) })}
            {stepWhy(step, t) && <span className="permit-trace-why"> · {stepWhy(step, t)}</span>}
          </li>
        ))}
      </ol>
    </section>
  );
}
