// eslint-disable-next-line no-restricted-syntax -- start-up: is the renderer built (a problem on /api/health if not).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Permit, Problem, Scene } from '../contracts/index.js';
import { PERMIT_WORKING_STATES, problem } from '../contracts/index.js';
import { Authenticator, implicitLocalUser, isSignInRequired, UserStore } from '../auth/index.js';
import { commLossTimeoutMs } from '../alarms/index.js';
import { AlarmBoard, type CoreTopics, MessageBus, ProblemBoard } from '../bus/index.js';
import type { ServeConfig } from '../config/index.js';
import { createLogger, InputBoundary, type Logger } from '../log/index.js';
import { CoreMetrics } from '../metrics/index.js';
import { redactSecrets, RENDERER_DIST_DIR, urlHostFor } from '../platform/index.js';
import type { LivePlant } from './startLivePlant.js';
import { formatProblems, loadSceneFile } from '../scene/index.js';
import type { Capability } from '../realtime/index.js';
import type { EvacuationRuns, LeakSimulatorLink } from '../studies/index.js';
import { PersonalData } from '../privacy/index.js';
import { DEMO_ROSTER_FILE } from '../dispatch/index.js';
import type { WarningDesk as Desk } from '../dispatchDesk/index.js';
import { Closers } from './Closers.js';
import { createLastResort, type LastResort } from './lastResort.js';

export type CoreHandle = {
  url: string;
  /** The broker the core ingests from (the embedded one unless --mqtt-url). */
  mqttUrl: string;
  plant: LivePlant;
  port: number;
  scene: Scene;
  bus: MessageBus<CoreTopics>;
  logger: Logger;
  authRequired: boolean;
  /** Where the process's uncaught errors go once the core serves (`safetwin serve` installs it: core/lastResort). */
  lastResort: LastResort;
  close(): Promise<void>;
};

export class CoreStartError extends Error {
  constructor(readonly problems: Problem[]) {
    super(formatProblems(problems));
    this.name = 'CoreStartError';
  }
}

/**
 * The capability modules, all requested as startCore begins and each awaited where its capability
 * starts (issue 14 item 13): they compile while the scene loads and the worker threads boot instead
 * of before anything starts, and importing main/index.js costs nothing until a core starts.
 */
function loadCapabilityModules() {
  const modules = {
    audit: import('../audit/index.js'),
    recording: import('../recording/index.js'),
    players: import('../players/index.js'),
    vision: import('../vision/index.js'),
    studies: import('../studies/index.js'),
    plant: import('./startLivePlant.js'),
    http: import('../http/index.js'),
    realtime: import('../realtime/index.js'),
    workPermits: import('../workPermits/index.js'),
    contractors: import('../contractors/index.js'),
    doublePrevention: import('../doublePrevention/index.js'),
    dispatch: import('../dispatchDesk/index.js'),
    reports: import('../reports/index.js'),
    indicators: import('../indicatorDesk/index.js'),
  };
  // A start that fails early (bad scene) never awaits the rest: their failures are not unhandled.
  for (const loading of Object.values(modules)) loading.catch(() => undefined);
  return modules;
}

export type StartCoreOptions = {
  config: ServeConfig;
  logger?: Logger;
  rendererDir?: string;
  /** Called as soon as the page is served, before the study engines have booted (startCore resolves once they have). */
  onListening?: (url: string) => void;
};

/**
 * The composition root: scene → bus → auth → HTTP + socket.io. Everything it starts is closed by
 * `close()` in reverse order. Used by `safetwin serve`, by the Electron shell and by tests.
 */
