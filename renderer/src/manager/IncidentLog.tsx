import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { INCIDENT_SEVERITIES, roleMay, type ClientScene, type IncidentEntry, type IncidentRecord } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { localized } from '../i18n/i18n.js';
import { localInputValue } from '../permits/PermitDraftForm.js';
import { formatDateTime } from '../panels/trendChart.js';
import { MANAGER_API } from './managerApi.js';

/** Incidents listed: the newest of the last year (the rate and the streak look back a year); the report holds them all. */
const LISTED_INCIDENTS = 50;
const LISTED_SPAN_MS = 366 * 86_400_000;

type Draft = { occurredAt: string; severity: IncidentEntry['severity']; areaId: string; contractor: string; title: string; description: string };
const emptyDraft = (): Draft => ({ occurredAt: localInputValue(Date.now()), severity: 'nearMiss', areaId: '', contractor: '', title: '', description: '' });

/**
 * The manager's incident log (事故事件台账): recordable incidents drive "days without a recordable incident" and
 * the incident rate. The form is for indicators:manage (the core checks it again); everyone with the view reads the list.
 */
export function IncidentLog({ scene }: { scene: ClientScene | null }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const client = useCoreClient();
  const user = useCoreState((s) => s.user);
  // A console without sign-in acts for the site (the core allows it); a signed-in user by role.
  const mayRecord = user === null || roleMay(user.role, 'indicators:manage');
  const [incidents, setIncidents] = useState<IncidentRecord[] | null>(null);
  const [draft, setDraft] = useState<Draft>(emptyDraft);
  // A drill-down record's link (`?view=manager&incident=<id>`) names the incident to show: its row is marked and scrolled to.
  const [linked] = useState(() => new URLSearchParams(window.location.search).get('incident'));
  const scrollToLinked = (row: HTMLTableRowElement | null) => row?.scrollIntoView({ block: 'center' });
  const [status, setStatus] = useState<{ kind: 'error' | 'done'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [reload, setReload] = useState(0);
  useEffect(() => {
    let current = true;
    const nowMs = Date.now();
    const path = `${MANAGER_API.incidents}?from=${nowMs - LISTED_SPAN_MS}&to=${nowMs + 60_000}&limit=${LISTED_INCIDENTS}`;
    void client.getJson<IncidentRecord[]>(path).then((list) => current && setIncidents(list ? [...list].sort((a, b) => b.occurredAtMs - a.occurredAtMs) : []));
    return () => {
      current = false;
    };
  }, [client, reload]);
  const areaName = (id: string | undefined) => localized(scene?.areas.find((a) => a.id === id)?.name, language);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const entry: IncidentEntry = {
      occurredAtMs: new Date(draft.occurredAt).getTime(),
      severity: draft.severity,
      title: draft.title.trim(),
      ...(draft.areaId && { areaId: draft.areaId }),
      ...(draft.contractor.trim() && { contractor: draft.contractor.trim() }),
      ...(draft.description.trim() && { description: draft.description.trim() }),
    };
    setBusy(true);
    const answer = await client.postApi<IncidentRecord>(MANAGER_API.incidents, entry);
    setBusy(false);
    if (!answer.ok) return setStatus({ kind: 'error', text: answer.message });
    setStatus({ kind: 'done', text: t('manager.incidents.recorded') });
    setDraft(emptyDraft());
    setReload((n) => n + 1);
  };
  return (
    <section className="manager-panel manager-incidents" aria-labelledby="manager-incidents-title" data-testid="manager-incidents">
      <h2 id="manager-incidents-title">{t('manager.incidents.title')}</h2>
      {mayRecord && (
        <form className="manager-form" onSubmit={(e) => void submit(e)} data-testid="manager-incident-form">
          <label>
            {t('manager.incidents.occurredAt')}
            <input type="datetime-local" required value={draft.occurredAt} onChange={(e) => setDraft({ ...draft, occurredAt: e.target.value })} />
          </label>
          <label>
            {t('manager.incidents.severity')}
            <select value={draft.severity} onChange={(e) => setDraft({ ...draft, severity: e.target.value as Draft['severity'] })} data-testid="manager-incident-severity">
              {INCIDENT_SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {t(`manager.incidents.severities.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('manager.incidents.area')}
            <select value={draft.areaId} onChange={(e) => setDraft({ ...draft, areaId: e.target.value })}>
              <option value="">{t('manager.incidents.noArea')}</option>
              {(scene?.areas ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {localized(a.name, language)}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('manager.incidents.contractor')}
            <input value={draft.contractor} maxLength={200} onChange={(e) => setDraft({ ...draft, contractor: e.target.value })} />
          </label>
          <label className="wide">
            {t('manager.incidents.titleField')}
            <input required maxLength={200} value={draft.title} onChange={(e) => setDraft({ ...draft, title: e.target.value })} data-testid="manager-incident-title" />
          </label>
          <label className="wide">
            {t('manager.incidents.description')}
            <textarea rows={2} maxLength={4000} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
          </label>
          <button type="submit" disabled={busy || draft.title.trim() === ''} data-testid="manager-incident-submit">
            {t('manager.incidents.record')}
          </button>
          {status && (
            <p className={status.kind === 'error' ? 'form-error' : 'manager-muted'} role="status">
              {status.text}
            </p>
          )}
        </form>
      )}
      {incidents === null ? (
        <p className="manager-muted">{t('manager.loading')}</p>
      ) : incidents.length === 0 ? (
        <p className="manager-muted">{t('manager.incidents.empty')}</p>
      ) : (
        <table className="manager-table" data-testid="manager-incident-list">
          <thead>
            <tr>
              <th scope="col">{t('manager.incidents.occurredAt')}</th>
              <th scope="col">{t('manager.incidents.severity')}</th>
              <th scope="col">{t('manager.incidents.area')}</th>
              <th scope="col">{t('manager.incidents.titleField')}</th>
            </tr>
          </thead>
          <tbody>
            {incidents.map((incident) => (
              <tr
                key={incident.id}
                data-id={incident.id}
                data-severity={incident.severity}
                {...(incident.id === linked && { className: 'linked', 'aria-current': 'true' as const, ref: scrollToLinked })}
              >
                <td className="number">{formatDateTime(incident.occurredAtMs, language)}</td>
                <td>{t(`manager.incidents.severities.${incident.severity}`)}</td>
                <td>{incident.areaId ? areaName(incident.areaId) : t('manager.incidents.noArea')}</td>
                <td title={incident.description}>
                  {incident.title}
                  {incident.contractor && <span className="manager-muted"> · {incident.contractor}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
