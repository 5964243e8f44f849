import { io, type Socket } from 'socket.io-client';
import {
  API_PATHS,
  HealthResponseSchema,
  LoginResponseSchema,
  SOCKET_EVENTS,
  type Alarm,
  type AlarmCommand,
  type AlarmCommandResult,
  type Bookmark,
  type DispersionZones,
  type EvacuationBoard,
  type CameraDetections,
  type AlarmEventMessage,
  type PlayerAlarms,
  type MqttLinkState,
  type ClientToServerEvents,
  type PlayerState,
  type Problem,
  type Result,
  type TimelineIndex,
  type ClientScene,
  type ServerToClientEvents,
  type SessionUser,
} from '@contracts';
import i18next from 'i18next';
import { problemText } from '../i18n/coreWords.js';
import { createStore } from '../state/createStore.js';
import { select, uiStore } from '../state/uiStore.js';
import { applySequencedAlarmEvents, LiveAlarmFeed } from './liveAlarmFeed.js';
import { LiveStore } from './LiveStore.js';

/** The player until the core says otherwise (and while a replay is opening): nothing offered yet. */
const NO_CAPABILITIES: PlayerState['capabilities'] = { play: false, seek: false, speed: false, acknowledge: false, inject: false, annotate: false };
const PLAYER_INITIALIZING: PlayerState = { mode: 'live', presence: 'initializing', playing: false, speed: 1, currentMs: 0, startMs: 0, endMs: 0, ended: false, capabilities: NO_CAPABILITIES, problems: [], seekSeq: 0 };
const PLAYER_OPENING: PlayerState = { ...PLAYER_INITIALIZING, mode: 'replay' };
const EMPTY_INDEX: TimelineIndex = { files: [], startMs: 0, endMs: 0, channels: [], markers: [], siteId: '' };

type AckArgs<F> = F extends (...args: infer A) => void ? A : never;
/** The payload arguments of a request event: everything before its acknowledgement callback. */
type RequestPayload<E extends keyof ClientToServerEvents> = AckArgs<ClientToServerEvents[E]> extends [...infer P, (result: never) => void] ? P : never;
type AnswerOf<E extends keyof ClientToServerEvents> = AckArgs<ClientToServerEvents[E]> extends [...unknown[], (result: Result<infer T>) => void] ? T : never;
export type RequestResult<E extends keyof ClientToServerEvents> = { ok: true; value: AnswerOf<E> } | { ok: false; message: string };

/**
 * A write's answer: the value, or the refusal in the UI language with, when the core answered, its HTTP status,
 * problem code and whole body (a caller that must tell a conflict from a refusal, or show an import's row errors).
 */
export type ApiAnswer<T> = { ok: true; value: T } | { ok: false; message: string; status?: number; code?: string; body?: unknown };

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'disconnected' | 'signInRequired';

export type CoreState = {
  connection: ConnectionState;
  mqtt: MqttLinkState | null;
  user: SessionUser | null;
  coreVersion: string | null;
  /** Operator positions sharing the alarm load (from the core's alarm settings): scales the flood indicator. */
  operatorPositions: number;
  /**
   * The core's clock minus this screen's, from the session hello (serverTimeMs, sent as the connection opens):
   * countdowns to deadlines the core keeps (warnings' time to acknowledge) run on the core's time, so two screens
   * with drifting clocks show the same seconds. Off by at most the hello's one-way delay.
   */
  serverOffsetMs: number;
  scene: ClientScene | null;
  alarms: Map<string, Alarm>;
  alarmSeq: number;
  problems: Problem[];
  signInError: 'failed' | 'throttled' | 'sessionEnded' | 'unreachable' | null;
  /** The latest detections of each camera. */
  detections: Map<string, CameraDetections>;
  /**
   * This screen's player (architecture §2, contracts/player.ts): the live plant, or a recording replayed
   * by this screen alone. Panels act on `state.capabilities`; `mode` labels the picture. Live alarm
   * processing in the core never stops meanwhile.
   */
  player: { mode: 'live' | 'drill'; state: PlayerState } | { mode: 'replay'; state: PlayerState; index: TimelineIndex; bookmarks: Bookmark[] };
  /** Live alarms raised while this screen replays: the badge keeps the operator aware of the present. */
  liveAlarmsWhileReplaying: number;
  /**
   * The live alarm list while this screen replays (empty when live: then `alarms` is the live list).
   * Kept apart from `alarms`, which holds the replayed list, so the live-alarm strip shows the present
   * (count, worst priority) during a replay and never mixes the two (issue 12.6).
   */
  liveAlarmsAway: Map<string, Alarm>;
  /** The recorded leak-study zones at the replayed instant (null: no cloud then, or live). */
  replayDispersion: DispersionZones | null;
  /** A drill's own cloud recorded at the replayed instant (null: none then, or live). */
  replayDrillDispersion: DispersionZones | null;
  /** The evacuation boards recorded at the replayed instant (empty: none running then, or live). */
  replayEvacuationBoards: EvacuationBoard[];
};

