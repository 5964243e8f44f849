import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { HAZARD_KINDS, API_PATHS, type HazardKind, type HazardLocation, type HazardMedia, type HazardReportInput, type HazardSource, type HazardTicketDetail } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { placeText } from '../people/personText.js';
import { openHazard, mediaPath } from './hazardFeed.js';
import './hazards.css';

/** What a report starts with: where it came from, where it is, its kind, and for a camera event the event whose snapshot goes with it. */
export type ReportPrefill = { source: HazardSource; location: HazardLocation | null; kind: HazardKind; what: string; snapshotEventId?: string };

/**
 * "Report hidden danger" (上报隐患) from an alarm row or a camera event (issue 18 item 2): one click opens the report
 * prefilled — source, place, kind — and the operator adds what they see; a camera event's snapshot is fetched and
 * stored as the report's photo first. Filed through POST /api/hazards; the new ticket opens in the tab.
 */
export function ReportHazardButton({ prefill, testId, short = false }: { prefill: () => ReportPrefill; testId: string; short?: boolean }) {
  const { t } = useTranslation();
  const user = useCoreState((s) => s.user);
  const [draft, setDraft] = useState<(ReportPrefill & { description: string }) | null>(null);
  // Every signed-in role may report (hazard:report); the implicit local session may not sign one (ST_ERR_HAZARD_NAMED_USER).
  if (user === null || user.implicit) return null;
  return (
    <>
      {/* Short where the row's actions stay on one line (the alarm list): the whole phrase is its name and tooltip. */}
      <button type="button" onClick={() => setDraft({ ...prefill(), description: '' })} aria-expanded={draft !== null} aria-label={t('hazards.room.report.button')} title={t('hazards.room.report.button')} data-testid={testId}>
        {t(short ? 'hazards.room.report.short' : 'hazards.room.report.button')}
      </button>
      {draft && <ReportForm draft={draft} setDraft={setDraft} />}
    </>
  );
}

function ReportForm({ draft, setDraft }: { draft: ReportPrefill & { description: string }; setDraft: (d: (ReportPrefill & { description: string }) | null) => void }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const scene = useCoreState((s) => s.scene);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const point = draft.location?.point;
  const send = async () => {
    if (!draft.location) return;
    setBusy(true);
    const media: HazardMedia[] = [];
    if (draft.snapshotEventId !== undefined) {
      const evidence = await client.request('vision:evidence', { eventId: draft.snapshotEventId, kind: 'snapshot' });
      const stored = evidence.ok ? await client.postBytes<{ ref: string; kind: 'photo' | 'voice' }>(mediaPath(), new Blob([evidence.value.data as BlobPart], { type: evidence.value.mediaType })) : null;
      if (!stored?.ok) {
        setBusy(false);
        return setProblem(stored ? stored.message : t('hazards.room.report.snapshotMissing'));
      }
      media.push({ ref: stored.value.ref, kind: 'photo', stage: 'report', takenAtMs: Date.now() });
    }
    const report: HazardReportInput = { source: draft.source, location: draft.location, kind: draft.kind, description: draft.description.trim(), media };
    const result = await client.postApi<HazardTicketDetail>(API_PATHS.hazards, report);
    setBusy(false);
    if (!result.ok) return setProblem(result.message);
    // Filed: the new ticket opens in the tab (its number, the likely duplicates, the steps), and the row's form closes.
    openHazard(result.value.ticket.number);
    setDraft(null);
  };
  return (
    <form
      className="hazard-report"
      aria-label={t('hazards.room.report.title')}
      data-testid="hazard-report-form"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <strong>{t('hazards.room.report.title')}</strong>
      <span className="muted">{draft.what}</span>
      {point && scene ? <span className="muted">{placeText(scene, { x: point[0], y: point[1] }, i18n.language, t)}</span> : <span className="form-error">{t('hazards.room.report.noPlace')}</span>}
      <label>
        {t('hazards.room.report.kind')}{' '}
        <select value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as HazardKind })} data-testid="hazard-report-kind">
          {HAZARD_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`hazards.kind.${k}`)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('hazards.room.report.description')}
        <textarea autoFocus value={draft.description} maxLength={2000} onChange={(e) => setDraft({ ...draft, description: e.target.value })} data-testid="hazard-report-description" />
      </label>
      <span>
        <button type="button" onClick={() => setDraft(null)}>
          {t('hazards.room.report.cancel')}
        </button>{' '}
        <button type="submit" disabled={busy || !draft.location || draft.description.trim() === ''} data-testid="hazard-report-send">
          {busy ? t('hazards.room.report.sending') : t('hazards.room.report.send')}
        </button>
      </span>
      {problem && (
        <span className="form-error" role="alert" data-testid="hazard-report-problem">
          {problem}
        </span>
      )}
    </form>
  );
}
