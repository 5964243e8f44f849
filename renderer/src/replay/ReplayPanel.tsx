import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PLAYER_MAX_SPEED, PLAYER_MIN_SPEED, REPLAY_EXPORTS_PATH, SOCKET_EVENTS, type Bookmark, type RecordingListEntry, type ReplayCommand } from '@contracts';
import { useCoreClient, useCoreState } from '../connection/CoreClientContext.js';
import { formatClock } from './replayTime.js';
import { saveFile } from '../connection/saveFile.js';
import { useStore } from '../state/createStore.js';
import { markedRange, markedRangeStore } from './markedRange.js';
import { problemText } from '../i18n/coreWords.js';

const SPEEDS = [PLAYER_MIN_SPEED, 0.5, 1, 2, 5, 10, PLAYER_MAX_SPEED];
const STEP_MS = 10_000;
const HOUR_MS = 3_600_000;

/** Sends a player command; the answer's problem, if any, becomes the panel's message. */
function usePlayerCommand(): [(command: ReplayCommand) => Promise<unknown>, string | null] {
  const client = useCoreClient();
  const [error, setError] = useState<string | null>(null);
  const send = useCallback(
    async (command: ReplayCommand) => {
      const result = await client.request(SOCKET_EVENTS.playerCommand, command);
      setError(result.ok ? null : result.message);
      return result.ok ? result.value : null;
    },
    [client],
  );
  return [send, error];
}

/**
 * The trainer's replay tab (issue 8): pick a recording (or the last hour across files), then drive
 * this screen's player — play/pause, speed 0.1–20x, step, previous/next alarm — and set bookmarks.
 * The timeline itself is drawn over the twin (ReplayTimeline). Live alarm processing continues.
 */