const TOKEN_KEY = 'safetwin.sessionToken';
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * The renderer's one link to the core: HTTP for sign-in, socket.io (typed by the contracts) for
 * everything else. Alarm events are sequenced: a gap triggers a snapshot resync.
 */
export class CoreClient {
  readonly store = createStore<CoreState>({
    connection: 'connecting',
    mqtt: null,
    user: null,
    coreVersion: null,
    operatorPositions: 1,
    serverOffsetMs: 0,
    scene: null,
    alarms: new Map(),
    alarmSeq: 0,
    problems: [],
    signInError: null,
    detections: new Map(),
    player: { mode: 'live', state: PLAYER_INITIALIZING },
    liveAlarmsWhileReplaying: 0,
    liveAlarmsAway: new Map(),
    replayDispersion: null,
    replayDrillDispersion: null,
    replayEvacuationBoards: [],
  });
  private socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
  /** Whom the loaded scene was sent for: the core sends names only to roles with personnel:viewNames. */
  private sceneUser: SessionUser | null = null;
  /** Live values, outside React: the 3D view reads it every frame. */
  readonly live = new LiveStore();

  constructor(private readonly baseUrl: string = window.location.origin) {}

  async start(): Promise<void> {
    try {
      const health = HealthResponseSchema.parse(await (await fetch(new URL(API_PATHS.health, this.baseUrl))).json());
      if (health.authRequired && !sessionStorage.getItem(TOKEN_KEY)) {
        this.store.set({ connection: 'signInRequired' });
        return;
      }
    } catch {
      this.store.set({ connection: 'disconnected', signInError: 'unreachable' });
      return;
    }
    this.connect();
  }

