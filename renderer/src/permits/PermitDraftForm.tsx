import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { API_PATHS, HOT_WORK_GRADES, PermitSchema, type ClientScene, type PermitInput, type PermitOf, type PermitRecordView } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { useStore } from '../state/createStore.js';
import { uiStore } from '../state/uiStore.js';
import { permitPanelStore } from './permitPanelStore.js';

/** 动火方式 in the form's order; `satisfies` keeps it to the schema's methods (contracts/permits.ts does not export its list). */
const HOT_WORK_METHODS = ['electricWelding', 'gasWelding', 'gasCutting', 'torch', 'grinding', 'drilling', 'sandBlasting', 'other'] as const satisfies readonly PermitOf<'hotWork'>['method'][];
const HOUR_MS = 3_600_000;
/** A new job's default window: from now for 4 h, within every hot-work grade's validity (8 h, GB 30871-2022 §5.1.5). */
const DEFAULT_WINDOW_MS = 4 * HOUR_MS;
/** The default cordon around a hot-work point, metres (the register takes 0.5–200 m). */
const DEFAULT_ZONE_RADIUS_M = 5;

/** `<input type="datetime-local">` speaks local wall-clock time without a zone. */
function localInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A number the plant can read back: DH (动火) and the local date and minute of filing. */
function suggestedNumber(nowMs: number): string {
  return `DH-${localInputValue(nowMs).replace(/[-:]/g, '').replace('T', '-')}`;
}

/** Where the selected equipment, sensor or camera stands, plant metres: the hot-work point is usually at one. */
function selectedPoint(scene: ClientScene, selection: ReturnType<typeof uiStore.get>['selection']): [number, number] | null {
  if (!selection) return null;
  const item =
    selection.kind === 'equipment'
      ? scene.equipment.find((e) => e.id === selection.id)
      : selection.kind === 'sensor'
        ? scene.sensors.find((s) => s.id === selection.id)
        : selection.kind === 'camera'
          ? scene.cameras.find((c) => c.id === selection.id)
          : undefined;
  return item ? [item.position.x, item.position.y] : null;
}

/** An empty hot-work draft: a suggested number, 二级 electric welding, the window from now. */
function newDraftFields(): Fields {
  const nowMs = Date.now();
  return {
    number: suggestedNumber(nowMs),
    grade: 'second',
    method: 'electricWelding',
    x: '',
    y: '',
    radius: String(DEFAULT_ZONE_RADIUS_M),
    start: localInputValue(nowMs),
    end: localInputValue(nowMs + DEFAULT_WINDOW_MS),
    description: '',
    watcherBadge: '',
    watcherName: '',
    entrants: '',
    issuingUnit: '',
    contractor: '',
    oxygen: '',
    combustible: '',
    analyst: '',
  };
}

type Fields = {
  number: string;
  grade: (typeof HOT_WORK_GRADES)[number];
  method: (typeof HOT_WORK_METHODS)[number];
  x: string;
  y: string;
  radius: string;
  start: string;
  end: string;
  description: string;
  watcherBadge: string;
  watcherName: string;
  entrants: string;
  issuingUnit: string;
  contractor: string;
  oxygen: string;
  combustible: string;
  analyst: string;
};

/** The draft as the register takes it (PermitSchema); empty optional fields are left out, a gas test only when an analyst is named. */
function draftBody(f: Fields, nowMs: number): PermitInput {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const reading = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const oxygenPct = reading(f.oxygen);
  const combustibleLelPct = reading(f.combustible);
  return {
    number: f.number.trim(),
    type: 'hotWork',
    grade: f.grade,
    method: f.method,
    location: { kind: 'point', point: [number(f.x), number(f.y)], zoneRadiusM: number(f.radius) },
    window: { startMs: new Date(f.start).getTime(), endMs: new Date(f.end).getTime() },
    description: f.description,
    entrantBadgeIds: f.entrants
      .split(/[,，、\s]+/)
      .map((b) => b.trim())
      .filter((b) => b.length > 0),
    watcher: { badgeId: f.watcherBadge.trim(), name: f.watcherName.trim() },
    issuingUnit: f.issuingUnit,
    ...(f.contractor.trim() !== '' && { contractor: f.contractor }),
    ...(f.analyst.trim() !== '' && {
      gasTests: [{ takenAtMs: nowMs, analystName: f.analyst, ...(oxygenPct !== undefined && { oxygenPct }), ...(combustibleLelPct !== undefined && { combustibleLelPct }) }],
    }),
  } as PermitInput;
}

/** The form field each schema path belongs to: a refused field is marked where it is entered. */
const FIELD_OF_PATH: Record<string, keyof Fields> = {
  number: 'number',
  grade: 'grade',
  method: 'method',
  'location.point': 'x',
  'location.zoneRadiusM': 'radius',
  'window.startMs': 'start',
  'window.endMs': 'end',
  description: 'description',
  'watcher.badgeId': 'watcherBadge',
  'watcher.name': 'watcherName',
  entrantBadgeIds: 'entrants',
  issuingUnit: 'issuingUnit',
  contractor: 'contractor',
  'gasTests.0.oxygenPct': 'oxygen',
  'gasTests.0.combustibleLelPct': 'combustible',
  'gasTests.0.analystName': 'analyst',
  gasTests: 'analyst',
};
function fieldOf(path: readonly PropertyKey[]): keyof Fields | undefined {
  for (let n = path.length; n > 0; n--) {
    const field = FIELD_OF_PATH[path.slice(0, n).map(String).join('.')];
    if (field) return field;
  }
  return undefined;
}

