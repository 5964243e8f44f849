import { useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCoreClient } from '../../connection/CoreClientContext.js';
import { useNowMs } from '../../state/useNowMs.js';
import { uploadMedia } from './reportMedia.js';
import { nextVoiceState, VOICE_MAX_S, voiceSecondsLeft, voiceType } from './reportModel.js';

type Recording = { recorder: MediaRecorder; stream: MediaStream; timer: ReturnType<typeof setTimeout> };

/**
 * A voice note recorded in the browser (MediaRecorder), a minute at most: record, stop, listen, delete. Sent as
 * soon as it is stopped, so the report waits for no upload. Browsers give the microphone to secure pages only
 * (HTTPS, or the core on this machine): elsewhere the note is not offered and the page says why.
 */
export function VoiceNote({ onChange }: { onChange: (ref: string | null) => void }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [state, dispatch] = useReducer(nextVoiceState, { phase: 'idle' });
  const [url, setUrl] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const recording = useRef<Recording | null>(null);
  /** Counts notes: an upload that answers after its note was deleted (or replaced) is not added to the report. */
  const generation = useRef(0);
  const nowMs = useNowMs(250);
  const types = typeof MediaRecorder === 'undefined' ? null : voiceType((type) => MediaRecorder.isTypeSupported(type));
  const available = window.isSecureContext && navigator.mediaDevices !== undefined && types !== null;

  useEffect(
    () => () => {
      // Leaving the page mid-recording: the microphone is released.
      const open = recording.current;
      if (open) {
        clearTimeout(open.timer);
        open.stream.getTracks().forEach((track) => track.stop());
      }
    },
    [],
  );
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);

  const start = async () => {
    if (!types) return;
    setProblem(null);
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    } catch {
      return dispatch({ type: 'denied' });
    }
    const recorder = new MediaRecorder(stream, { mimeType: types.record });
    const chunks: Blob[] = [];
    recorder.ondataavailable = (event) => chunks.push(event.data);
    recorder.onstop = () => {
      stream.getTracks().forEach((track) => track.stop());
      recording.current = null;
      dispatch({ type: 'stop', atMs: Date.now() });
      const blob = new Blob(chunks, { type: types.upload });
      setUrl(URL.createObjectURL(blob));
      const note = ++generation.current;
      void uploadMedia(client, blob).then((answer) => {
        if (note !== generation.current) return;
        if (answer.ok) {
          dispatch({ type: 'uploaded', ref: answer.ref });
          onChange(answer.ref);
        } else setProblem(answer.message);
      });
    };
    recorder.start();
    recording.current = { recorder, stream, timer: setTimeout(() => recorder.stop(), VOICE_MAX_S * 1000) };
    dispatch({ type: 'start', atMs: Date.now() });
  };
  const stop = () => {
    const open = recording.current;
    if (!open) return;
    clearTimeout(open.timer);
    open.recorder.stop();
  };
  const remove = () => {
    generation.current++;
    setUrl(null);
    setProblem(null);
    dispatch({ type: 'delete' });
    onChange(null);
  };

  const left = voiceSecondsLeft(state, nowMs);
  return (
    <fieldset className="report-field" data-testid="report-voice" data-phase={state.phase}>
      <legend>{t('hazards.phone.voice.title')}</legend>
      {!available ? (
        <p className="report-hint">{t(window.isSecureContext ? 'hazards.phone.voice.unsupported' : 'hazards.phone.voice.needsHttps')}</p>
      ) : (
        <div className="report-voice">
          {(state.phase === 'idle' || state.phase === 'denied') && (
            <button type="button" onClick={() => void start()} data-testid="report-voice-record">
              {t('hazards.phone.voice.record', { s: VOICE_MAX_S })}
            </button>
          )}
          {state.phase === 'recording' && (
            <>
              <button type="button" className="report-stop" onClick={stop} data-testid="report-voice-stop">
                {t('hazards.phone.voice.stop')}
              </button>
              <span role="timer">{t('hazards.phone.voice.left', { s: Math.ceil(left ?? 0) })}</span>
            </>
          )}
          {state.phase === 'recorded' && (
            <>
              {url && <audio controls src={url} data-testid="report-voice-audio" />}
              <span data-testid="report-voice-status">{t(state.ref ? 'hazards.phone.voice.sent' : 'hazards.phone.voice.sending', { s: Math.round(state.durationS) })}</span>
              <button type="button" onClick={remove} data-testid="report-voice-delete">
                {t('hazards.phone.voice.delete')}
              </button>
            </>
          )}
          {state.phase === 'denied' && (
            <p className="form-error" role="alert">
              {t('hazards.phone.voice.denied')}
            </p>
          )}
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}
