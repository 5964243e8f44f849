import { useCallback, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { API_PATHS, HAZARD_KINDS, HAZARD_TICKET_GRADES, type ClientScene, type HazardMedia, type HazardTicketDetail } from '@contracts';
import { useCoreClient } from '../../connection/CoreClientContext.js';
import { PhotoPicker, type PhotoItem } from './PhotoPicker.js';
import { PlacePicker } from './PlacePicker.js';
import { EMPTY_DRAFT, reportFromDraft, type DraftProblem, type ReportDraft } from './reportModel.js';
import { VoiceNote } from './VoiceNote.js';

/**
 * The report (上报): what kind, what the reporter sees, the grade they propose (一般 by default; 重大 says its
 * basis), photos, a voice note, and where. Sent to POST /api/hazards; the ticket number comes back.
 */
export function ReportForm({ scene, onReported }: { scene: ClientScene; onReported: (number: string) => void }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [draft, setDraft] = useState<Omit<ReportDraft, 'media'>>(EMPTY_DRAFT);
  const [photos, setPhotos] = useState<PhotoItem[]>([]);
  const [voice, setVoice] = useState<{ ref: string; takenAtMs: number } | null>(null);
  // What is missing is shown from the first try to send on, and each goes as soon as it is filled in.
  const [tried, setTried] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  // Stable for the voice recorder, whose upload answers after a render or two.
  const onVoice = useCallback((ref: string | null) => setVoice(ref ? { ref, takenAtMs: Date.now() } : null), []);
  const onPhotos = useCallback((update: (list: PhotoItem[]) => PhotoItem[]) => setPhotos(update), []);

  const media: HazardMedia[] = [
    ...photos.flatMap((p) => (p.ref ? [{ ref: p.ref, kind: 'photo' as const, stage: 'report' as const, takenAtMs: p.takenAtMs }] : [])),
    ...(voice ? [{ ref: voice.ref, kind: 'voice' as const, stage: 'report' as const, takenAtMs: voice.takenAtMs }] : []),
  ];
  const uploading = photos.some((p) => p.state === 'uploading');
  const set = (change: Partial<ReportDraft>) => setDraft((d) => ({ ...d, ...change }));

  const checked = reportFromDraft({ ...draft, media });
  const problems: DraftProblem[] = tried && !checked.ok ? checked.problems : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    if (!checked.ok) return;
    setRefusal(null);
    setSending(true);
    const answer = await client.postApi<HazardTicketDetail>(API_PATHS.hazards, checked.report);
    setSending(false);
    if (!answer.ok) return setRefusal(answer.message);
    onReported(answer.value.ticket.number);
  };
  const missing = (problem: DraftProblem) =>
    problems.includes(problem) && (
      <p className="form-error" role="alert" data-testid={`report-missing-${problem}`}>
        {t(`hazards.phone.missing.${problem}`)}
      </p>
    );

  return (
    <form className="report-form" onSubmit={(e) => void submit(e)} noValidate data-testid="report-form">
      <fieldset className="report-field">
        <legend>{t('hazards.phone.kind')}</legend>
        <div className="report-kinds" role="group">
          {HAZARD_KINDS.map((kind) => (
            <button key={kind} type="button" aria-pressed={draft.kind === kind} onClick={() => set({ kind })} data-testid={`report-kind-${kind}`}>
              {t(`hazards.kind.${kind}`)}
            </button>
          ))}
        </div>
        {missing('kind')}
      </fieldset>

      <label className="report-field">
        <span className="report-label">{t('hazards.phone.description')}</span>
        <textarea rows={4} value={draft.description} onChange={(e) => set({ description: e.target.value })} placeholder={t('hazards.phone.descriptionHint')} data-testid="report-description" />
        {missing('description')}
      </label>

      <fieldset className="report-field">
        <legend>{t('hazards.phone.grade')}</legend>
        <div className="report-choice" role="group">
          {HAZARD_TICKET_GRADES.map((grade) => (
            <button key={grade} type="button" aria-pressed={draft.grade === grade} onClick={() => set({ grade })} data-testid={`report-grade-${grade}`}>
              {t(`hazards.grade.${grade}`)}
            </button>
          ))}
        </div>
        {draft.grade === 'major' && (
          <label>
            <span className="report-label">{t('hazards.phone.majorBasis')}</span>
            <textarea rows={2} value={draft.majorBasis} onChange={(e) => set({ majorBasis: e.target.value })} placeholder={t('hazards.phone.majorBasisHint')} data-testid="report-major-basis" />
          </label>
        )}
        {missing('majorBasis')}
      </fieldset>

      <PhotoPicker photos={photos} onPhotos={onPhotos} voiceTaken={voice !== null} />
      {missing('media')}
      <VoiceNote onChange={onVoice} />
      <PlacePicker scene={scene} place={draft.place} onPlace={(place) => set({ place })} />
      {missing('place')}

      {refusal && (
        <p className="form-error" role="alert" data-testid="report-refusal">
          {refusal}
        </p>
      )}
      <button type="submit" className="report-send" disabled={sending || uploading} data-testid="report-send">
        {t(sending ? 'hazards.phone.sending' : uploading ? 'hazards.phone.waitUploads' : 'hazards.phone.send')}
      </button>
    </form>
  );
}