export async function startCore({ config, logger: givenLogger, rendererDir = RENDERER_DIST_DIR, onListening }: StartCoreOptions): Promise<CoreHandle> {
  const startedAtMs = Date.now();
  const modules = loadCapabilityModules();
  const logger = givenLogger ?? createLogger(config.logLevel);
  const loaded = await loadSceneFile(config.scene);
  if (!loaded.ok) throw new CoreStartError(loaded.problems);
  const { scene } = loaded;

  const metrics = new CoreMetrics();
  metrics.describeScene(scene);
  // Keyed: a problem reported again replaces its earlier report, and leaves when its condition ends (issue 14 item 4).
  const activeProblems = new ProblemBoard();
  if (!existsSync(path.join(rendererDir, 'index.html'))) {
    activeProblems.raise(problem('ST_ERR_RENDERER_MISSING', 'error', { location: rendererDir, tip: 'npm run build' }));
  }
  const bus = new MessageBus<CoreTopics>((topic, error) => logger.error({ err: error, topic: String(topic) }, 'bus subscriber failed'));
  bus.subscribe('problem', (p) => {
    if (activeProblems.raise(p)) metrics.problems.inc({ code: p.code });
  });
  bus.subscribe('problemCleared', (key) => activeProblems.clear(key));

  const authRequired = isSignInRequired(config);
  const users = await UserStore.open(config.dataDir);
  const auth = new Authenticator(users, authRequired, config.sessionTtlMin * 60_000, Date.now, implicitLocalUser(config.localRole));
  if (authRequired && (await users.list()).length === 0) {
    logger.warn('sign-in is required but no users exist: add one with "safetwin users add <name> --role <role>"');
  }

  // The record starts before the plant does, so the first samples are in it. Operator actions go to the
  // hash-chained audit journal whether or not recording is on.
  // With an audit key (a file outside the data dir), every entry carries a MAC (docs/recording.md).
  const { AUDIT_KEY_FILE_ENV, AuditJournal, AuditKeyError, loadAuditKey } = await modules.audit;
  const { auditDirOf, exportsDirOf, Recorder, recordingsDirOf } = await modules.recording;
  const auditKey = await loadAuditKey(process.env[AUDIT_KEY_FILE_ENV], config.dataDir).catch((error: unknown) => {
    if (error instanceof AuditKeyError) throw new CoreStartError([{ code: error.code, severity: 'error', message: error.message, tip: `Set ${AUDIT_KEY_FILE_ENV} to a file of at least 32 random bytes outside the data directory, or unset it.` }]);
    throw error;
  });
  const journal = await AuditJournal.open(auditDirOf(config.dataDir), { key: auditKey, onError: (error) => logger.error({ err: error }, 'audit journal write failed') });
  const detachJournal = journal.attachToBus(bus);
  // What each role may see of people (names, badge links, camera evidence), and the journal of who saw it.
  const personalData = new PersonalData(scene, { journal, onError: (error) => logger.error({ err: error }, 'audit journal write failed') });
  const recorder = config.record
    ? new Recorder({
        bus,
        dir: recordingsDirOf(config.dataDir),
        scene,
        journal,
        retention: { maxAgeDays: config.recordingMaxAgeDays, maxTotalBytes: config.recordingMaxGb * 1e9 },
        // How long the disk budget lasts at the current data rate (a problem too when shorter than the retention period).
        onBudget: (budget) => logger[budget.short ? 'warn' : 'info']({ daysHeld: Math.round(budget.daysHeld), gbPerDay: budget.bytesPerDay / 1e9, recordingMaxGb: config.recordingMaxGb, retentionDays: budget.retentionDays, measuredHours: budget.measuredHours }, 'recording disk budget'),
      })
    : null;
  // Its writer thread boots while the plant starts (it queues what is published meanwhile); awaited before listening.
  const recorderStarting = recorder ? recorder.start() : Promise.resolve({ recovered: [] });
  recorderStarting.catch(() => undefined);
  const offStudyRecords = [bus.subscribe('marker', (marker) => recorder?.mark(marker)), bus.subscribe('simulationRun', (run) => recorder?.recordSimulationRun(run))];
  // The historian (issue 16, docs/historian.md), only when asked for (--historian): loaded then, so a core
  // without it never loads its database drivers. Failing to start is a problem; the core goes on without it.
  const historian =
    config.historian === undefined
      ? null
      : await import('../historian/index.js').then(({ startHistorian, historianStartProblem, shiftCalendar }) =>
          startHistorian({
            historian: config.historian!,
            dataDir: config.dataDir,
            bus,
            sensorIds: scene.sensors.map((sensor) => sensor.id),
            alarmLoad: { operatorPositions: config.alarms.operatorPositions, shifts: shiftCalendar(config.alarms.shifts, scene.site.geoReference.longitudeDeg) },
            retention: config.historianRetention,
            journal,
            logger: logger.child({ component: 'historian' }),
          }).catch((error: unknown) => {
            const startProblem = historianStartProblem(error);
            logger.error({ code: startProblem.code, message: startProblem.message }, 'historian not started');
            bus.publish('problem', startProblem);
            return null;
          }),
        );
  const closers = new Closers(logger);
  closers.add('recording', async () => {
    offStudyRecords.forEach((off) => off());
    await recorder?.stop();
    detachJournal();
    await journal.close();
  });
  closers.add('historian', () => historian?.close());
  // The permit register (issue 17) keeps its records in the historian; without one it answers 503 (ST_ERR_PERMIT_REGISTER_UNAVAILABLE).
  const { PermitRegister, PermitWatch, permitCapability, registerPermitStatsRoutes, areaLocator, siteCalendarOf, startDemoPermits, badgesReported } = await modules.workPermits;
  const permitRegister = await PermitRegister.open({
    records: historian?.permits ?? null,
    bus,
    journal,
    lifecycle: { calendar: siteCalendarOf(config.permits), oxygenMinPct: config.permits.oxygenMinPct, oxygenMaxPct: config.permits.oxygenMaxPct },
    areaOf: areaLocator(scene.areas),
    logger: logger.child({ component: 'permits' }),
  });
  closers.add('permit register', () => permitRegister.close());
  // The contractor register (issue 17 item 3) keeps its records in the historian too; without one it answers 503.
  const { ContractorRegister, ContractorWatch, contractorCapability } = await modules.contractors;
  const contractorRegister = await ContractorRegister.open({ records: historian?.contractors ?? null, journal, permits: permitRegister, personalData, logger: logger.child({ component: 'contractors' }) });
  closers.add('contractor register', () => contractorRegister.close());
  const { VisionCoreLink } = await modules.vision;
  // Camera AI: built before the plant, whose ingest connection carries its NVR topics; started once the plant is.
  const vision = new VisionCoreLink({
    scene,
    config: config.vision,
    dataDir: config.dataDir,
    demoSimulator: !config.mqttUrl && config.simulate,
    logger: logger.child({ component: 'vision' }),
    recorder,
    personalData,
    bus,
  });
  closers.add('camera AI', () => vision.close());
  const { LiveLeakStudies, engineWhenBooted, startLeakEngine, startEvacuationRuns, evacuationCapability } = await modules.studies;
  // The study engines' worker threads boot once the core listens: two more V8 isolates booting beside
  // the start delayed the first page on a two-core machine (issue 14 item 13). A start that fails before
  // listening never boots them. They reach the embedded simulator, which the plant owns, through this link.
  let listened!: (ok: boolean) => void;
  const listening = new Promise<boolean>((resolve) => (listened = resolve));
  const bootAfterListening = <T>(boot: () => Promise<T>): Promise<T> => listening.then((ok) => (ok ? boot() : Promise.reject(new Error('the core did not start'))));
  // The embedded simulator, when the plant runs one, takes the studies' commands from the bus.
  const simulatorLink: LeakSimulatorLink = { apply: (command, origin) => bus.publish('simulatorCommand', { command, origin }) };
  const leakEngineStarting = bootAfterListening(() => startLeakEngine(scene));
  leakEngineStarting.catch(() => undefined);
  const evacuationStarting = bootAfterListening(() => startEvacuationRuns({ scene, scenePath: config.scene, bus, logger: logger.child({ component: 'evacuation' }), simulator: simulatorLink, journal, alarmConfig: config.alarms }));
  closers.add('evacuation runs', () => evacuationStarting.then((runs) => runs.close(), () => undefined));
  /** The runs once booted, for the players' drill (a screen can join a drill only once there is one). */
  let evacuation: EvacuationRuns | undefined = undefined;
  // A start that fails from here on closes what it had started (the same list as shutdown), and never boots the study engines.
  const failed = async (error: unknown): Promise<never> => {
    listened(false);
    await closers.closeAll();
    throw error;
  };
  const { startLivePlant } = await modules.plant;
  const plant = await startLivePlant({
    config,
    scene,
    bus,
    metrics,
    logger,
    mqttPassthrough: vision.mqttPassthrough,
    // A contractor's badge is registered as they arrive (一人一码), not in the scene: its positions count too.
    knownBadge: (badgeId) => contractorRegister.personByBadge(badgeId) !== undefined,
  }).catch(failed);
  closers.add('live plant', () => plant.close());
  await vision.start(plant.hub).catch(failed);
  // The permits' live checks raise their alarms on the plant's engine and suspend through the register.
  if (permitRegister.available) {
    const permitWatch = new PermitWatch({ permits: permitRegister, scene, hub: plant.hub, bus, alarmConfig: config.alarms, config: config.permits, logger: logger.child({ component: 'permit checks' }) });
    permitWatch.start();
    closers.add('permit checks', () => permitWatch.stop());
  }
  // The demo (issue 17 item 5): it files the day's demo permits, and its simulated people follow every permit
  // in work. A core on a plant's broker runs no simulator and never does either; other simulated cores (tests)
  // only when asked (permits.demoPermits).
  if (permitRegister.available && plant.simulating && config.permits.demoPermits) {
    // Work in progress when the core starts is under way: its people are put at it; later permits' people walk there.
    /** The demo permits being filed: followed already, so filing one does not call the others' people off. */
    let filing: readonly Permit[] = [];
    const working = () => {
      const current = permitRegister.current();
      const filed = new Set(current.map((permit) => permit.number));
      return [...current, ...filing.filter((permit) => !filed.has(permit.number))].filter((permit) => PERMIT_WORKING_STATES.has(permit.state));
    };
    const followPermits = (placeNow = false) => plant.setPermitWork(working(), placeNow);
    closers.add('simulated permit work', permitRegister.onChange(() => followPermits()));
    followPermits(true);
    startDemoPermits({
      scenePath: config.scene,
      register: permitRegister,
      utcOffsetMin: config.permits.utcOffsetMin,
      logger: logger.child({ component: 'permits' }),
      // Their people at the work and reported there (the simulator's next RTLS report, 1 s) before they are filed.
      placePeople: async (permits) => {
        const placedMs = Date.now();
        filing = permits;
        followPermits(true);
        await badgesReported(plant.hub, permits.flatMap((permit) => [...permit.entrantBadgeIds, permit.watcher.badgeId]), placedMs, 5_000);
      },
    })
      .finally(() => (filing = []))
      .catch((error: unknown) => logger.error({ err: error }, 'demo permits: not filed'));
  }
  if (contractorRegister.available) {
    const contractorWatch = new ContractorWatch({ book: contractorRegister, permits: permitRegister, scene, hub: plant.hub, badgeStaleAfterMs: config.permits.badgeStaleAfterMs, logger: logger.child({ component: 'contractor checks' }) });
    contractorWatch.start();
    closers.add('contractor checks', () => contractorWatch.stop());
  }
  // Double prevention (issue 18): hidden dangers, the risk register with its live four-colour map, inspection rounds; kept in the historian (503 without one).
  const { HazardRegister, RiskRegister, InspectionRegister, RiskGradeWatch, HazardAlarmWatch, doublePreventionCapability, startDemoDoublePrevention, startDemoInspectionWalks } = await modules.doublePrevention;
  const hazardRecords = historian?.hazards ?? null;
  const hazardRegister = await HazardRegister.open({ records: hazardRecords, journal, bus, scene, config: config.hazards, utcOffsetMin: config.permits.utcOffsetMin, logger: logger.child({ component: 'hazards' }) });
  closers.add('hazard register', () => hazardRegister.close());
  const riskRegister = await RiskRegister.open({ records: hazardRecords, journal, bus, scene, config: config.hazards, logger: logger.child({ component: 'risk register' }) });
  closers.add('risk register', () => riskRegister.close());
  const inspectionRegister = await InspectionRegister.open({ records: hazardRecords, journal, scene, hub: plant.hub, hazards: hazardRegister, config: config.hazards, utcOffsetMin: config.permits.utcOffsetMin, logger: logger.child({ component: 'inspections' }) });
  closers.add('inspection register', () => inspectionRegister.close());
  if (riskRegister.available) {
    const riskGradeWatch = new RiskGradeWatch({ scene, hub: plant.hub, onFailures: (failures) => riskRegister.setFailures(failures), logger: logger.child({ component: 'risk register' }) });
    riskGradeWatch.start();
    closers.add('risk grades', () => riskGradeWatch.stop());
    const hazardAlarms = new HazardAlarmWatch({
      sources: {
        plans: () => inspectionRegister.currentPlans(),
        slots: (plan, range) => inspectionRegister.slots(plan, range),
        tickets: () => hazardRegister.current(),
        onChange: (listener) => {
          const offs = [inspectionRegister.onChange(listener), hazardRegister.onChange(listener)];
          return () => offs.forEach((off) => off());
        },
      },
      hub: plant.hub,
      config: config.hazards,
      utcOffsetMin: config.permits.utcOffsetMin,
      logger: logger.child({ component: 'hazard alarms' }),
    });
    hazardAlarms.start();
    closers.add('hazard alarms', () => hazardAlarms.stop());
    // The demo plant's risk register, inspection plans and open tickets, as its permits (the same switch).
    if (plant.simulating && config.permits.demoPermits) {
      startDemoDoublePrevention({ scenePath: config.scene, scene, registers: { hazards: hazardRegister, risks: riskRegister, inspections: inspectionRegister }, config: config.hazards, utcOffsetMin: config.permits.utcOffsetMin, logger: logger.child({ component: 'hazards' }) }).catch(
        (error: unknown) => logger.error({ err: error }, 'demo hazards: not filed'),
      );
      // The demo's inspectors walk their plans' rounds; the core checks them in by their badges as they arrive.
      const demoWalks = startDemoInspectionWalks({ scenePath: config.scene, scene, inspections: inspectionRegister, hazards: hazardRegister, hub: plant.hub, simulator: plant, config: config.hazards, utcOffsetMin: config.permits.utcOffsetMin, logger: logger.child({ component: 'inspection walks' }) });
      closers.add('demo inspection walks', () => demoWalks.stop());
    }
  }
  // Warning dispatch (issue 19, docs/dispatch.md): the duty roster, the outbox and its channels, evacuation notices and the
  // warning desk; records in the historian (in memory without one). The demo plant's roster is seeded with the demo's permits.
  const { RosterBook, WarningDesk, Outbox, PushSubscriptionBook, EvacuationNotifier, createChannels, messageNames, dispatchCapability, outboxCapability } = await modules.dispatch;
  const dispatchLogger = logger.child({ component: 'dispatch' });
  const rosterFile = config.dispatch.rosterFile ?? (plant.simulating && config.permits.demoPermits ? path.join(path.dirname(config.scene), DEMO_ROSTER_FILE) : null);
  const roster = await RosterBook.open({ records: historian?.dispatch ?? null, journal, bus, config: config.dispatch, rosterFile, utcOffsetMin: config.permits.utcOffsetMin, logger: dispatchLogger });
  const pushSubscriptions = await PushSubscriptionBook.open(historian?.deliveries ?? null, dispatchLogger);
  const channelSetup = await createChannels(config.dispatch.channels, { env: process.env, dataDir: config.dataDir, subscriptions: pushSubscriptions });
  let deskOpened!: (desk: Desk) => void;
  const deskOpening = new Promise<Desk>((resolve) => (deskOpened = resolve));
  const outbox = await Outbox.open({
    config: config.dispatch.channels,
    setup: channelSetup,
    records: historian?.deliveries ?? null,
    people: (personId) => roster.person(personId),
    names: (locale) => messageNames(scene, () => roster.current().posts, locale),
    utcOffsetMin: config.permits.utcOffsetMin,
    bus,
    logger: dispatchLogger,
    // Deliveries the outbox resumes report before the desk has opened: they land once it has.
    onDelivery: (report) => void deskOpening.then((desk) => desk.applyDelivery(report)),
  });
  closers.add('warning outbox', () => outbox.close());
  const evacuationNotices = new EvacuationNotifier({
    scene,
    hub: plant.hub,
    bus,
    evacuationRules: config.dispatch.evacuationRules,
    roster,
    sink: outbox,
    journal,
    badgeStaleAfterMs: config.workers.staleAfterMs,
    onRecordChanged: (warningId, record) => void deskOpening.then((desk) => desk.setEvacuation(warningId, record)),
    logger: dispatchLogger,
  });
  closers.add('evacuation notices', () => evacuationNotices.dispose());
  // A camera alarm's model (statistics by model): the camera's configured model, else the first; an NVR's or the demo's analytics by their source.
  const firstModelId = Object.keys(config.vision.models)[0];
  const warningDesk = await WarningDesk.open({
    records: historian?.dispatch ?? null,
    journal,
    bus,
    roster,
    config: config.dispatch,
    scene,
    alarms: { alarms: () => plant.engine.alarms(), command: (command, user) => plant.hub.command(command, user) },
    sink: outbox,
    evacuation: evacuationNotices,
    cameraModelOf: (alarm) => (alarm.evidence?.source === 'safetwin' ? (config.vision.cameras.find((camera) => camera.cameraId === alarm.sourceId)?.model ?? firstModelId) : alarm.evidence?.source),
    logger: dispatchLogger,
  });
  deskOpened(warningDesk);
  closers.add('warning desk', () => warningDesk.close());
  // The manager's indicators (issue 20, docs/indicators.md): computed per day from the historian into it, back-filled in the background.
  const { startIndicators, indicatorCapability, hotspotCapability, HotspotMap } = await modules.indicators;
  const indicatorBook = await startIndicators({
    historian,
    scene,
    config,
    demoScenePath: plant.simulating && config.permits.demoPermits ? config.scene : null,
    hub: plant.hub,
    journal,
    logger: logger.child({ component: 'indicators' }),
  });
  closers.add('indicators', () => indicatorBook.stop());
  // The site map's hot spots over time (issue 20 item 4): the same records, weighed as the live risk heatmap weighs them.
  const hotspotMap = new HotspotMap({ records: historian?.hotspots ?? null, scene, riskWeights: config.risk, utcOffsetMin: config.permits.utcOffsetMin });
  const leakStudies = new LiveLeakStudies({
    scene,
    bus,
    engine: engineWhenBooted(leakEngineStarting),
    logger: logger.child({ component: 'dispersion' }),
    ...(plant.simulating ? { simulator: simulatorLink } : {}),
    journal,
  });
  closers.add('leak studies', () => leakStudies.close());
  const alarmBoard = new AlarmBoard();
  // Seeded and subscribed in one synchronous step: no transition falls between the two.
  for (const alarm of plant.engine.alarms()) alarmBoard.apply(alarm);
  const { LivePlayer, PlayerSockets, ReplayRequests } = await modules.players;
  const livePlayer = new LivePlayer({ live: plant.hub, alarmBoard, bus, metrics, linkState: () => plant.linkState(), inject: plant.simulating });
  const players = new PlayerSockets({
    live: livePlayer,
    scene,
    recordingsDir: recordingsDirOf(config.dataDir),
    metrics,
    logger: logger.child({ component: 'players' }),
    personalData,
    ...(recorder ? { flushCurrentFile: () => recorder.flush() } : {}),
    staleAfterMs: (sensorIndex) => commLossTimeoutMs(config.alarms, scene.sensors[sensorIndex]!),
    drill: () => {
      const runs = evacuation;
      const session = runs?.currentDrill();
      return runs && session ? { session, command: (command, by) => runs.commandDrill(command, by), alarmCommand: (command, by) => runs.drillAlarmCommand(command, by) } : null;
    },
  });
  closers.add('players', async () => {
    await players.close();
    await livePlayer.dispose();
  });
  // Safety operations reports (issue 20 item 5, docs/reports.md): on demand, and monthly/weekly by the schedule.
  const { startReportDesk, reportCapability } = await modules.reports;
  const reportDesk = startReportDesk({
    dataDir: config.dataDir,
    historian,
    journal,
    scene,
    config: config.reports,
    utcOffsetMin: config.permits.utcOffsetMin,
    reviewOverdueAfterMs: config.permits.reviewOverdueAfterMs,
    hazards: hazardRegister,
    risks: riskRegister,
    hotspots: hotspotMap,
    indexConfigs: indicatorBook.indexConfigs,
    ...(config.dispatch.channels.email && { email: { config: config.dispatch.channels.email, timeoutMs: config.dispatch.channels.retry.timeoutS * 1000, env: process.env } }),
    problems: (code, message) => (message === null ? bus.publish('problemCleared', { code, location: 'reports' }) : bus.publish('problem', { code, severity: 'warning', message, location: 'reports' })),
    log: { info: (message) => logger.info({ component: 'reports' }, message), warn: (message) => logger.warn({ component: 'reports' }, message) },
  });
  closers.add('reports', () => reportDesk.close());
  const replayRequests = new ReplayRequests({ recordingsDir: recordingsDirOf(config.dataDir), scene, replayOf: (socketId) => players.replayOf(socketId), exportsDir: exportsDirOf(config.dataDir), journal, personalData });
  // Each capability registers its socket handlers and its HTTP routes as one.
  const capabilities: Capability[] = [players, leakStudies, replayRequests, evacuationCapability(evacuationStarting), vision, permitCapability(permitRegister), contractorCapability(contractorRegister), doublePreventionCapability({ hazards: hazardRegister, risks: riskRegister, inspections: inspectionRegister, scene, utcOffsetMin: config.permits.utcOffsetMin }),
    dispatchCapability({ desk: warningDesk, roster, snapshotFile: (eventId) => vision.evidenceFile(eventId, 'snapshot'), journal, logger: dispatchLogger }),
    outboxCapability({ outbox, subscriptions: pushSubscriptions, vapidPublicKey: channelSetup.vapidPublicKey }),
    evacuationNotices.capability(),
    indicatorCapability(indicatorBook),
    hotspotCapability(hotspotMap),
  ];
  capabilities.push(reportCapability(reportDesk));
  const { createHttpApp, registerHistoryRoutes } = await modules.http;
  const app = await createHttpApp({
    logger,
    auth,
    metrics,
    personalData,
    rendererDir,
    startedAtMs,
    problems: () => activeProblems.list(),
    mqttLink: () => plant.linkState(),
    dataDir: config.dataDir,
    riskWeights: config.risk,
    live: { scene, hub: plant.hub, alarms: () => plant.engine.alarms(), kpis: (windowMs) => plant.kpis(windowMs), history: plant.history },
    historian: historian !== null,
    routes: [...capabilities.flatMap((capability) => (capability.routes ? [capability.routes] : [])), (server, guards) => registerHistoryRoutes(server, { ...guards, history: historian }),
      (server, guards) => registerPermitStatsRoutes(server, guards, { stats: historian?.permitStats ?? null, config: config.permits }),
    ],
  }).catch(failed);
  closers.add('http', () => app.close());
  await Promise.resolve(app.ready()).catch(failed);
  const { SocketGateway } = await modules.realtime;
  const gateway = new SocketGateway({
    httpServer: app.server,
    auth,
    bus,
    alarmBoard,
    scene,
    metrics,
    logger,
    status: () => ({ uptimeS: (Date.now() - startedAtMs) / 1000, problems: activeProblems.list(), mqtt: plant.linkState(), mqttUrl: redactSecrets(plant.mqttUrl) }),
    features: capabilities,
    operatorPositions: config.alarms.operatorPositions,
    personalData,
    journal,
  });
  closers.add('socket gateway', () => gateway.close());
  metrics.observeBus(() => ({ published: bus.topicsPublished().map(([topic, count]) => [String(topic), count]), handlerErrors: bus.handlerErrors }));

  const { recovered } = await recorderStarting.catch(failed);
  if (recovered.length > 0) logger.warn({ files: recovered }, 'recovered recordings a crash left open');
  try {
    await app.listen({ port: config.port, host: config.host });
    listened(true);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    await failed(new CoreStartError([problem('ST_ERR_HTTP_LISTEN', 'error', { message: `cannot listen on ${config.host}:${config.port} (${code})`, tip: 'Choose another --port, or stop the program using it.' })]));
  }
  // The study engines boot now; without them the rest still works.
  leakEngineStarting.catch((error: unknown) => {
    logger.error({ err: error }, 'dispersion studies could not start');
    activeProblems.raise(problem('ST_ERR_CAPABILITY_START', 'error', { message: `dispersion studies: ${(error as Error).message}` }));
  });
  const port = (app.server.address() as AddressInfo).port;
  const url = `http://${urlHostFor(config.host)}:${port}/`;
  onListening?.(url);
  evacuation = await evacuationStarting.catch((error: unknown) => {
    logger.error({ err: error }, 'evacuation runs could not start');
    activeProblems.raise(problem('ST_ERR_CAPABILITY_START', 'error', { message: `evacuation runs: ${(error as Error).message}` }));
    return undefined;
  });
  logger.info({ url, mqttUrl: redactSecrets(plant.mqttUrl), embeddedBroker: plant.embeddedBroker, scene: config.scene, sceneId: scene.site.id, dataDir: config.dataDir, authRequired, startupMs: Date.now() - startedAtMs }, 'SafeTwin core listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    mqttUrl: plant.mqttUrl,
    plant,
    port,
    scene,
    bus,
    logger,
    authRequired,
    lastResort: createLastResort(new InputBoundary(metrics, logger.child({ component: 'process' })), (p) => bus.publish('problem', p)),
    close: () =>
      (closing ??= (async () => {
        await closers.closeAll();
        bus.dispose();
        logger.info('SafeTwin core stopped');
      })()),
  };
}