  async signIn(username: string, password: string): Promise<void> {
    let response: Response;
    try {
      response = await fetch(new URL(API_PATHS.login, this.baseUrl), {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password }),
      });
    } catch {
      this.store.set({ signInError: 'unreachable' });
      return;
    }
    if (!response.ok) {
      this.store.set({ signInError: response.status === 429 ? 'throttled' : 'failed' });
      return;
    }
    const login = LoginResponseSchema.parse(await response.json());
    sessionStorage.setItem(TOKEN_KEY, login.token);
    this.store.set({ signInError: null, connection: 'connecting' });
    this.connect();
  }

  signOut(): void {
    const token = sessionStorage.getItem(TOKEN_KEY);
    sessionStorage.removeItem(TOKEN_KEY);
    if (token) void fetch(new URL(API_PATHS.logout, this.baseUrl), { method: 'POST', headers: { authorization: `Bearer ${token}` } }).catch(() => undefined);
    this.socket?.disconnect();
    this.socket = null;
    this.store.set({ connection: 'signInRequired', user: null });
  }

  private connect(): void {
    this.socket?.disconnect();
    const token = sessionStorage.getItem(TOKEN_KEY) ?? undefined;
    // A linked screen (`?follow=1`, a wall's): it shows whatever player its user opens or joins on another screen.
    const follow = new URLSearchParams(window.location.search).get('follow') === '1';
    const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(this.baseUrl, {
      auth: { ...(token ? { token } : {}), ...(follow ? { follow } : {}) },
      transports: ['websocket'],
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket = socket;
    socket.on('connect', () => {
      // A new connection is a new player in the core, live, counting its seekSeq from the start: what this
      // screen showed before (a replay included) is gone with the old one.
      this.seekSeq = 0;
      this.coreMode = 'live';
      this.store.set({ connection: 'connected' });
    });
    socket.on('disconnect', (reason) => {
      this.store.set({ connection: reason === 'io client disconnect' ? 'disconnected' : 'reconnecting' });
      // The core ends a connection whose session changed (signed out elsewhere, user removed, role changed)
      // or when it stops: connect again with the same credential, for the new role or the sign-in page.
      if (reason === 'io server disconnect') socket.connect();
    });
    socket.on('connect_error', (error) => {
      if (error.message === 'ST_ERR_AUTH_REQUIRED' || error.message === 'ST_ERR_AUTH_INVALID') {
        const wasSignedIn = this.store.get().user !== null;
        sessionStorage.removeItem(TOKEN_KEY);
        socket.disconnect();
        this.store.set({ connection: 'signInRequired', user: null, signInError: wasSignedIn ? 'sessionEnded' : null });
      } else {
        this.store.set({ connection: 'reconnecting' });
      }
    });
    this.linkSelection(socket);
    for (const [event, handlers] of this.featureHandlers) for (const handler of handlers) (socket as Socket).on(event, handler);
    socket.on(SOCKET_EVENTS.sessionHello, (hello) => {
      // Another user or role on this screen (signed in anew, role changed): the scene is fetched anew, so
      // names a former role could see do not stay on the screen.
      const sceneFor = this.sceneUser;
      const stale = sceneFor !== null && (sceneFor.name !== hello.user.name || sceneFor.role !== hello.user.role);
      this.sceneUser = hello.user;
      this.store.set({ user: hello.user, coreVersion: hello.coreVersion, operatorPositions: hello.operatorPositions, serverOffsetMs: hello.serverTimeMs - Date.now(), ...(stale ? { scene: null } : {}) });
      void this.loadScene();
    });
    socket.on(SOCKET_EVENTS.coreStatus, (status) => this.store.set({ problems: status.problems, mqtt: status.mqtt }));
    socket.on(SOCKET_EVENTS.playerState, (state) => this.onPlayerState(state));
    socket.on(SOCKET_EVENTS.playerFrame, (frame, ack) => {
      // A frame of a picture this screen has left (before a seek or a swap): not shown.
      if (frame.seekSeq !== this.seekSeq) return ack();
      this.live.apply(frame);
      // Acknowledged once the 3D view has drawn it (or, with none, once the browser paints): the core sends
      // the next one only then, so a slow screen slows its own feed (coalesced frames) instead of queueing it.
      if (!this.live.acknowledgeWhenDrawn(ack)) requestAnimationFrame(() => ack());
    });
    socket.on(SOCKET_EVENTS.playerAlarms, (message) => this.onPlayerAlarms(message));
    socket.on(SOCKET_EVENTS.playerDetections, (event) => {
      if (event.seekSeq === this.seekSeq) this.showDetections(event);
    });
    socket.on(SOCKET_EVENTS.alarmEvent, (message) => this.onAlarmEventAway(message));
    socket.on(SOCKET_EVENTS.replayDispersion, (zones) => {
      if (this.replaying) this.store.set({ replayDispersion: zones });
    });
    socket.on(SOCKET_EVENTS.replayDrillDispersion, (zones) => {
      if (this.replaying) this.store.set({ replayDrillDispersion: zones });
    });
    socket.on(SOCKET_EVENTS.replayEvacuationBoards, (boards) => {
      if (this.replaying) this.store.set({ replayEvacuationBoards: boards });
    });
  }

  /** The picture this screen shows (contracts/player.ts seekSeq): older frames, alarms and detections are dropped. */
  private seekSeq = 0;

  /**
   * The player's state. A higher seekSeq is a new picture (a seek, a replay opened, back to live): the
   * values, badges, alarm list and detections of the old one go, and its snapshot and full frame follow.
   */
  private onPlayerState(state: PlayerState): void {
    if (state.seekSeq < this.seekSeq) return;
    if (state.seekSeq > this.seekSeq) {
      this.seekSeq = state.seekSeq;
      this.live.reset();
      this.liveAlarms.changeSource();
      this.store.set({ alarms: new Map(), alarmSeq: 0, detections: new Map() });
    }
    const player = this.store.get().player;
    const wasLive = this.coreMode === 'live';
    this.coreMode = state.mode;
    if (wasLive !== (state.mode === 'live')) this.awayEpoch++;
    if (state.mode === 'live') {
      if (!wasLive) this.store.set({ liveAlarmsWhileReplaying: 0, liveAlarmsAway: new Map(), replayDispersion: null, replayDrillDispersion: null, replayEvacuationBoards: [] });
      this.store.set({ player: { mode: 'live', state } });
      return;
    }
    if (state.mode === 'drill') this.store.set({ player: { mode: 'drill', state } });
    // A replay swapped in (its "open" answer, with the timeline, follows).
    else this.store.set({ player: player.mode === 'replay' ? { ...player, state } : { mode: 'replay', state, index: EMPTY_INDEX, bookmarks: [] } });
    // Away from live: the live list for the strip starts.
    if (wasLive) {
      this.store.set({ liveAlarmsWhileReplaying: 0, liveAlarmsAway: new Map() });
      this.liveAlarmsAwaySeq = 0;
      void this.resyncAlarmsAway();
    }
  }

  /** The mode of the core's player for this screen, as its last state said (the store may show "opening" before). */
  private coreMode: PlayerState['mode'] = 'live';
  /** Counts changes between live and away from it: a live-list answer for an earlier time away is dropped. */
  private awayEpoch = 0;

  private onPlayerAlarms(message: PlayerAlarms): void {
    if (message.seekSeq !== this.seekSeq) return;
    if (message.kind === 'snapshot') {
      // Whatever is batched belongs to the list this snapshot replaces.
      this.liveAlarms.changeSource();
      this.store.set({ alarms: new Map(message.alarms.map((a: Alarm) => [a.alarmId, a])), alarmSeq: message.seq });
      return;
    }
    this.onAlarmEvent(message);
  }

  private get replaying(): boolean {
    return this.store.get().player.mode === 'replay';
  }

  /** This screen's player is not the live plant's (a replay, a drill): the live alarms travel apart, for the strip. */
  private get away(): boolean {
    return this.coreMode !== 'live';
  }

  private showDetections(event: CameraDetections): void {
    this.store.set((s) => ({ detections: new Map(s.detections).set(event.cameraId, event) }));
  }

  /** Replays recordings (file names from replay:list, or a time range) on this screen. */
  async openReplay(source: { files: string[] } | { fromMs: number; toMs: number }): Promise<string | null> {
    const before = this.store.get().player;
    if (before.mode !== 'replay') this.store.set({ player: { mode: 'replay', state: { ...PLAYER_OPENING, seekSeq: this.seekSeq }, index: EMPTY_INDEX, bookmarks: [] } });
    const result = await this.request(SOCKET_EVENTS.playerCommand, { action: 'open', ...source });
    if (!result.ok) {
      // Nothing was swapped in the core: the screen still shows what it showed.
      if (before.mode !== 'replay') this.store.set({ player: before });
      return result.message;
    }
    const opened = result.value as { index: TimelineIndex; state: PlayerState; bookmarks: Bookmark[] };
    const player = this.store.get().player;
    const state = player.state.seekSeq > opened.state.seekSeq ? player.state : opened.state;
    this.store.set({ player: { mode: 'replay', state, index: opened.index, bookmarks: opened.bookmarks } });
    return null;
  }

  /** A bookmark the trainer added (the core saved it): drawn on the timeline with those loaded at open. */
  showBookmark(bookmark: Bookmark): void {
    const player = this.store.get().player;
    if (player.mode === 'replay') this.store.set({ player: { ...player, bookmarks: [...player.bookmarks, bookmark].sort((a, b) => a.tsMs - b.tsMs) } });
  }

  /** Ends this screen's replay or leaves the drill: the core swaps its player back to live and sends the live picture whole. */
  async backToLive(): Promise<void> {
    if (this.away || this.replaying) await this.request(SOCKET_EVENTS.playerCommand, { action: 'close' });
  }

  /** Shows the drill running now on this screen: its own alarm list and clock over the live plant. */
  async joinDrill(): Promise<string | null> {
    const result = await this.request(SOCKET_EVENTS.playerCommand, { action: 'joinDrill' });
    return result.ok ? null : result.message;
  }

  private async loadScene(): Promise<void> {
    if (this.store.get().scene) return;
    const result = await this.socket?.timeout(REQUEST_TIMEOUT_MS).emitWithAck(SOCKET_EVENTS.sceneGet);
    if (result?.ok) {
      this.live.ensureCapacity(result.value.sensors.length);
      this.store.set({ scene: result.value });
    }
    else if (result) this.store.set((s) => ({ problems: [...s.problems, result.problem] }));
  }

  /** Live alarm events since the last flush, applied together: an alarm flood is one React commit per frame, not one per event. */
  private readonly liveAlarms = new LiveAlarmFeed();

  private onAlarmEvent(message: AlarmEventMessage): void {
    if (!this.liveAlarms.push(message)) return;
    const ticket = this.liveAlarms.ticket();
    let flushed = false;
    // requestAnimationFrame pauses in a hidden tab; the timeout keeps a background screen current.
    const flush = () => {
      if (flushed) return;
      flushed = true;
      // A new picture since these events came (a snapshot, a seek, a swap): they were dropped with the old list.
      if (this.liveAlarms.isCurrent(ticket)) this.applyAlarmEvents();
    };
    requestAnimationFrame(flush);
    setTimeout(flush, 250);
  }

  private applyAlarmEvents(): void {
    const { alarms, alarmSeq } = this.store.get();
    const applied = applySequencedAlarmEvents(alarms, alarmSeq, this.liveAlarms.take());
    if (applied.seq !== alarmSeq) this.store.set({ alarms: applied.alarms, alarmSeq: applied.seq });
    if (applied.gap) this.resyncAlarms();
  }

  /** A sequence gap in the player's alarm list: the core sends the list whole (player:alarms snapshot). */
  private resyncAlarms(): void {
    this.socket?.emit(SOCKET_EVENTS.playerCommand, { action: 'alarmSnapshot' }, () => undefined);
  }

  /** The sequence number of the last live alarm event applied to `liveAlarmsAway` (0: no snapshot yet). */
  private liveAlarmsAwaySeq = 0;
  private awayResyncInFlight = false;

  /**
   * A live alarm event while this screen replays: applied to the separate live list the strip shows,
   * in sequence (a gap, or no snapshot yet, asks for a fresh one). Not batched per paint: only the strip
   * reads this list, and an away event re-renders nothing else.
   */
  private onAlarmEventAway(message: AlarmEventMessage): void {
    if (!this.away) return;
    if (message.alarm.state === 'unacknowledged' && message.alarm.active) this.store.set((s) => ({ liveAlarmsWhileReplaying: s.liveAlarmsWhileReplaying + 1 }));
    if (this.liveAlarmsAwaySeq === 0) return void this.resyncAlarmsAway();
    const applied = applySequencedAlarmEvents(this.store.get().liveAlarmsAway, this.liveAlarmsAwaySeq, [message]);
    this.liveAlarmsAwaySeq = applied.seq;
    this.store.set({ liveAlarmsAway: applied.alarms });
    if (applied.gap) void this.resyncAlarmsAway();
  }

  private async resyncAlarmsAway(): Promise<void> {
    if (this.awayResyncInFlight || !this.socket) return;
    this.awayResyncInFlight = true;
    const ticket = this.awayEpoch;
    try {
      const result = await this.socket.timeout(REQUEST_TIMEOUT_MS).emitWithAck(SOCKET_EVENTS.alarmSnapshot);
      // Back to live (or live again and away again) meanwhile: the answer belongs to a list this screen left.
      if (result.ok && ticket === this.awayEpoch && this.away) {
        this.liveAlarmsAwaySeq = result.value.seq;
        this.store.set({ liveAlarmsAway: new Map(result.value.alarms.map((a: Alarm) => [a.alarmId, a])) });
      }
    } catch {
      // No answer in time: the next live alarm event asks again.
    } finally {
      this.awayResyncInFlight = false;
    }
  }

  /**
   * A GET of the core's HTTP API with this session's credentials, the response whole (status and body),
   * for a caller that must tell why a read failed; rejects when the core cannot be reached (or on abort).
   */
  fetchApi(path: string, signal?: AbortSignal, init: { method: 'POST' | 'PUT'; body: unknown } | { method: 'POST'; bytes: Blob } | null = null): Promise<Response> {
    const token = sessionStorage.getItem(TOKEN_KEY);
    // A JSON body, or a file as its own bytes under its own type (a photo or voice note).
    const contentType = init === null ? null : 'bytes' in init ? init.bytes.type : 'application/json';
    const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(contentType ? { 'content-type': contentType } : {}) };
    const body = init === null ? undefined : 'bytes' in init ? init.bytes : JSON.stringify(init.body);
    return fetch(new URL(path, this.baseUrl), { headers, ...(signal ? { signal } : {}), ...(init ? { method: init.method, body } : {}) });
  }

  /**
   * A JSON POST to the core's HTTP API with this session's credentials (a route without a socket request:
   * filing a permit draft): the answer, or the refusal's coded problem in the UI language, as `request` gives them.
   */
  postApi<T>(path: string, body: unknown): Promise<ApiAnswer<T>> {
    return this.post<T>(path, { method: 'POST', body });
  }

  /** A file POSTed as its own bytes, typed by the blob's type (a photo to POST /api/hazards/media): answered as `postApi`. */
  postBytes<T>(path: string, bytes: Blob): Promise<ApiAnswer<T>> {
    return this.post<T>(path, { method: 'POST', bytes });
  }

  /** A JSON PUT (a document saved with the revision it edits, the duty roster): answered as `postApi`. */
  putApi<T>(path: string, body: unknown): Promise<ApiAnswer<T>> {
    return this.post<T>(path, { method: 'PUT', body });
  }

  private async post<T>(path: string, init: { method: 'POST' | 'PUT'; body: unknown } | { method: 'POST'; bytes: Blob }): Promise<ApiAnswer<T>> {
    let response: Response;
    try {
      response = await this.fetchApi(path, AbortSignal.timeout(REQUEST_TIMEOUT_MS), init);
    } catch {
      return { ok: false, message: i18next.t('problemCodes.noAnswer') };
    }
    const answer = (await response.json().catch(() => null)) as { problem?: { code: string; message: string } } | null;
    if (response.ok) return { ok: true, value: answer as T };
    const message = answer?.problem ? problemText(answer.problem) : i18next.t('problemCodes.unknown', { code: String(response.status) });
    return { ok: false, message, status: response.status, ...(answer?.problem ? { code: answer.problem.code } : {}), body: answer };
  }

  /** A read-only API call read as `read` reads the body; null when it fails, however it fails. */
  private async getBody<T>(path: string, read: (response: Response) => Promise<T>): Promise<T | null> {
    try {
      const response = await this.fetchApi(path);
      return response.ok ? await read(response) : null;
    } catch {
      return null;
    }
  }

  /** A read-only API call returning text (a report); null when it fails. */
  getText(path: string): Promise<string | null> {
    return this.getBody(path, (response) => response.text());
  }

  /** A file from the API (an exported package); null when it fails. */
  getBlob(path: string): Promise<Blob | null> {
    return this.getBody(path, (response) => response.blob());
  }

  /** A read-only API call answering JSON; null when it fails. */
  getJson<T>(path: string): Promise<T | null> {
    return this.getBody(path, async (response) => (await response.json()) as T);
  }

  /**
   * Linked views: this screen's selection goes to the user's other screens through the core, and
   * theirs comes here (flying the 3D view to it). A remote selection is not sent back.
   */
  private linkSelection(socket: Socket<ServerToClientEvents, ClientToServerEvents>): void {
    let applyingRemote = false;
    let last = uiStore.get().selection;
    this.unlinkSelection?.();
    this.unlinkSelection = uiStore.subscribe(() => {
      const current = uiStore.get().selection;
      if (current === last) return;
      last = current;
      if (!applyingRemote) socket.emit(SOCKET_EVENTS.selection, current);
    });
    socket.on(SOCKET_EVENTS.selection, (selection) => {
      applyingRemote = true;
      select(selection, true);
      applyingRemote = false;
    });
  }
  private unlinkSelection: (() => void) | null = null;

  /** Tells the core the operator muted or unmuted the alarm horn (the core logs who and when). */
  reportAnnunciation(muted: boolean): void {
    this.socket?.emit(SOCKET_EVENTS.annunciation, { muted });
  }

  /** Acknowledge / shelve / unshelve on this screen's player; resolves with the errors the core reported, if any. */
  async sendAlarmCommand(command: AlarmCommand): Promise<string[]> {
    const result = await this.request(SOCKET_EVENTS.playerCommand, { action: 'alarm', command });
    return result.ok ? (result.value as AlarmCommandResult).errors : [result.message];
  }

  /**
   * A capability's request to the core (leak studies, drills, replay): resolves with the core's
   * answer, or a problem message when it refused, failed or did not answer in time.
   */
  async request<E extends keyof ClientToServerEvents>(event: E, ...payload: RequestPayload<E>): Promise<RequestResult<E>> {
    if (!this.socket) return { ok: false, message: i18next.t('problemCodes.notConnected') };
    try {
      const withTimeout = this.socket.timeout(REQUEST_TIMEOUT_MS);
      const emit = withTimeout.emitWithAck.bind(withTimeout) as (event: E, ...args: unknown[]) => Promise<Result<unknown>>;
      const result = await emit(event, ...payload);
      return result.ok ? ({ ok: true, value: result.value } as RequestResult<E>) : { ok: false, message: problemText(result.problem) };
    } catch {
      return { ok: false, message: i18next.t('problemCodes.noAnswer') };
    }
  }

  /** Listen to a capability's pushed event; returns the unsubscribe function. Survives reconnects. */
  on<E extends keyof ServerToClientEvents>(event: E, handler: ServerToClientEvents[E]): () => void {
    const handlers = this.featureHandlers.get(event) ?? new Set();
    this.featureHandlers.set(event, handlers);
    handlers.add(handler as (...args: unknown[]) => void);
    const untyped = handler as (...args: unknown[]) => void;
    (this.socket as Socket | null)?.on(event as string, untyped);
    return () => {
      handlers.delete(untyped);
      (this.socket as Socket | null)?.off(event as string, untyped);
    };
  }
  private readonly featureHandlers = new Map<string, Set<(...args: unknown[]) => void>>();

  dispose(): void {
    this.socket?.disconnect();
    this.socket = null;
  }
}