/**
 * A new hot-work permit (动火作业票), filed as a draft (`POST /api/permits?source=ui`): number, grade, method,
 * the point by coordinates, from the selected equipment or by a click on the site map, the window, the work, the watcher and workers' badges,
 * the gas test before work. The schema is checked here first, so a refused field is marked where it is entered
 * (in any language); the core checks again and its refusal is shown by its code.
 */
export function PermitDraftForm({ scene }: { scene: ClientScene }) {
  const { t } = useTranslation();
  const client = useCoreClient();
  const selection = useStore(uiStore, (s) => s.selection);
  // The fields live in the panel's store, not in this component: selecting equipment to take its point shows its
  // details tab, and the draft must still be there when the user comes back.
  const saved = useStore(permitPanelStore, (st) => st.draftFields) as Fields | null;
  const picking = useStore(permitPanelStore, (st) => st.pickingPoint);
  const [initial] = useState(newDraftFields);
  const fields = saved ?? initial;
  const setFields = (update: (f: Fields) => Fields) => permitPanelStore.set((st) => ({ draftFields: update((st.draftFields as Fields | null) ?? initial) }));
  const [invalid, setInvalid] = useState<ReadonlySet<keyof Fields>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const point = selectedPoint(scene, selection);
  const set = (name: keyof Fields) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));
  const field = (name: keyof Fields, input: ReactNode) => (
    <label className={invalid.has(name) ? 'invalid' : undefined}>
      <span>{t(`permits.form.${name}`)}</span>
      {input}
    </label>
  );
  const text = (name: keyof Fields, props: { type?: string; required?: boolean; maxLength?: number; step?: string } = {}) =>
    field(name, <input name={name} value={fields[name]} onChange={set(name)} aria-invalid={invalid.has(name)} data-testid={`permit-form-${name}`} {...props} />);

  const file = async () => {
    const body = draftBody(fields, Date.now());
    const checked = PermitSchema.safeParse(body);
    if (!checked.success) {
      setInvalid(new Set(checked.error.issues.map((i) => fieldOf(i.path)).filter((f): f is keyof Fields => f !== undefined)));
      setProblem(t('problemCodes.ST_ERR_PERMIT_INVALID'));
      return;
    }
    setInvalid(new Set());
    setBusy(true);
    const result = await client.postApi<PermitRecordView>(`${API_PATHS.permits}?source=ui`, body);
    setBusy(false);
    if (!result.ok) return setProblem(result.message);
    permitPanelStore.set({ view: { kind: 'detail', number: result.value.permit.number }, draftFields: null, pickingPoint: false });
  };

  return (
    <form
      className="permit-draft"
      data-testid="permit-draft-form"
      onSubmit={(e) => {
        e.preventDefault();
        void file();
      }}
    >
      <h3>{t('permits.form.title')}</h3>
      {text('number', { required: true, maxLength: 64 })}
      {field(
        'grade',
        <select value={fields.grade} onChange={set('grade')} data-testid="permit-form-grade">
          {HOT_WORK_GRADES.map((g) => (
            <option key={g} value={g}>
              {t(`permits.grade.hotWork.${g}`)}
            </option>
          ))}
        </select>,
      )}
      {field(
        'method',
        <select value={fields.method} onChange={set('method')} data-testid="permit-form-method">
          {HOT_WORK_METHODS.map((m) => (
            <option key={m} value={m}>
              {t(`permits.method.${m}`)}
            </option>
          ))}
        </select>,
      )}
      <div className="permit-form-point">
        {text('x', { type: 'number', required: true, step: 'any' })}
        {text('y', { type: 'number', required: true, step: 'any' })}
        {text('radius', { type: 'number', required: true, step: 'any' })}
      </div>
      <div className="permit-form-point-sources">
        <button type="button" disabled={!point} onClick={() => point && setFields((f) => ({ ...f, x: point[0].toFixed(1), y: point[1].toFixed(1) }))} data-testid="permit-form-from-selection">
          {t('permits.form.fromSelection')}
        </button>
        <button
          type="button"
          aria-pressed={picking}
          onClick={() => {
            // The fields go to the store first: the map's click writes x and y over them.
            setFields((f) => f);
            permitPanelStore.set({ pickingPoint: !picking });
            if (!picking) uiStore.set({ centreView: 'map' });
          }}
          data-testid="permit-form-pick-on-map"
        >
          {t('permits.form.pickOnMap')}
        </button>
      </div>
      {picking && (
        <p className="permit-form-picking" role="status">
          {t('permits.form.picking')}
        </p>
      )}
      {text('start', { type: 'datetime-local', required: true })}
      {text('end', { type: 'datetime-local', required: true })}
      {field('description', <textarea name="description" value={fields.description} onChange={set('description')} maxLength={2000} required aria-invalid={invalid.has('description')} data-testid="permit-form-description" />)}
      {text('watcherBadge', { required: true, maxLength: 64 })}
      {text('watcherName', { required: true, maxLength: 64 })}
      {text('entrants', { required: true })}
      {text('issuingUnit', { required: true, maxLength: 128 })}
      {text('contractor', { maxLength: 128 })}
      <fieldset>
        <legend>{t('permits.form.gasTest')}</legend>
        {text('oxygen', { type: 'number', step: 'any' })}
        {text('combustible', { type: 'number', step: 'any' })}
        {text('analyst', { maxLength: 64 })}
      </fieldset>
      {problem && (
        <p className="form-error" role="alert" data-testid="permit-form-problem">
          {problem}
        </p>
      )}
      <div className="permit-form-buttons">
        <button type="submit" disabled={busy} data-testid="permit-form-create">
          {t('permits.form.create')}
        </button>{' '}
        <button type="button" onClick={() => permitPanelStore.set({ view: { kind: 'list' }, draftFields: null, pickingPoint: false })} data-testid="permit-form-cancel">
          {t('permits.form.cancel')}
        </button>
      </div>
    </form>
  );
}
