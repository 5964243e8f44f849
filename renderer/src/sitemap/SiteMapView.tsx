import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Deck, OrthographicView } from '@deck.gl/core';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { PathLayer, PolygonLayer, ScatterplotLayer } from '@deck.gl/layers';
import { DEFAULT_RISK_WEIGHTS, riskPoints, type Area, type RiskWeights, type ClientScene } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { THEME } from '../theme.js';
import { markerLook } from '../twin/liveColours.js';
import { plantFrame } from '../twin/plantToWorld.js';

/** The heatmap and markers follow the live data at this rate (a risk picture, not a trend). */
const REFRESH_MS = 1_000;
/** Sequential ramp for risk (light → dark orange-red), deliberately unlike the four alarm colours. */
const RISK_RAMP: [number, number, number][] = [
  [255, 247, 236],
  [254, 232, 200],
  [253, 212, 158],
  [253, 187, 132],
  [227, 74, 51],
  [179, 0, 0],
];

const rgb = (hex: string): [number, number, number] => [parseInt(hex.slice(1, 3), 16), parseInt(hex.slice(3, 5), 16), parseInt(hex.slice(5, 7), 16)];

/**
 * The 2D site map (deck.gl, plant metres, north up): zones in their four-colour fills, roads,
 * sensors and workers, and the risk heatmap (weights: main/contracts/riskWeighting.ts), updated
 * from the live store once a second — the same data as the 3D view.
 */
export function SiteMapView({ scene }: { scene: ClientScene }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const container = useRef<HTMLDivElement>(null);
  const [heatmapOn, setHeatmapOn] = useState(true);
  const [weights, setWeights] = useState<RiskWeights>(DEFAULT_RISK_WEIGHTS);

  useEffect(() => {
    void client.getJson<RiskWeights>('/api/risk/weights').then((w) => w && setWeights(w));
  }, [client]);

  useEffect(() => {
    const parent = container.current;
    if (!parent) return;
    const frame = plantFrame(scene);
    const deck = new Deck({
      parent,
      views: new OrthographicView({ id: 'site', flipY: false }),
      initialViewState: { target: [frame.centreX, frame.centreY, 0], zoom: Math.log2(Math.min(parent.clientWidth / frame.widthM, parent.clientHeight / frame.depthM) * 0.9), minZoom: -3, maxZoom: 6 },
      controller: true,
      // The map is read from a distance: CSS pixels are enough, and 4× cheaper on a HiDPI wall.
      useDevicePixels: false,
      style: { position: 'absolute', inset: '0' },
    });
    const staticLayers = [
      new PolygonLayer<Area>({
        id: 'zones',
        data: scene.areas,
        getPolygon: (a) => a.polygon,
        getFillColor: (a) => [...rgb(a.riskLevel ? THEME.riskZone[a.riskLevel] : THEME.areaFill), 140],
        getLineColor: rgb(THEME.areaOutline),
        lineWidthMinPixels: 1,
      }),
      new PathLayer({ id: 'roads', data: scene.site.roads, getPath: (r) => r.path, getWidth: (r) => r.widthM, getColor: rgb(THEME.road), widthUnits: 'meters' }),
    ];
    const update = () => {
      const live = client.live;
      const alarms = client.store.get().alarms.values();
      const workers = [...live.workers.values()];
      const layers = [
        ...staticLayers,
        heatmapOn &&
          new HeatmapLayer({
            id: 'risk',
            data: riskPoints({ scene, alarms, sensorValues: live.values, workers }, weights),
            getPosition: (p) => [p.x, p.y],
            getWeight: (p) => p.weight,
            radiusPixels: Math.max(10, weights.radiusM),
            colorRange: RISK_RAMP,
            aggregation: 'SUM',
            // A fixed domain (in "urgent alarms") keeps colours comparable over time and stops the layer
            // re-measuring its range every frame, which kept software-GL wall PCs redrawing constantly.
            colorDomain: [0.05, 2],
            weightsTextureSize: 512,
            updateTriggers: { getWeight: live.version },
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
        new ScatterplotLayer({
          id: 'workers',
          data: workers,
          getPosition: (w) => [w.x, w.y],
          getRadius: 2,
          radiusMinPixels: 3,
          getFillColor: (w) => rgb(THEME.role[scene.personnel.find((p) => p.badgeId === w.badgeId)?.role ?? 'visitor']),
          updateTriggers: { getPosition: live.version },
        }),
      ];
      deck.setProps({ layers });
    };
    update();
    const timer = setInterval(update, REFRESH_MS);
    return () => {
      clearInterval(timer);
      deck.finalize();
    };
  }, [scene, client, heatmapOn, weights]);

  return (
    <div className="site-map" data-testid="site-map">
      <div ref={container} className="site-map-canvas" />
      <div className="map-legend" aria-label={t('map.legend')}>
        <button type="button" aria-pressed={heatmapOn} onClick={() => setHeatmapOn(!heatmapOn)} data-testid="heatmap-toggle">
          {t('map.heatmap')}
        </button>
        {heatmapOn && (
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
