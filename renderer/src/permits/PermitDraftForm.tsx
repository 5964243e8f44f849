import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { API_PATHS, PERMIT_TYPES, PermitSchema, type ClientScene, type PermitInput, type PermitRecordView, type PermitType } from '@contracts';
import { useCoreClient } from '../connection/CoreClientContext.js';
import { useStore } from '../state/createStore.js';
import { uiStore } from '../state/uiStore.js';
import { permitPanelStore } from './permitPanelStore.js';
import { permitTypeText } from './permitText.js';
import { PERMIT_NUMBER_PREFIX, fieldBounds, initialTypeValues, typeFieldKey, typeFields, typeFieldsBody, type AnyFieldDescription } from './permitTypeFields.js';

const HOUR_MS = 3_600_000;
/** A new job's default window: from now for 4 h, within every hot-work grade's validity (8 h, GB 30871-2022 §5.1.5), the shortest. */
const DEFAULT_WINDOW_MS = 4 * HOUR_MS;
/** The default cordon around the work's point, metres (the register takes 0.5–200 m). */
const DEFAULT_ZONE_RADIUS_M = 5;

/** `<input type="datetime-local">` speaks local wall-clock time without a zone. */
export function localInputValue(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** A number the plant can read back: the type's initials (DH 动火…) and the local date and minute of filing. */
function suggestedNumber(type: PermitType, nowMs: number): string {
  return `${PERMIT_NUMBER_PREFIX[type]}-${localInputValue(nowMs).replace(/[-:]/g, '').replace('T', '-')}`;
}
const SUGGESTED_NUMBER = /^[A-Z]{2}-\d{8}-\d{4}$/;

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

/** An empty draft: hot work by default (the commonest), a suggested number, every type's initial values, the window from now. */
function newDraftFields(): Fields {
  const nowMs = Date.now();
  return {
    ...initialTypeValues(),
    type: 'hotWork',
    number: suggestedNumber('hotWork', nowMs),
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

/** The shared fields by name; each type's own under `<type>.<name>` (permitTypeFields). */
type Fields = Record<string, string> & {
  type: PermitType;
  number: string;
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

/** The draft as the register takes it (PermitSchema): the shared fields and the type's own; empty optional fields are left out, a gas test only when an analyst is named. */
function draftBody(f: Fields, nowMs: number): PermitInput {
  const number = (text: string) => (text.trim() === '' ? Number.NaN : Number(text));
  const reading = (text: string) => (text.trim() === '' ? undefined : Number(text));
  const oxygenPct = reading(f.oxygen);
  const combustibleLelPct = reading(f.combustible);
  return {
    ...typeFieldsBody(f.type, f),
    number: f.number.trim(),
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

/** The form field each shared schema path belongs to: a refused field is marked where it is entered. */
const FIELD_OF_PATH: Record<string, string> = {
  number: 'number',
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
/** The refused field: a shared one by its path, a type's own by its name (paths of its fields are one deep). */
function fieldOf(type: PermitType, path: readonly PropertyKey[]): string | undefined {
  const own = typeFields(type).find(([name]) => name === path[0]);
  if (own) return typeFieldKey(type, own[0]);
  for (let n = path.length; n > 0; n--) {
    const field = FIELD_OF_PATH[path.slice(0, n).map(String).join('.')];
    if (field) return field;
  }
  return undefined;
}

/**
 * One type-specific input, as its description says: a number with its unit and the schema's bounds, a text
 * (multi-line where the schema takes one), a choice in words, a box. Native controls, so Tab, arrows and Space work.
 */
function TypeFieldInput({ type, name, field, value, invalid, onChange }: { type: PermitType; name: string; field: AnyFieldDescription; value: string; invalid: boolean; onChange: (value: string) => void }) {
  const { t } = useTranslation();
  const label = t(`permits.typeField.${type}.${name}`);
  const bounds = fieldBounds(type, name);
  const common = { name, 'aria-invalid': invalid, 'data-testid': `permit-form-${name}` };
  if (field.kind === 'boolean') {
    return (
      <label className={invalid ? 'permit-form-check invalid' : 'permit-form-check'}>
        <input type="checkbox" checked={value === 'true'} onChange={(e) => onChange(String(e.target.checked))} {...common} /> <span>{label}</span>
      </label>
    );
  }
  const input =
    field.kind === 'enum' ? (
      <select value={value} onChange={(e) => onChange(e.target.value)} {...common}>
        {field.values.map((v) => (
          <option key={v} value={v}>
            {t(`${field.words}.${v}`)}
          </option>
        ))}
      </select>
    ) : field.kind === 'number' ? (
      <input type="number" step="any" required value={value} min={bounds.min} max={bounds.max} onChange={(e) => onChange(e.target.value)} {...common} />
    ) : field.multiline ? (
      <textarea value={value} required maxLength={bounds.maxLength} onChange={(e) => onChange(e.target.value)} {...common} />
    ) : (
      <input value={value} required maxLength={bounds.maxLength} onChange={(e) => onChange(e.target.value)} {...common} />
    );
  return (
    <label className={invalid ? 'invalid' : undefined}>
      <span>{field.kind === 'number' ? t('permits.form.withUnit', { label, unit: t(`permits.fieldUnit.${field.unit}`) }) : label}</span>
      {input}
    </label>
  );
}

/**
 * A new special-operation permit (作业票) of any of the eight types, filed as a draft (`POST /api/permits?source=ui`):
 * the type, then its own fields (permitTypeFields), the number, the point by coordinates, from the selected
 * equipment or by a click on the site map, the window, the work, the watcher and workers' badges, the gas
 * test before work. The schema is checked here first, so a refused field is marked where it is entered (in
 * any language); the core checks again and its refusal is shown by its code.
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
  const [invalid, setInvalid] = useState<ReadonlySet<string>>(new Set());
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const point = selectedPoint(scene, selection);
  const set = (name: string) => (e: { target: { value: string } }) => setFields((f) => ({ ...f, [name]: e.target.value }));
  const field = (name: string, input: ReactNode) => (
    <label className={invalid.has(name) ? 'invalid' : undefined}>
      <span>{t(`permits.form.${name}`)}</span>
      {input}
    </label>
  );
  const text = (name: string, props: { type?: string; required?: boolean; maxLength?: number; step?: string } = {}) =>
    field(name, <input name={name} value={fields[name] ?? ''} onChange={set(name)} aria-invalid={invalid.has(name)} data-testid={`permit-form-${name}`} {...props} />);
  const setType = (type: PermitType) =>
    setFields((f) => ({
      ...f,
      type,
      // A suggested number follows the type; one the user typed stays.
      number: SUGGESTED_NUMBER.test(f.number) ? `${PERMIT_NUMBER_PREFIX[type]}${f.number.slice(2)}` : f.number,
    }));

  const file = async () => {
    setProblem(null);
    const body = draftBody(fields, Date.now());
    const checked = PermitSchema.safeParse(body);
    if (!checked.success) {
      setInvalid(new Set(checked.error.issues.map((i) => fieldOf(fields.type, i.path)).filter((f): f is string => f !== undefined)));
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
      data-type={fields.type}
      onSubmit={(e) => {
        e.preventDefault();
        void file();
      }}
    >
      <h3>{t('permits.form.title', { type: permitTypeText(fields.type, t) })}</h3>
      {field(
        'type',
        <select value={fields.type} onChange={(e) => setType(e.target.value as PermitType)} data-testid="permit-form-type">
          {PERMIT_TYPES.map((type) => (
            <option key={type} value={type}>
              {permitTypeText(type, t)}
            </option>
          ))}
        </select>,
      )}
      {text('number', { required: true, maxLength: 64 })}
      <fieldset className="permit-form-type-fields">
        <legend>{t('permits.form.typeFields', { type: permitTypeText(fields.type, t) })}</legend>
        {typeFields(fields.type).map(([name, description]) => {
          const key = typeFieldKey(fields.type, name);
          return <TypeFieldInput key={key} type={fields.type} name={name} field={description} value={fields[key] ?? ''} invalid={invalid.has(key)} onChange={(value) => setFields((f) => ({ ...f, [key]: value }))} />;
        })}
      </fieldset>
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
