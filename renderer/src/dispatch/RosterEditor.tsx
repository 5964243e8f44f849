import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { API_PATHS, MAX_DEPUTIES, type OnDutyView, type Roster, type RosterDocument } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { saveFile } from '../connection/saveFile.js';
import { localized } from '../i18n/i18n.js';
import { channelHealthOf, type ChannelHealth } from './channelHealth.js';
import { csvRowErrors, csvRowText, type CsvRowError } from './csvErrors.js';
import { rosterNamesFrom } from './dispatchFeed.js';
import { addDays, cellOf, changedCells, datedCellKey, localDate, withAssignment, withoutAssignment } from './rosterModel.js';
import { byText, timeText } from './warningText.js';

const ROSTER_PATH = `${API_PATHS.dispatch}/roster`;
const DUTY_CSV_PATH = `${ROSTER_PATH}/duty.csv`;

type Outcome = { kind: 'saved'; revision: number } | { kind: 'imported'; revision: number } | { kind: 'conflict'; current: RosterDocument | null } | { kind: 'failed'; message: string; rows: CsvRowError[]; more: number };

const rosterOf = ({ revision: _r, savedAtMs: _s, savedBy: _b, ...roster }: RosterDocument): Roster => roster;

/**
 * The duty roster (值班表, issue 19 item 1) for its keepers (dispatch:manage): who is on duty now, each post on each
 * shift of a day (days around today, one at a time), an assignment edited (person, deputies in order), saved whole
 * over the revision it edits (someone else's save first is a conflict, said so, never overwritten), a duty
 * spreadsheet imported (its bad rows listed by line, nothing imported) or exported; and the channels' health.
 */
