import { indicatorSourceText, type IndicatorDefinition, type LocalizedText, type Scene } from '../contracts/index.js';
import { localizedName } from '../evacuation/index.js';
import { REPORT_STRINGS, type ReportLocale } from '../recording/index.js';
import type { IndicatorRow, ReportModel } from './reportModel.js';
import { REPORT_WORDS } from './reportWords.js';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The scene parts a report draws: area names and outlines (the hot-spot map). */
export type ReportScene = { site: Pick<Scene['site'], 'name'>; areas: Scene['areas']; organisation?: Scene['organisation'] };

const CHART_W = 640;
const CHART_H = 190;
const MAP_W = 640;
const MAP_H = 360;
/** Line styles of the two indices: told apart by dash, not colour (printed in grey too). */
const INDEX_STROKES = ['stroke:#1f1f1f;stroke-width:2.5', 'stroke:#6b6b6b;stroke-width:2;stroke-dasharray:6 4'];

function fmt(value: number | null, digits: number, locale: ReportLocale): string {
  return value === null ? '—' : value.toLocaleString(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

/** The index chart: one polyline per index over the chart's periods, 0–100 axis, gaps where a period has no data. */
function indexChartSvg(model: ReportModel, locale: ReportLocale): string {
  const w = REPORT_WORDS[locale];
  const left = 36;
  const top = 12;
  const plotW = CHART_W - left - 28;
  const plotH = CHART_H - top - 40;
  const n = model.indices[0]!.chart.length;
  const x = (i: number) => left + (n === 1 ? plotW / 2 : (i * plotW) / (n - 1));
  const y = (v: number) => top + plotH - (v / 100) * plotH;
  const grid = [0, 25, 50, 75, 100].map((v) => `<line x1="${left}" x2="${left + plotW}" y1="${y(v)}" y2="${y(v)}" class="grid"/><text x="${left - 4}" y="${y(v) + 3}" text-anchor="end">${v}</text>`).join('');
  const labels = model.indices[0]!.chart.map((p, i) => `<text x="${x(i).toFixed(1)}" y="${top + plotH + 14}" text-anchor="middle">${escapeHtml(model.period.kind === 'monthly' ? p.start.slice(0, 7) : p.start.slice(5))}</text>`).join('');
  const lines = model.indices
    .map((index, k) => {
      const segments: string[][] = [[]];
      index.chart.forEach((p, i) => (p.value === null ? segments.push([]) : segments.at(-1)!.push(`${x(i).toFixed(1)},${y(p.value).toFixed(1)}`)));
      const dots = index.chart.map((p, i) => (p.value === null ? '' : `<circle cx="${x(i).toFixed(1)}" cy="${y(p.value).toFixed(1)}" r="2.5" style="fill:#1f1f1f"/>`)).join('');
      return segments.filter((s) => s.length > 0).map((s) => `<polyline points="${s.join(' ')}" style="fill:none;${INDEX_STROKES[k]}"/>`).join('') + dots;
    })
    .join('');
  const legend = model.indices.map((index, k) => `<line x1="${left + k * 220}" x2="${left + k * 220 + 28}" y1="${CHART_H - 8}" y2="${CHART_H - 8}" style="${INDEX_STROKES[k]}"/><text x="${left + k * 220 + 34}" y="${CHART_H - 4}">${escapeHtml(w.indexNames[index.value.indexId])}</text>`).join('');
  return `<svg class="chart" role="img" width="${CHART_W}" height="${CHART_H}" viewBox="0 0 ${CHART_W} ${CHART_H}">${grid}${lines}${labels}${legend}</svg>`;
}

/**
 * The hot-spot map: the site's areas drawn from the scene's outlines (plant metres, north up), each shaded by
 * its alarms and hidden dangers of the period relative to the busiest area, named, with its counts.
 */
function hotSpotSvg(model: ReportModel, scene: ReportScene, locale: ReportLocale): string {
  const grid = model.hotSpotGrid;
  const half = grid ? grid.cellM / 2 : 0;
  const points = [...scene.areas.flatMap((a) => a.polygon), ...(grid?.cells ?? []).flatMap((c): [number, number][] => [[c.x - half, c.y - half], [c.x + half, c.y + half]])];
  if (points.length === 0) return '';
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const [minX, maxX, minY, maxY] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const scale = Math.min((MAP_W - 20) / Math.max(1, maxX - minX), (MAP_H - 20) / Math.max(1, maxY - minY));
  const px = (x: number) => 10 + (x - minX) * scale;
  const py = (y: number) => MAP_H - 10 - (y - minY) * scale;
  const counts = new Map((model.hotSpots ?? []).map((h) => [h.areaId, h.alarms + h.hazards]));
  const most = Math.max(1, ...counts.values());
  // Heat from pale to deep red (abnormal only: what had no events stays grey, ISA-101).
  const heatColour = (heat: number) => `rgb(${Math.round(250 - 60 * heat)},${Math.round(200 - 170 * heat)},${Math.round(190 - 160 * heat)})`;
  const shapes = scene.areas
    .map((area) => {
      // With the cell grid the areas are the plan under the heat; without it each area is shaded by its counts.
      const heat = grid ? 0 : (counts.get(area.id) ?? 0) / most;
      const path = area.polygon.map((p) => `${px(p[0]).toFixed(1)},${py(p[1]).toFixed(1)}`).join(' ');
      const cx = area.polygon.reduce((s, p) => s + px(p[0]), 0) / area.polygon.length;
      const cy = area.polygon.reduce((s, p) => s + py(p[1]), 0) / area.polygon.length;
      const hot = model.hotSpots?.find((h) => h.areaId === area.id);
      const label = `${escapeHtml(localizedName(area.name, area.id, locale))}${hot ? ` ${hot.alarms}/${hot.hazards}` : ''}`;
      const size = Math.abs(area.polygon.reduce((sum, p, i) => { const q = area.polygon[(i + 1) % area.polygon.length]!; return sum + p[0] * q[1] - q[0] * p[1]; }, 0)) / 2;
      const fill = heat === 0 ? 'rgb(236,236,236)' : heatColour(heat);
      return { size, svg: `<polygon points="${path}" style="fill:${fill};stroke:#555;stroke-width:1"/>`, label: `<text x="${cx.toFixed(1)}" y="${cy.toFixed(1)}" text-anchor="middle" class="maplabel">${label}</text>` };
    })
    // Larger areas first: a zone inside an area (a sump pit in its unit) is drawn over it, not hidden.
    .sort((a, b) => b.size - a.size);
  const side = grid ? Math.max(1, grid.cellM * scale) : 0;
  const cells = (grid?.cells ?? [])
    .filter((c) => c.value > 0)
    .map((c) => `<rect x="${px(c.x - half).toFixed(1)}" y="${py(c.y + half).toFixed(1)}" width="${side.toFixed(1)}" height="${side.toFixed(1)}" style="fill:${heatColour(c.value / Math.max(grid!.max, 1e-9))};fill-opacity:0.85"/>`)
    .join('');
  return `<svg class="map" role="img" width="${MAP_W}" height="${MAP_H}" viewBox="0 0 ${MAP_W} ${MAP_H}"><rect width="${MAP_W}" height="${MAP_H}" style="fill:#fafafa"/>${shapes.map((s) => s.svg).join('')}${cells}${shapes.map((s) => s.label).join('')}</svg>`;
}

function table(head: string[], rows: string[][]): string {
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const text = (value: LocalizedText, locale: ReportLocale) => escapeHtml(localizedName(value, value.en, locale));

function indicatorRows(rows: readonly IndicatorRow[], locale: ReportLocale): string {
  const w = REPORT_WORDS[locale];
  const unit = (def: IndicatorDefinition) => text(def.unit, locale);
  return table(
    [w.columns.indicator, w.columns.value, w.columns.previous, w.columns.change, w.columns.benchmark, w.columns.formula],
    rows.map((r) => [
      text(r.definition.name, locale),
      r.value === null ? w.noData : `${fmt(r.value, 2, locale)} ${unit(r.definition)}`,
      r.previous === null ? '—' : fmt(r.previous, 2, locale),
      r.change === null ? '—' : `<span class="${r.change}">${w.change[r.change]}</span>`,
      r.definition.benchmark ? `${r.definition.benchmark.comparison === 'atMost' ? '≤' : '≥'} ${fmt(r.definition.benchmark.value, 2, locale)}${r.benchmarkMet === null ? '' : ` · ${w.benchmarkMet(r.benchmarkMet)}`}` : '—',
      `<span class="formula">${text(r.definition.formula, locale)}</span>`,
    ]),
  );
}

/**
 * The report as one self-contained HTML page for print (A4, embedded SVG charts, the Noto CJK font the system
 * has): every word from REPORT_WORDS / REPORT_STRINGS in the report's language, and "no data yet" in each section
 * whose source holds nothing.
 */
export function renderReportHtml(model: ReportModel, scene: ReportScene, locale: ReportLocale, indicatorName: (id: string) => LocalizedText | undefined): string {
  const w = REPORT_WORDS[locale];
  const s = REPORT_STRINGS[locale];
  const noData = `<p class="nodata">${w.noData}</p>`;
  const offsetMs = model.utcOffsetMin * 60_000;
  // Bad actors named as the incident reports name alarms: `${sourceId}:${condition}`, the condition in words (a
  // declining indicator by its name and department, as on the screens).
  const alarmName = (alarmId: string) => {
    const at = alarmId.lastIndexOf(':');
    const condition = s.conditions[alarmId.slice(at + 1) as keyof typeof s.conditions];
    const sourceId = alarmId.slice(0, at);
    return at < 0 || condition === undefined ? escapeHtml(alarmId) : `${escapeHtml(indicatorSourceText(sourceId, locale, scene) ?? sourceId)} ${condition}`;
  };
  const time = (ms: number) => new Date(ms + offsetMs).toISOString().slice(0, 16).replace('T', ' ');
  const areaName = (areaId: string | null | undefined) => escapeHtml(localizedName(scene.areas.find((a) => a.id === areaId)?.name, areaId ?? '—', locale));
  const section = (title: string, body: string) => `<section><h2>${title}</h2>${body}</section>`;
  const chartUnit = model.period.kind === 'monthly' ? 'month' : model.period.kind === 'weekly' ? 'week' : 'slice';

  const indices = model.indices
    .map((index) => {
      const why = table(
        [w.columns.indicator, w.columns.value, w.columns.score, w.columns.weight, w.columns.points],
        index.value.contributions.map((c) => [
          escapeHtml(localizedName(indicatorName(c.indicatorId), c.indicatorId, locale)),
          fmt(c.value, 2, locale),
          c.score === null ? w.notCounted : fmt(c.score, 1, locale),
          fmt(c.weight, 2, locale),
          fmt(c.points, 1, locale),
        ]),
      );
      const trend = index.value.value === null || index.previous === null ? '' : ` <span class="prev">(${w.columns.previous} ${fmt(index.previous, 1, locale)})</span>`;
      return `<div class="index"><h3>${escapeHtml(w.indexNames[index.value.indexId])}: <b>${index.value.value === null ? w.noData : fmt(index.value.value, 1, locale)}</b>${trend}</h3><details open><summary>${w.why}</summary>${why}</details></div>`;
    })
    .join('');
  const hasIndex = model.indices.some((i) => i.chart.some((p) => p.value !== null));

  const risks =
    model.topRisks === null
      ? noData
      : table(
          [w.columns.area, w.columns.grade, w.columns.causes],
          model.topRisks.map((r) => [areaName(r.areaId), `<span class="grade-${r.grade}">${w.riskGrades[r.grade]}</span>`, String(r.causes.length)]),
        );

  const hotSpots = model.hotSpots === null ? noData : `${hotSpotSvg(model, scene, locale)}<p class="legend">${model.hotSpotGrid ? w.mapLegendGrid(model.hotSpotGrid.cellM) : w.mapLegend}; ${w.columns.area}: ${w.columns.alarms}/${w.columns.hazards}</p>`;

  const k = model.alarms;
  const alarms =
    k === null
      ? noData
      : table(
          [w.columns.kpi, w.columns.value],
          [
            [w.alarmKpis.rate, fmt(k.alarmRatePer10Min, 2, locale)],
            [w.alarmKpis.maxRate, String(k.maximumAlarmRatePer10Min)],
            [w.alarmKpis.flood, `${fmt(k.percentTimeInFlood * 100, 2, locale)} %`],
            [w.alarmKpis.standing, String(k.standingAlarms)],
            [w.alarmKpis.chattering, String(k.chatteringAlarms.length)],
            [w.alarmKpis.activeAtEnd, String(k.activeAlarms)],
          ],
        ) +
        `<h3>${w.alarmKpis.badActors}</h3>` +
        (k.topBadActors.length === 0 ? `<p>${w.none}</p>` : table([w.columns.alarm, w.columns.activations], k.topBadActors.slice(0, 10).map((b) => [alarmName(b.alarmId), String(b.activations)])));

  const h = model.hazards;
  const hazards =
    h === null
      ? noData
      : `<p class="sub">${escapeHtml(w.hazardRows.month(h.month))}</p>` +
        table(
          [w.columns.kpi, w.columns.value],
          [
            [w.hazardRows.reported, String(h.reported.total)],
            [w.hazardRows.major, String(h.reported.byGrade.major)],
            [w.hazardRows.closure, h.closure.rate === null ? '—' : `${fmt(h.closure.rate * 100, 1, locale)} %`],
            [w.hazardRows.overdue, String(h.overdue.general + h.overdue.major)],
            [w.hazardRows.repeats, String(h.repeats.count)],
            [w.hazardRows.carriedOver, String(h.carriedOver.count)],
          ],
        );

  const p = model.permits;
  const permits =
    p === null
      ? noData
      : table(
          [w.columns.kpi, w.columns.count],
          [
            [w.permitRows.issued, String(p.permits.total)],
            ...p.permits.byType.map((t) => [`· ${w.permitTypes[t.type]}`, String(t.count)]),
            [w.permitRows.suspensions, String(p.suspensions.total)],
            [w.permitRows.automatic, String(p.suspensions.byReason.reduce((sum, r) => sum + r.automatic, 0))],
            [w.permitRows.overdueReviews, String(p.overdueReviews.total)],
            [w.permitRows.pending, String(p.permits.pending)],
          ],
        );

  const incidents =
    model.incidents === null
      ? noData
      : model.incidents.rows.length === 0
        ? `<p>${w.none}</p>`
        : table(
            [w.columns.occurred, w.columns.severity, w.columns.area, w.columns.title],
            model.incidents.rows.map((i) => [time(i.occurredAtMs), w.severities[i.severity], areaName(i.areaId), escapeHtml(i.title)]),
          ) + (model.incidents.more > 0 ? `<p>${w.moreIncidents(model.incidents.more)}</p>` : '');

  const title = `${w.title[model.period.kind]}`;
  const siteName = text(scene.site.name, locale);
  return `<!doctype html>
<html lang="${locale}"><head><meta charset="utf-8"><title>${title}</title>
<style>
@page { size: A4; margin: 16mm 14mm 18mm; }
body { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; font-size: 9.5pt; color: #1f1f1f; }
h1 { font-size: 20pt; margin: 0 0 4pt; } h2 { font-size: 13pt; border-bottom: 1px solid #888; margin: 14pt 0 6pt; } h3 { font-size: 10.5pt; margin: 8pt 0 4pt; }
table { border-collapse: collapse; width: 100%; margin: 4pt 0; } th, td { border: 1px solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top; }
th { background: #eee; } tr { page-break-inside: avoid; } .formula { color: #555; font-size: 8pt; }
.worse { color: #b00020; font-weight: bold; } .better, .same { color: #333; } .nodata { color: #666; font-style: italic; }
.grade-major { color: #b00020; font-weight: bold; } .grade-large { color: #c25700; font-weight: bold; }
.meta td { border: none; padding: 1pt 8pt 1pt 0; } svg text { font-size: 9px; fill: #333; } .grid { stroke: #ddd; } .maplabel { font-size: 8px; }
details > summary { list-style: none; font-weight: bold; margin: 2pt 0; } .prev { font-weight: normal; color: #555; }
section { page-break-inside: auto; } .chart, .map { display: block; margin: 4pt 0; }
</style></head><body>
<h1>${title}</h1>
<table class="meta"><tr><td>${w.site}</td><td>${siteName}</td></tr><tr><td>${w.period}</td><td>${model.period.fromDay} – ${model.period.toDay}</td></tr><tr><td>${w.previousPeriod}</td><td>${model.previous.fromDay} – ${model.previous.toDay}</td></tr><tr><td>${w.generated}</td><td>${time(model.generatedAtMs)}</td></tr></table>
${section(w.sections.indices, `<h3>${w.indexChart(model.indices[0]!.chart.length, chartUnit)}</h3>${indexChartSvg(model, locale)}${hasIndex ? indices : noData}`)}
${section(w.sections.indicators, model.indicators === null ? noData : indicatorRows(model.indicators, locale))}
${section(w.sections.drills, model.drills === null ? noData : indicatorRows(model.drills, locale))}
${section(w.sections.risks, risks)}
${section(w.sections.hotSpots, hotSpots)}
${section(w.sections.alarms, alarms)}
${section(w.sections.hazards, hazards)}
${section(w.sections.permits, permits)}
${section(w.sections.incidents, incidents)}
${section(w.sections.notes, model.notes === null ? `<p>${w.none}</p>` : `<p>${escapeHtml(model.notes).replaceAll('\n', '<br>')}</p>`)}
<p class="formula">${w.pageFooter}</p>
</body></html>`;
}
