import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Deck, OrthographicView, type Layer } from '@deck.gl/core';
import { BitmapLayer, IconLayer, PathLayer, PolygonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import { DEFAULT_RISK_WEIGHTS, polygonCentroid, riskPoints, type Area, type ClientScene, type DispersionZones, type EvacuationBoard, type Exit, type MusterPoint, type RiskWeights, type WorkerPosition } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { drillLeakStore, shownThreats } from '../evacuation/evacuationFeed.js';
import { localized } from '../i18n/i18n.js';
import { leakStore, type LeakPicture } from '../leak/leakFeed.js';
import { threatZoneColour, threatZoneRank } from '../leak/threatZoneColours.js';
import { MIN_ICON_HEIGHT_PX } from '../twin/WorkerAvatars.js';
import { workerAlarmPriorities } from '../twin/areaAlarms.js';
import { replayedLeakPicture } from '../replay/replayCloud.js';
import { markerLook } from '../twin/liveColours.js';
import { plantFrame } from '../twin/plantToWorld.js';
import { THEME } from '../theme.js';
import { currentZones, PermitCamerasCard } from '../permits/PermitZoneParts.js';
import { onPermitClick, permitMapLayers } from '../permits/permitMapLayers.js';
import { cloudImagePixels, gridBounds, inThreatZone } from './mapCloud.js';
import { hazardFeedStore, hazardPanelStore } from '../hazards/hazardFeed.js';
import { hazardMapLayer, onHazardPinClick, placeBlinkRings } from '../hazards/hazardMapLayers.js';
import { checkpointMapLayer } from '../hazards/checkpointMapLayer.js';
import { uiStore } from '../state/uiStore.js';
import { inspectionFeedStore, inspectionsShown } from '../hazards/inspectionFeed.js';
import { riskAreasStore, shownAreaRisk } from '../hazards/riskAreas.js';
import { scaleBarStep, scaleLabel, stationWind, windArrow } from './mapGraphics.js';
import { HotspotControls } from './HotspotControls.js';
import { hotspotLayers, riskHeatmapLayer, type HotspotView } from './riskHeatmap.js';
import './siteMap.css';

/** The heatmap, cloud and markers follow the live data at this rate (a risk picture, not a trend). */
const REFRESH_MS = 1_000;
/** The SOS pulse of a man-down badge: one ring growing from the icon to this radius, once a second. */
const SOS_PERIOD_MS = 1_000;
const SOS_FRAME_MS = 100;
const SOS_MAX_RADIUS_PX = 34;
/** Equipment names appear from this map scale (px per metre): below it they pile up in the process units. */
const EQUIPMENT_NAMES_FROM_PX_PER_M = 2.5;
const SCALE_BAR_MAX_PX = 140;
const LABEL_TEXT: [number, number, number] = [216, 221, 226];
const LABEL_HALO: [number, number, number, number] = [29, 32, 35, 200];

/** The person icon's drawing size in its atlas (px); drawn at MIN_ICON_HEIGHT_PX or more on the map. */
const PERSON_ICON_PX = 64;
const PERSON_ICON_MAPPING = { person: { x: 0, y: 0, width: PERSON_ICON_PX, height: PERSON_ICON_PX, anchorY: PERSON_ICON_PX, mask: true } };

/**
 * A person, drawn as a silhouette (head and shoulders) so a badge never reads as a sensor dot: a white
 * mask coloured per badge by role or alarm priority. Drawn on a canvas, as the strict CSP lets deck.gl
 * fetch no data: URL.
 */
function personIconAtlas(): HTMLCanvasElement {
  const canvas = document.createElement('canvas');
  canvas.width = canvas.height = PERSON_ICON_PX;
  const g = canvas.getContext('2d')!;
  g.fillStyle = '#ffffff';
  g.beginPath();
  g.arc(32, 15, 11, 0, 2 * Math.PI);
  g.fill();
  g.beginPath();
  g.moveTo(12, 62);
  g.bezierCurveTo(12, 38, 20, 30, 32, 30);
  g.bezierCurveTo(44, 30, 52, 38, 52, 62);
  g.closePath();
  g.fill();
  return canvas;
}

const rgb = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

type Furniture = { pixelsPerMetre: number; wind: { fromDeg: number; speedMps: number } | null };

/**
 * Muster points and gates the threat zone reaches: those the evacuation board flags (in a replay, the boards
 * recorded at the replayed instant), and any in the cloud's AEGL-2 zone now.
 */
function threatened(picture: LeakPicture | null, drill: LeakPicture | null, scene: ClientScene, replayedBoards: EvacuationBoard[] | null): { musterIds: Set<string>; gateIds: Set<string> } {
  const threats = shownThreats(replayedBoards);
  const musterIds = new Set(threats.flatMap((t) => t.musterIds));
  const gateIds = new Set(threats.flatMap((t) => t.gateIds));
  for (const m of scene.musterPoints) if (inThreatZone(picture, m.position[0], m.position[1]) || inThreatZone(drill, m.position[0], m.position[1])) musterIds.add(m.id);
  for (const e of scene.exits) {
    const [a, b] = e.opening;
    const [x, y] = [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];
    if (inThreatZone(picture, x, y) || inThreatZone(drill, x, y)) gateIds.add(e.id);
  }
  return { musterIds, gateIds };
}

/** A recorded picture turned into a drawable one once per recorded instant (the map redraws far more often). */
function lastPictureOf(): (zones: DispersionZones | null) => LeakPicture | null {
  let last: { zones: DispersionZones; picture: LeakPicture } | null = null;
  return (zones) => {
    if (!zones) return null;
    if (last?.zones !== zones) last = { zones, picture: replayedLeakPicture(zones) };
    return last.picture;
  };
}

/** The cloud image and zone outlines of one leak picture (live or drill), as on the twin. */
function cloudLayers(id: string, picture: LeakPicture | null, drill: boolean): Layer[] {
  if (!picture?.grid) return [];
  const pixels = cloudImagePixels(picture, drill);
  if (!pixels) return [];
  const outlines = [...picture.zones]
    .sort((a, b) => threatZoneRank(b.level) - threatZoneRank(a.level))
    .flatMap((zone) => zone.rings.filter((ring) => ring.length >= 3).map((ring) => ({ path: [...ring, ring[0]!], colour: rgb(threatZoneColour(zone.level)) })));
  return [
    new BitmapLayer({ id: `${id}-cloud`, image: new ImageData(pixels, picture.grid.nx, picture.grid.ny), bounds: gridBounds(picture.grid), textureParameters: { minFilter: 'linear', magFilter: 'linear' } }),
    new PathLayer<{ path: [number, number][]; colour: [number, number, number] }>({
      id: `${id}-zones`,
      data: outlines,
      getPath: (o) => o.path,
      getColor: (o) => o.colour,
      // A drill's outlines are thinner over a hatched cloud: never taken for a real release (issue 12.6).
      getWidth: drill ? 1.5 : 3,
      widthUnits: 'pixels',
    }),
  ];
}

/**
 * The 2D site map (deck.gl, plant metres, plant north up): zones in their four-colour fills, roads,
 * the risk heatmap (weights: main/contracts/riskWeighting.ts), the leak cloud and its threat zones as
 * on the twin (a drill's hatched), area and equipment names in the UI language, muster points and
 * gates with their names (flagged when the threat zone reaches them), sensors, people as person icons
 * with a minimum size and an SOS pulse when down, names only where the scene carries them (the core
 * strips them for roles without personnel:viewNames); wind, scale bar and north arrow over it.
 * Updated from the live store once a second — the same data as the 3D view.
 */
export function SiteMapView({ scene, hotspotsFirst = false }: { scene: ClientScene; /** Opens on the hot spots over a period (the manager view) rather than live. */ hotspotsFirst?: boolean }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const client = useCoreClient();
  const container = useRef<HTMLDivElement>(null);
  const blinkLayer = useRef<HTMLDivElement>(null);
  const [heatmapOn, setHeatmapOn] = useState(true);
  const [weights, setWeights] = useState<RiskWeights>(DEFAULT_RISK_WEIGHTS);
  const [furniture, setFurniture] = useState<Furniture>({ pixelsPerMetre: 1, wind: null });
  // A period's hot spots replace the live heatmap; held in a ref so a new period redraws without rebuilding the map.
  const [hotspotView, setHotspotView] = useState<HotspotView | null>(null);
  const hotspots = useRef<HotspotView | null>(null);
  const redraw = useRef<(() => void) | null>(null);
  const onHotspotView = useCallback((view: HotspotView | null) => {
    hotspots.current = view;
    setHotspotView(view);
    redraw.current?.();
  }, []);

  useEffect(() => {
    void client.getJson<RiskWeights>('/api/risk/weights').then((w) => w && setWeights(w));
  }, [client]);

  useEffect(() => {
    const parent = container.current;
    if (!parent) return;
    const frame = plantFrame(scene);
    const personIcon = personIconAtlas();
    // A muster area carries its muster point's name: the point's label (flagged when threatened) says it once.
    const musterAreaIds = new Set(scene.musterPoints.map((m) => m.areaId));
    const initialZoom = Math.log2(Math.min(parent.clientWidth / frame.widthM, parent.clientHeight / frame.depthM) * 0.9);
    let zoom = initialZoom;
    const deck = new Deck({
      parent,
      views: new OrthographicView({ id: 'site', flipY: false }),
      initialViewState: { target: [frame.centreX, frame.centreY, 0], zoom: initialZoom, minZoom: -3, maxZoom: 6 },
      controller: true,
      // The map is read from a distance: CSS pixels are enough, and 4× cheaper on a HiDPI wall.
      useDevicePixels: false,
      style: { position: 'absolute', inset: '0' },
      onViewStateChange: ({ viewState }) => {
        zoom = (viewState as { zoom: number }).zoom;
        setFurniture((f) => ({ ...f, pixelsPerMetre: 2 ** zoom }));
        render();
        return viewState;
      },
    });
    const offPermitClicks = onPermitClick(deck, parent);
    const named = <T,>(items: T[], text: (item: T) => string) => items.filter((item) => text(item) !== '');
    const textLayer = <T,>(id: string, data: T[], position: (d: T) => [number, number], text: (d: T) => string, sizePx: number, offsetPx: [number, number] = [0, 0], colour: [number, number, number] | ((d: T) => [number, number, number]) = LABEL_TEXT) =>
      new TextLayer<T>({
        id,
        data,
        getPosition: position,
        getText: text,
        getSize: sizePx,
        getColor: colour,
        getPixelOffset: offsetPx,
        // Chinese scene names need glyphs beyond ASCII in the font atlas.
        characterSet: 'auto',
        fontFamily: 'system-ui, "Noto Sans CJK SC", sans-serif',
        background: true,
        getBackgroundColor: LABEL_HALO,
        backgroundPadding: [3, 1],
        updateTriggers: { getText: language },
      });
    // The four-colour map from the risk register, live (issue 18 item 1); the scene's static grade where the register has none.
    const zonesLayer = () => {
      const { areas: register, version } = riskAreasStore.get();
      return new PolygonLayer<Area>({
        id: 'zones',
        data: scene.areas,
        getPolygon: (a) => a.polygon,
        getFillColor: (a) => {
          const grade = shownAreaRisk(a, register).grade;
          return [...rgb(grade ? THEME.riskZone[grade] : THEME.areaFill), 140];
        },
        getLineColor: rgb(THEME.areaOutline),
        lineWidthMinPixels: 1,
        updateTriggers: { getFillColor: version },
      });
    };
    const roadsLayer = new PathLayer({ id: 'roads', data: scene.site.roads, getPath: (r) => r.path, getWidth: (r) => r.widthM, getColor: rgb(THEME.road), widthUnits: 'meters' });
    let dataLayers: Layer[] = [];
    let overLayers: Layer[] = [];
    let manDown: WorkerPosition[] = [];
    const render = () => {
      const pulse = (Date.now() % SOS_PERIOD_MS) / SOS_PERIOD_MS;
      const sos =
        manDown.length > 0
          ? [
              new ScatterplotLayer<WorkerPosition>({
                id: 'sos-pulse',
                data: manDown,
                getPosition: (w) => [w.x, w.y],
                radiusUnits: 'pixels',
                getRadius: MIN_ICON_HEIGHT_PX / 2 + pulse * (SOS_MAX_RADIUS_PX - MIN_ICON_HEIGHT_PX / 2),
                stroked: true,
                filled: false,
                getLineColor: [...rgb(THEME.alarm.urgent), Math.round(255 * (1 - pulse))],
                lineWidthUnits: 'pixels',
                getLineWidth: 3,
                updateTriggers: { getRadius: pulse, getLineColor: pulse },
              }),
            ]
          : [];
      const equipmentNames =
        2 ** zoom >= EQUIPMENT_NAMES_FROM_PX_PER_M
          ? [textLayer('equipment-names', named(scene.equipment, (e) => localized(e.name, language)), (e) => [e.position.x, e.position.y], (e) => localized(e.name, language), 11, [0, 0], rgb(THEME.sensor))]
          : [];
      // Hidden dangers over the names, under the people; drawn here, so a report or a step shows at once.
      const hazardTickets = hazardFeedStore.get().tickets;
      const hazards = hazardMapLayer(hazardTickets, Date.now());
      parent.dataset['hazardPins'] = hazardTickets.map((v) => v.ticket.number).join(' ');
      // Until deck.gl has set itself up it has no viewport (asking asserts): the rings come with the next render.
      if (blinkLayer.current && deck.isInitialized) placeBlinkRings(blinkLayer.current, hazardTickets, Date.now(), (point) => deck.getViewports()[0]?.project([...point]));
      const peopleAt = overLayers.findIndex((l) => l.id === 'people');
      // Inspection checkpoints only while the inspection section is open or the labels are on: not in the incident picture.
      const checkpoints = inspectionsShown() ? [checkpointMapLayer(inspectionFeedStore.get().plans)] : [];
      const layers = [zonesLayer(), roadsLayer, ...dataLayers, ...equipmentNames, ...sos, ...overLayers.slice(0, peopleAt), ...checkpoints, hazards, ...overLayers.slice(peopleAt)];
      deck.setProps({ layers });
      parent.dataset['layers'] = layers
        // A bitmap has no data rows; every other layer counts only when it has something to draw.
        .filter((l) => l instanceof BitmapLayer || !Array.isArray(l.props.data) || (l.props.data as unknown[]).length > 0)
        .map((l) => l.id)
        .join(' ');
    };
    const replayed = { study: lastPictureOf(), drill: lastPictureOf() };
    const update = () => {
      const live = client.live;
      const alarms = [...client.store.get().alarms.values()];
      const workers = [...live.workers.values()];
      // Live: the studies' and the drill's clouds now; in a replay, the clouds recorded at the replayed instant.
      const state = client.store.get();
      const livePicture = state.player.mode !== 'replay' ? leakStore.get().picture : replayed.study(state.replayDispersion);
      const drillPicture = state.player.mode !== 'replay' ? drillLeakStore.get().picture : replayed.drill(state.replayDrillDispersion);
      const workerAlarms = workerAlarmPriorities(alarms);
      const downIds = new Set(alarms.filter((a) => a.sourceKind === 'worker' && a.condition === 'manDown' && a.active).map((a) => a.sourceId));
      manDown = workers.filter((w) => downIds.has(w.badgeId));
      const people = new Map(scene.personnel.map((p) => [p.badgeId, p]));
      const threat = threatened(livePicture, drillPicture, scene, state.player.mode !== 'replay' ? null : state.replayEvacuationBoards);
      const gates = scene.exits.filter((e) => e.kind !== 'door');
      const musterName = (m: MusterPoint) => (threat.musterIds.has(m.id) ? `${localized(m.name, language)} ⚠ ${t('siteMapView.inThreatZone')}` : localized(m.name, language));
      const gateName = (e: Exit) => (threat.gateIds.has(e.id) ? `${localized(e.name, language)} ⚠ ${t('siteMapView.inThreatZone')}` : localized(e.name, language));
      const gateCentre = (e: Exit): [number, number] => [(e.opening[0][0] + e.opening[1][0]) / 2, (e.opening[0][1] + e.opening[1][1]) / 2];
      const permitZones = currentZones(client, Date.now());
      const wind = stationWind(scene, live.values) ?? (livePicture ? { fromDeg: livePicture.wind.fromDeg, speedMps: livePicture.wind.speedMps } : null);
      setFurniture((f) => (f.wind?.fromDeg === wind?.fromDeg && f.wind?.speedMps === wind?.speedMps ? f : { ...f, wind }));
      dataLayers = [
        ...(!heatmapOn
          ? []
          : hotspots.current
            ? hotspotLayers(hotspots.current)
            : [
                // Weights in "urgent alarms": the domain from 0.05 to 2 of them.
                riskHeatmapLayer('risk', riskPoints({ scene, alarms: alarms.values(), sensorValues: live.values, workers }, weights), Math.max(10, weights.radiusM), [0.05, 2], live.version),
              ]),
        ...cloudLayers('plume', livePicture, false),
        ...cloudLayers('drill-plume', drillPicture, true),
        new ScatterplotLayer<MusterPoint>({
          id: 'muster-points',
          data: scene.musterPoints,
          getPosition: (m) => m.position,
          getRadius: (m) => m.radiusM,
          stroked: true,
          filled: true,
          getFillColor: [255, 255, 255, 30],
          getLineColor: (m) => (threat.musterIds.has(m.id) ? rgb(THEME.alarm.urgent) : rgb(THEME.zoneOutline.muster)),
          lineWidthUnits: 'pixels',
          getLineWidth: (m) => (threat.musterIds.has(m.id) ? 4 : 2),
          radiusMinPixels: 8,
          updateTriggers: { getLineColor: [...threat.musterIds].join(), getLineWidth: [...threat.musterIds].join() },
        }),
        new PathLayer<Exit>({
          id: 'gates',
          data: gates,
          getPath: (e) => e.opening,
          getColor: (e) => (threat.gateIds.has(e.id) ? rgb(THEME.alarm.urgent) : rgb(THEME.zoneOutline.muster)),
          getWidth: 6,
          widthUnits: 'pixels',
          capRounded: true,
          updateTriggers: { getColor: [...threat.gateIds].join() },
        }),
        new ScatterplotLayer({
          id: 'sensors',
          data: scene.sensors,
          getPosition: (s) => [s.position.x, s.position.y],
          getRadius: 1.5,
          radiusMinPixels: 2,
          getFillColor: (_s, { index }) => {
            const look = markerLook(live.flags[index] ?? 0).colour;
            return rgb(look === 'normal' ? THEME.sensor : look === 'stale' ? THEME.stale : THEME.alarm[look]);
          },
          updateTriggers: { getFillColor: live.version },
        }),
      ];
      overLayers = [
        textLayer('area-names', named(scene.areas.filter((a) => !musterAreaIds.has(a.id)), (a) => localized(a.name, language)), (a) => polygonCentroid(a.polygon), (a) => localized(a.name, language), 14),
        textLayer('muster-names', scene.musterPoints, (m) => m.position, musterName, 13, [0, -18], [255, 255, 255]),
        textLayer('gate-names', gates, gateCentre, gateName, 12, [0, 14]),
        // Permit zones over the names, under the people: whoever is in a zone stays visible.
        ...permitMapLayers(permitZones, Date.now(), t, textLayer),
        new IconLayer<WorkerPosition>({
          id: 'people',
          data: workers,
          getPosition: (w) => [w.x, w.y],
          // An 'image' prop, like BitmapLayer's image: any texture source is uploaded (the typing lists only Texture and URL).
          iconAtlas: personIcon as unknown as string,
          iconMapping: PERSON_ICON_MAPPING,
          getIcon: () => 'person',
          getSize: MIN_ICON_HEIGHT_PX,
          sizeUnits: 'pixels',
          getColor: (w) => {
            const priority = workerAlarms.get(w.badgeId);
            return rgb(priority ? THEME.alarm[priority] : THEME.role[people.get(w.badgeId)?.role ?? 'visitor']);
          },
          updateTriggers: { getPosition: live.version, getColor: [live.version, ...workerAlarms.entries()].join() },
        }),
        textLayer(
          'people-names',
          workers.filter((w) => people.get(w.badgeId)?.displayName),
          (w) => [w.x, w.y],
          (w) => people.get(w.badgeId)!.displayName!,
          11,
          [0, 10],
        ),
        textLayer('sos-labels', manDown, (w) => [w.x, w.y], () => t('siteMapView.sos'), 12, [0, -MIN_ICON_HEIGHT_PX - 8], rgb(THEME.alarm.urgent)),
      ];
      render();
    };
    update();
    redraw.current = update;
    const timer = setInterval(update, REFRESH_MS);
    // The SOS pulse animates only while someone is down (a still map costs nothing on a software-GL wall PC).
    const pulseTimer = setInterval(() => manDown.length > 0 && render(), SOS_FRAME_MS);
    // A report or a step shows at once, not at the next refresh; a re-graded area too.
    // The checkpoints come and go with the inspection section and the labels (not on every selection).
    let checkpointsWere = inspectionsShown();
    const onCheckpoints = () => checkpointsWere !== inspectionsShown() && ((checkpointsWere = !checkpointsWere), render());
    const offFeeds = [hazardFeedStore.subscribe(render), riskAreasStore.subscribe(render), inspectionFeedStore.subscribe(render), hazardPanelStore.subscribe(onCheckpoints), uiStore.subscribe(onCheckpoints)];
    const offHazardClicks = onHazardPinClick(deck, parent);
    setFurniture((f) => ({ ...f, pixelsPerMetre: 2 ** zoom }));
    return () => {
      redraw.current = null;
      clearInterval(timer);
      clearInterval(pulseTimer);
      offFeeds.forEach((off) => off());
      offHazardClicks();
      offPermitClicks();
      deck.finalize();
    };
  }, [scene, client, heatmapOn, weights, language, t]);

  return (
    <div className="site-map" data-testid="site-map">
      <div ref={container} className="site-map-canvas" data-testid="site-map-canvas" />
      <div ref={blinkLayer} className="hazard-map-blinks" data-testid="hazard-map-blinks" aria-hidden="true" />
      <MapFurniture scene={scene} furniture={furniture} />
      <PermitCamerasCard scene={scene} />
      {heatmapOn && (
        <div className="hotspot-panel" aria-label={t('hotspots.title')}>
          <HotspotControls onView={onHotspotView} startOnPeriod={hotspotsFirst} />
        </div>
      )}
      <div className="map-legend" aria-label={t('map.legend')}>
        <button type="button" aria-pressed={heatmapOn} onClick={() => setHeatmapOn(!heatmapOn)} data-testid="heatmap-toggle">
          {t('map.heatmap')}
        </button>
        {heatmapOn && !hotspotView && (
          <div className="ramp">
            <span>{t('map.lowRisk')}</span>
            <span className="ramp-bar" />
            <span>{t('map.highRisk')}</span>
          </div>
        )}
      </div>
    </div>
  );
}

/** North arrow, wind arrow with the station's speed, and the scale bar, docked in a corner outside the plant. */
function MapFurniture({ scene, furniture }: { scene: ClientScene; furniture: Furniture }) {
  const { t } = useTranslation();
  const scale = scaleBarStep(furniture.pixelsPerMetre, SCALE_BAR_MAX_PX);
  const label = scaleLabel(scale.lengthM);
  const arrow = furniture.wind ? windArrow(furniture.wind.fromDeg, furniture.wind.speedMps) : null;
  // The plant's +y axis is drawn up; true north is turned back by the grid's bearing (scene.site.geoReference).
  const northDeg = -scene.site.geoReference.gridNorthBearingDeg;
  return (
    <div className="map-furniture">
      <div className="map-north" data-testid="map-north" title={t('siteMapView.northArrow')} aria-label={t('siteMapView.northArrow')}>
        <svg viewBox="-20 -24 40 48" width="34" height="40" style={{ transform: `rotate(${northDeg}deg)` }} aria-hidden="true">
          <path d="M0 -20 L10 12 L0 6 L-10 12 Z" />
        </svg>
        <span>{t('siteMapView.north')}</span>
      </div>
      <div className="map-wind" data-testid="map-wind">
        {arrow ? (
          <>
            <svg viewBox="-20 -20 40 40" width="36" height="36" style={{ transform: `rotate(${arrow.rotationDeg}deg)` }} aria-hidden="true" data-rotation-deg={arrow.rotationDeg}>
              {arrow.calm ? <circle r="8" /> : <path d="M0 -18 L9 -2 L3 -2 L3 18 L-3 18 L-3 -2 L-9 -2 Z" />}
            </svg>
            <span>{arrow.calm ? t('siteMapView.windCalm', { speed: arrow.speedMps.toFixed(1) }) : t('siteMapView.wind', { speed: arrow.speedMps.toFixed(1), from: Math.round(furniture.wind!.fromDeg) })}</span>
          </>
        ) : (
          <span>{t('siteMapView.windUnknown')}</span>
        )}
      </div>
      <div className="map-scale" data-testid="map-scale" aria-label={t('siteMapView.scale')}>
        <span className="map-scale-bar" style={{ width: `${scale.widthPx}px` }} />
        <span>{t(label.unit === 'km' ? 'siteMapView.unitKm' : 'siteMapView.unitM', { value: label.value })}</span>
      </div>
    </div>
  );
}
