import { API_PATHS, RISK_GRADES, type AreaRiskGrade, type ClientScene, type ControlFailure, type RiskGrade } from '@contracts';
import type { TFunction } from 'i18next';
import type { CoreClient } from '../connection/CoreClient.js';
import { localized } from '../i18n/i18n.js';
import { createStore, type Store } from '../state/createStore.js';

/**
 * The four-colour map (安全风险四色分布图, issue 18 item 1) as the risk register draws it: each area's live grade
 * (its worst risk point's, raised one grade by a failed control), kept by `risk:areas`. The twin and the site map
 * colour an area by it; an area the register has no point in keeps the scene's static `riskLevel`, and its
 * details say that grade is not the register's.
 */
export type RiskAreasState = { areas: ReadonlyMap<string, AreaRiskGrade>; version: number };

export const riskAreasStore: Store<RiskAreasState> = createStore<RiskAreasState>({ areas: new Map(), version: 0 });

/** One area's grade as shown: the register's (live), else the scene's, else none (not assessed). */
export type ShownAreaRisk = { grade: RiskGrade | null; fromRegister: boolean; assessed: RiskGrade | null; raised: boolean; causes: ControlFailure[] };

export function shownAreaRisk(area: { id: string; riskLevel?: RiskGrade | undefined }, register: ReadonlyMap<string, AreaRiskGrade>): ShownAreaRisk {
  const graded = register.get(area.id);
  if (graded) return { grade: graded.grade, fromRegister: true, assessed: graded.assessed, raised: RISK_GRADES.indexOf(graded.grade) < RISK_GRADES.indexOf(graded.assessed), causes: graded.causes };
  return { grade: area.riskLevel ?? null, fromRegister: false, assessed: null, raised: false, causes: [] };
}

/** Why a control failed, in words: the detector by its id and name (its kind where the scene names none), or the interlock by its tag. */
export function controlFailureText(cause: ControlFailure, scene: ClientScene, language: string, t: TFunction): string {
  if (cause.kind === 'interlockBypassed') return t('hazards.room.area.cause.interlockBypassed', { id: cause.interlockId });
  const sensor = scene.sensors.find((s) => s.id === cause.sensorId);
  const name = sensor ? localized(sensor.name, language) || t(`sensorKind.${sensor.kind}`) : '';
  return t(`hazards.room.area.cause.${cause.kind}`, { id: cause.sensorId, name });
}

/**
 * Feeds riskAreasStore: the map is read over HTTP on every (re)connection — `risk:areas` is also sent on
 * connection, possibly before this screen listens — then replaced by each `risk:areas`. Returns the unsubscribe.
 */
export function connectRiskAreas(client: Pick<CoreClient, 'store' | 'on' | 'getJson'>): () => void {
  let wasConnected = false;
  /** A read answered after a newer push (or a newer read) is dropped: the push is the later picture. */
  let seq = 0;
  const apply = (areas: readonly AreaRiskGrade[]) => riskAreasStore.set((s) => ({ areas: new Map(areas.map((a) => [a.areaId, a])), version: s.version + 1 }));
  const load = async () => {
    const mine = ++seq;
    const areas = await client.getJson<AreaRiskGrade[]>(`${API_PATHS.riskPoints}/areas`);
    if (mine === seq && areas) apply(areas);
  };
  const onConnection = () => {
    const connected = client.store.get().connection === 'connected';
    if (connected && !wasConnected) void load();
    wasConnected = connected;
  };
  onConnection();
  const offs = [
    client.store.subscribe(onConnection),
    client.on('risk:areas', (areas) => {
      seq++;
      apply(areas);
    }),
  ];
  return () => {
    seq++;
    offs.forEach((off) => off());
  };
}