export function RosterEditor() {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const language = i18n.language;
  const [doc, setDoc] = useState<RosterDocument | null | 'unavailable'>(null);
  const [edited, setEdited] = useState<Roster | null>(null);
  const [date, setDate] = useState(() => localDate(Date.now()));
  const [editing, setEditing] = useState<{ shiftId: string; postId: string } | null>(null);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [onDuty, setOnDuty] = useState<OnDutyView[] | null>(null);
  const [channels, setChannels] = useState<ChannelHealth[]>([]);

  const adopt = useCallback((next: RosterDocument) => {
    setDoc(next);
    setEdited(rosterOf(next));
    rosterNamesFrom(next);
  }, []);
  const loadDuty = useCallback(() => {
    void client.getJson<OnDutyView[]>(`${API_PATHS.dispatch}/on-duty`).then(setOnDuty);
    void client.getJson<unknown>(`${API_PATHS.dispatch}/channels`).then((answer) => setChannels(channelHealthOf(answer)));
  }, [client]);
  const reload = useCallback(() => {
    setOutcome(null);
    setEditing(null);
    void client.getJson<RosterDocument>(ROSTER_PATH).then((next) => (next ? adopt(next) : setDoc('unavailable')));
    loadDuty();
  }, [client, adopt, loadDuty]);
  useEffect(reload, [reload]);

  if (doc === 'unavailable') return <p className="empty">{t('dispatch.roster.unavailable')}</p>;
  if (doc === null || edited === null) return <p className="empty">{t('dispatch.roster.loading')}</p>;

  const changes = changedCells(rosterOf(doc), edited);
  // The keeper's roster carries every name (dispatch:manage), also where on-duty views withhold them (personnel:viewNames).
  const personName = (id: string) => edited.people.find((p) => p.id === id)?.name || t('dispatch.detail.noName');
  const postName = (id: string) => localized(edited.posts.find((p) => p.id === id)?.name, language);
  const shiftName = (id: string) => localized(edited.shifts.find((s) => s.id === id)?.name, language);
  const today = localDate(Date.now());

  const save = async () => {
    const answer = await client.putApi<RosterDocument>(ROSTER_PATH, { revision: doc.revision, roster: edited });
    if (answer.ok) {
      adopt(answer.value);
      setOutcome({ kind: 'saved', revision: answer.value.revision });
      loadDuty();
    } else if (answer.status === 409 || answer.code === 'ST_ERR_DISPATCH_CONFLICT') {
      // Who saved first, and which revision: read, not adopted — the keeper's edits stay on screen until they reload.
      setOutcome({ kind: 'conflict', current: await client.getJson<RosterDocument>(ROSTER_PATH) });
    } else setOutcome({ kind: 'failed', message: answer.message, rows: [], more: 0 });
  };
  const importCsv = async (file: File) => {
    const answer = await client.postBytes<RosterDocument>(DUTY_CSV_PATH, new Blob([await file.text()], { type: 'text/csv' }));
    if (answer.ok) {
      adopt(answer.value);
      setOutcome({ kind: 'imported', revision: answer.value.revision });
      loadDuty();
    } else setOutcome({ kind: 'failed', message: answer.message, ...csvRowErrors(answer.body) });
  };
  const exportCsv = async () => {
    const blob = await client.getBlob(DUTY_CSV_PATH);
    if (blob) saveFile('duty.csv', blob, 'text/csv');
  };

  return (
    <section className="roster-editor" aria-labelledby="roster-title" data-testid="roster-editor" data-revision={doc.revision}>
      <h3 id="roster-title">{t('dispatch.roster.title')}</h3>
      <p className="muted">{t('dispatch.roster.revision', { revision: doc.revision, time: timeText(doc.savedAtMs, language), by: byText(doc.savedBy, t) })}</p>

      <h4>{t('dispatch.roster.onDuty')}</h4>
      {onDuty === null || onDuty.length === 0 ? (
        <p className="empty">{t('dispatch.roster.noneOnDuty')}</p>
      ) : (
        <table data-testid="roster-on-duty">
          <tbody>
            {onDuty.map((d) => (
              <tr key={d.postId} data-post-id={d.postId}>
                <th scope="row">{postName(d.postId)}</th>
                <td>{d.personId === null ? t('dispatch.detail.nobody') : personName(d.personId)}</td>
                <td className="muted">{d.deputies.map((p) => personName(p.personId)).join('、')}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <div className="roster-days">
        <button type="button" onClick={() => setDate(addDays(date, -1))} data-testid="roster-previous-day">
          {t('dispatch.roster.previousDay')}
        </button>
        <input type="date" value={date} onChange={(e) => e.target.value && setDate(e.target.value)} aria-label={t('dispatch.roster.today')} data-testid="roster-date" />
        <button type="button" onClick={() => setDate(addDays(date, 1))} data-testid="roster-next-day">
          {t('dispatch.roster.nextDay')}
        </button>
        <button type="button" aria-pressed={date === today} onClick={() => setDate(today)}>
          {t('dispatch.roster.today')}
        </button>
      </div>
      <table data-testid="roster-grid">
        <thead>
          <tr>
            <th>{t('dispatch.roster.post')}</th>
            {edited.shifts.map((s) => (
              <th key={s.id}>{localized(s.name, language)}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {edited.posts.map((post) => (
            <tr key={post.id}>
              <th scope="row">{localized(post.name, language)}</th>
              {edited.shifts.map((shift) => {
                const cell = cellOf(edited, date, shift.id, post.id);
                const changed = changes.has(datedCellKey(date, shift.id, post.id));
                return (
                  <td key={shift.id}>
                    <button
                      type="button"
                      className={`roster-cell${changed ? ' changed' : ''}`}
                      aria-pressed={editing?.shiftId === shift.id && editing.postId === post.id}
                      aria-label={t('dispatch.roster.edit', { post: localized(post.name, language), shift: localized(shift.name, language) })}
                      onClick={() => setEditing({ shiftId: shift.id, postId: post.id })}
                      data-testid={`roster-cell-${post.id}-${shift.id}`}
                    >
                      {cell ? (
                        <>
                          {personName(cell.assignment.personId)}
                          {cell.assignment.deputyIds.length > 0 && <span className="muted"> +{cell.assignment.deputyIds.length}</span>}
                          {cell.standing && <span className="roster-standing">{t('dispatch.roster.standing')}</span>}
                        </>
                      ) : (
                        <span className="roster-vacant">{t('dispatch.roster.vacant')}</span>
                      )}
                    </button>
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      {editing && (
        <AssignmentForm
          key={`${date}|${editing.shiftId}|${editing.postId}`}
          roster={edited}
          title={t('dispatch.roster.edit', { post: postName(editing.postId), shift: shiftName(editing.shiftId) })}
          cell={cellOf(edited, date, editing.shiftId, editing.postId)}
          personName={personName}
          onApply={(personId, deputyIds) => {
            setEdited(withAssignment(edited, date, editing.shiftId, editing.postId, personId, deputyIds));
            setEditing(null);
          }}
          onClear={() => {
            setEdited(withoutAssignment(edited, date, editing.shiftId, editing.postId));
            setEditing(null);
          }}
          onCancel={() => setEditing(null)}
        />
      )}

      <div className="roster-actions">
        <button type="button" disabled={changes.size === 0} onClick={() => void save()} data-testid="roster-save">
          {t('dispatch.roster.save')}
        </button>
        {changes.size > 0 && <span data-testid="roster-unsaved">{t('dispatch.roster.unsaved', { count: changes.size })}</span>}
        <label className="file-button">
          {t('dispatch.roster.importCsv')}
          <input
            type="file"
            accept=".csv,text/csv"
            data-testid="roster-import"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) void importCsv(file);
            }}
          />
        </label>
        <button type="button" onClick={() => void exportCsv()} data-testid="roster-export">
          {t('dispatch.roster.exportCsv')}
        </button>
      </div>
      {outcome && <OutcomeText outcome={outcome} onReload={reload} />}

      <h4>{t('dispatch.roster.channels')}</h4>
      <ul data-testid="roster-channels">
        {channels.map((c) => (
          <li key={c.channel} className={c.state === 'failing' ? 'channel-failing' : undefined} data-channel={c.channel} data-state={c.state}>
            {t('dispatch.roster.channelLine', { channel: t(`dispatch.channel.${c.channel}`), state: t(c.state === 'ok' ? 'dispatch.roster.channelOk' : c.state === 'failing' ? 'dispatch.roster.channelFailing' : 'dispatch.roster.channelOff') })}
            {c.queued > 0 && ` · ${t('dispatch.roster.channelQueued', { count: c.queued })}`}
            {c.lastSentAtMs !== null && ` · ${t('dispatch.roster.channelLastSent', { time: timeText(c.lastSentAtMs, language) })}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

function OutcomeText({ outcome, onReload }: { outcome: Outcome; onReload: () => void }) {
  const { t, i18n } = useTranslation();
  if (outcome.kind === 'saved' || outcome.kind === 'imported')
    return (
      <p role="status" data-testid="roster-outcome" data-outcome={outcome.kind}>
        {t(outcome.kind === 'saved' ? 'dispatch.roster.saved' : 'dispatch.roster.imported', { revision: outcome.revision })}
      </p>
    );
  if (outcome.kind === 'conflict')
    return (
      <p className="roster-conflict" role="alert" data-testid="roster-outcome" data-outcome="conflict">
        {outcome.current ? t('dispatch.roster.conflict', { by: byText(outcome.current.savedBy, t), revision: outcome.current.revision }) : t('dispatch.roster.conflictUnknown')}{' '}
        <button type="button" onClick={onReload} data-testid="roster-reload">
          {t('dispatch.roster.reload')}
        </button>
      </p>
    );
  return (
    <div role="alert" data-testid="roster-outcome" data-outcome="failed">
      <p className="form-error">{outcome.rows.length > 0 ? t('dispatch.roster.importFailed', { count: outcome.rows.length + outcome.more }) : outcome.message}</p>
      {outcome.rows.length > 0 && (
        <ul className="csv-errors" data-testid="roster-csv-errors">
          {outcome.rows.map((row, i) => (
            <li key={i} data-line={row.line ?? ''}>
              {csvRowText(row, i18n.language, t)}
            </li>
          ))}
          {outcome.more > 0 && <li>{t('dispatch.roster.moreErrors', { count: outcome.more })}</li>}
        </ul>
      )}
    </div>
  );
}

/** One cell's edit: the person on duty and up to MAX_DEPUTIES deputies in order (an empty choice removes one). */
function AssignmentForm({
  roster,
  title,
  cell,
  personName,
  onApply,
  onClear,
  onCancel,
}: {
  roster: Roster;
  title: string;
  cell: ReturnType<typeof cellOf>;
  personName: (id: string) => string;
  onApply: (personId: string, deputyIds: string[]) => void;
  onClear: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const [personId, setPersonId] = useState(cell?.assignment.personId ?? '');
  const [deputies, setDeputies] = useState<string[]>(cell?.assignment.deputyIds ?? []);
  const slots = Math.min(MAX_DEPUTIES, deputies.length + 1);
  const options = roster.people.map((p) => (
    <option key={p.id} value={p.id}>
      {personName(p.id)}
    </option>
  ));
  return (
    <form
      className="roster-edit"
      aria-label={title}
      data-testid="roster-edit"
      onSubmit={(event) => {
        event.preventDefault();
        if (personId) onApply(personId, deputies);
      }}
      onKeyDown={(event) => event.key === 'Escape' && onCancel()}
    >
      <strong>{title}</strong>
      <label>
        {t('dispatch.roster.person')}{' '}
        <select value={personId} onChange={(e) => setPersonId(e.target.value)} autoFocus data-testid="roster-person">
          <option value="" disabled>
            {t('dispatch.roster.vacant')}
          </option>
          {options}
        </select>
      </label>
      <span>{t('dispatch.roster.deputies')}</span>
      {Array.from({ length: slots }, (_, i) => (
        <select
          key={i}
          value={deputies[i] ?? ''}
          aria-label={`${t('dispatch.roster.deputies')} ${i + 1}`}
          data-testid={`roster-deputy-${i}`}
          onChange={(e) => setDeputies([...deputies.slice(0, i), ...(e.target.value ? [e.target.value] : []), ...deputies.slice(i + 1)])}
        >
          <option value="">{t('dispatch.roster.noDeputy')}</option>
          {options}
        </select>
      ))}
      <span className="roster-actions">
        <button type="submit" disabled={!personId} data-testid="roster-apply">
          {t('dispatch.roster.apply')}
        </button>
        {cell && !cell.standing && (
          <button type="button" onClick={onClear} data-testid="roster-clear">
            {t('dispatch.roster.clear')}
          </button>
        )}
        <button type="button" onClick={onCancel}>
          {t('dispatch.roster.cancel')}
        </button>
      </span>
    </form>
  );
}