export function ReplayPanel() {
  const { t } = useTranslation();
  const client = useCoreClient();
  const player = useCoreState((s) => s.player);
  const [recordings, setRecordings] = useState<RecordingListEntry[] | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [send, commandError] = usePlayerCommand();

  useEffect(() => {
    if (player.mode === 'replay') return;
    let cancelled = false;
    void client.request('replay:list').then((result) => {
      if (cancelled) return;
      if (result.ok) setRecordings(result.value.recordings);
      else setOpenError(result.message);
    });
    return () => {
      cancelled = true;
    };
  }, [client, player.mode]);

  if (player.mode !== 'replay') {
    const open = async (source: Parameters<typeof client.openReplay>[0]) => {
      markedRangeStore.set({ fromMs: null, toMs: null });
      setOpenError(await client.openReplay(source));
    };
    return (
      <section className="replay-panel" data-testid="replay-panel">
        <h3>{t('replay.recordings')}</h3>
        <button type="button" onClick={() => void open({ fromMs: Date.now() - HOUR_MS, toMs: Date.now() })} data-testid="replay-last-hour">
          {t('replay.lastHour')}
        </button>
        {openError && (
          <p className="form-error" role="alert" data-testid="replay-error">
            {openError}
          </p>
        )}
        {recordings === null ? (
          <p className="empty">{t('replay.loading')}</p>
        ) : recordings.length === 0 ? (
          <p className="empty">{t('replay.none')}</p>
        ) : (
          <ul className="recording-list">
            {recordings.map((r) => (
              <li key={r.name}>
                <button type="button" disabled={r.status !== 'ok'} onClick={() => void open({ files: [r.name] })} data-testid={`replay-open-${r.name}`}>
                  {r.startMs !== undefined && r.endMs !== undefined ? `${formatClock(r.startMs, true)} – ${formatClock(r.endMs)}` : r.name}
                </button>
                <span className="recording-meta">
                  {t('replay.size', { mib: (r.bytes / 1048576).toFixed(1) })}
                  {r.status !== 'ok' && ` · ${r.status === 'recording' ? t('replay.beingWritten') : problemText({ code: r.status, message: r.message ?? r.status })}`}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>
    );
  }

  const { state } = player;
  return (
    <section className="replay-panel" data-testid="replay-panel" aria-label={t('replay.player')}>
      <p className="replay-clock" data-testid="replay-clock">
        {formatClock(state.currentMs, true)}
      </p>
      <div className="replay-controls" role="group" aria-label={t('replay.player')}>
        <button type="button" onClick={() => void send({ action: 'previousAlarm' })} title={t('replay.previousAlarm')} aria-label={t('replay.previousAlarm')}>
          {t('replay.previousAlarmShort')}
        </button>
        <button type="button" onClick={() => void send({ action: 'step', deltaMs: -STEP_MS })} aria-label={t('replay.stepBack')}>
          {t('replay.stepBackShort')}
        </button>
        <button type="button" onClick={() => void send(state.playing ? { action: 'pause' } : { action: 'play' })} data-testid="replay-play" aria-pressed={state.playing}>
          {state.playing ? t('replay.pause') : t('replay.play')}
        </button>
        <button type="button" onClick={() => void send({ action: 'step', deltaMs: STEP_MS })} aria-label={t('replay.stepForward')}>
          {t('replay.stepForwardShort')}
        </button>
        <button type="button" onClick={() => void send({ action: 'nextAlarm' })} title={t('replay.nextAlarm')} aria-label={t('replay.nextAlarm')} data-testid="replay-next-alarm">
          {t('replay.nextAlarmShort')}
        </button>
      </div>
      <label>
        {t('replay.speed')}
        <select value={state.speed} onChange={(e) => void send({ action: 'setSpeed', speed: Number(e.target.value) })} data-testid="replay-speed">
          {SPEEDS.map((speed) => (
            <option key={speed} value={speed}>
              {speed}×
            </option>
          ))}
        </select>
      </label>
      {state.ended && <p className="empty">{t('replay.ended')}</p>}
      {(commandError ?? state.problems[0]) && (
        <p className="form-error" role="alert">
          {commandError ?? problemText(state.problems[0]!)}
        </p>
      )}
      <Bookmarks currentMs={state.currentMs} bookmarks={player.bookmarks} send={send} />
      <TrainerTools currentMs={state.currentMs} />
      <button type="button" onClick={() => void client.backToLive()} data-testid="replay-close">
        {t('replay.backToLive')}
      </button>
    </section>
  );
}

/** The recording's bookmarks (those saved before and those added now), listed here and drawn on the timeline. */
function Bookmarks({ currentMs, bookmarks, send }: { currentMs: number; bookmarks: Bookmark[]; send: (command: ReplayCommand) => Promise<unknown> }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const [label, setLabel] = useState('');
  const add = async () => {
    if (!label.trim()) return;
    const bookmark = (await send({ action: 'addBookmark', bookmark: { kind: 'bookmark', tsMs: currentMs, label: label.trim() } })) as Bookmark | null;
    if (bookmark) {
      client.showBookmark(bookmark);
      setLabel('');
    }
  };
  return (
    <div className="replay-bookmarks">
      <label>
        {t('replay.bookmarkLabel')}
        <input value={label} onChange={(e) => setLabel(e.target.value)} maxLength={200} data-testid="replay-bookmark-label" />
      </label>
      <button type="button" onClick={() => void add()} data-testid="replay-bookmark-add">
        {t('replay.addBookmark')}
      </button>
      {bookmarks.length > 0 && (
        <ul>
          {bookmarks.map((b) => (
            <li key={b.id}>
              <button type="button" className="link" onClick={() => void send({ action: 'seek', tsMs: b.tsMs })}>
                {formatClock(b.tsMs)}
              </button>{' '}
              {b.label}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A range marked on the playhead, exported as a training package, and the incident report to print. */
function TrainerTools({ currentMs }: { currentMs: number }) {
  const { t, i18n } = useTranslation();
  const client = useCoreClient();
  const fromMs = useStore(markedRangeStore, (s) => s.fromMs);
  const toMs = useStore(markedRangeStore, (s) => s.toMs);
  const range = markedRange({ fromMs, toMs });
  const [message, setMessage] = useState<string | null>(null);
  const report = async () => {
    const result = await client.request('replay:report', { locale: i18n.language === 'zh-CN' ? 'zh-CN' : 'en', ...(range ?? {}) });
    if (result.ok) {
      saveFile(result.value.fileName, result.value.html, 'text/html');
      setMessage(t('replay.reportSaved', { name: result.value.fileName }));
    } else setMessage(result.message);
  };
  const exportRange = async () => {
    if (!range) return;
    const result = await client.request('replay:export', range);
    if (!result.ok) return setMessage(result.message);
    // Kept on the server (data-dir-relative path) and downloaded to this machine (issue 12.6).
    const { path, messages } = result.value;
    const name = path.split(/[\\/]/).pop()!;
    const file = await client.getBlob(`${REPLAY_EXPORTS_PATH}/${encodeURIComponent(name)}`);
    if (file) saveFile(name, file, 'application/octet-stream');
    setMessage(t(file ? 'replay.exported' : 'replay.exportDownloadFailed', { path, messages, name }));
  };
  return (
    <div className="replay-trainer" data-testid="replay-trainer">
      <h4>{t('replay.trainerTools')}</h4>
      <div className="replay-controls">
        <button type="button" onClick={() => markedRangeStore.set({ fromMs: currentMs })} data-testid="replay-mark-from">
          {t('replay.markFrom')}
        </button>
        <button type="button" onClick={() => markedRangeStore.set({ toMs: currentMs })} data-testid="replay-mark-to">
          {t('replay.markTo')}
        </button>
      </div>
      <p className="empty">{range ? `${formatClock(range.fromMs)} – ${formatClock(range.toMs)}` : t('replay.wholeRecording')}</p>
      <div className="replay-controls">
        <button type="button" onClick={() => void exportRange()} disabled={!range} data-testid="replay-export">
          {t('replay.export')}
        </button>
        <button type="button" onClick={() => void report()} data-testid="replay-report">
          {t('replay.report')}
        </button>
      </div>
      {message && (
        <p role="status" data-testid="replay-trainer-message">
          {message}
        </p>
      )}
    </div>
  );
}
