import { describe, expect, it } from 'vitest';
import { PERMIT_TYPE_FIELD_SCHEMAS, PERMIT_TYPES, PermitSchema, type PermitType } from '@contracts';
import { catalogTranslator } from '../i18n/catalogTranslator.js';
import { CATALOGS, type Catalog } from '../i18n/catalogs.js';
import { PERMIT_NUMBER_PREFIX, PERMIT_TYPE_FIELDS, fieldBounds, initialTypeValues, typeFieldKey, typeFieldValueText, typeFields, typeFieldsBody, type TypeFieldDescriptions } from './permitTypeFields.js';

const en = catalogTranslator('en');
const zh = catalogTranslator('zh-CN');
const T0 = Date.parse('2026-12-07T09:00:00+08:00');

/** The shared fields of a valid draft, as the form sends them. */
const common = (type: PermitType) => ({
  number: `${PERMIT_NUMBER_PREFIX[type]}-20261207-0900`,
  location: { kind: 'point', point: [10, 20], zoneRadiusM: 5 },
  window: { startMs: T0, endMs: T0 + 4 * 3_600_000 },
  description: '检修',
  entrantBadgeIds: ['BDG-1'],
  watcher: { badgeId: 'BDG-2', name: '王伟' },
  issuingUnit: '一车间',
});

/** The form's values with the empty ones filled as a user would: a number just inside the schema's lower bound, a text. */
function filledValues(type: PermitType): Record<string, string> {
  const values = initialTypeValues();
  for (const [name, field] of typeFields(type)) {
    const key = typeFieldKey(type, name);
    if (values[key] !== '') continue;
    if (field.kind === 'number') {
      const { min, max } = fieldBounds(type, name);
      const sample = (min ?? 0) + 1;
      expect(sample, `${type}.${name} sample within bounds`).toBeLessThanOrEqual(max ?? Number.POSITIVE_INFINITY);
      values[key] = String(sample);
    } else values[key] = '样例';
  }
  return values;
}

/** The schema's own fields of a type that a draft must give (optional and defaulted ones aside). */
function requiredSchemaFields(type: PermitType): string[] {
  const shape = PERMIT_TYPE_FIELD_SCHEMAS[type].shape as Record<string, { safeParse: (v: unknown) => { success: boolean } }>;
  return Object.keys(shape).filter((name) => name !== 'type' && !shape[name]!.safeParse(undefined).success);
}

/** Han characters and punctuation only: no Latin letter (placeholders like {{type}} are filled before). */
const LATIN = /[A-Za-z]/;

describe("the draft form's type-specific fields", () => {
  it.each(PERMIT_TYPES)('%s: describes every required field of the schema, and a draft from the descriptions is accepted', (type) => {
    expect(typeFields(type).map(([name]) => name).sort()).toEqual(requiredSchemaFields(type).sort());
    const draft = { ...common(type), ...typeFieldsBody(type, filledValues(type)) };
    const checked = PermitSchema.safeParse(draft);
    expect(checked.success, JSON.stringify(checked.error?.issues)).toBe(true);
  });

  it('offers exactly the values each enum field of the schema takes', () => {
    for (const type of PERMIT_TYPES) {
      for (const [name, field] of typeFields(type)) {
        if (field.kind !== 'enum') continue;
        const schema = (PERMIT_TYPE_FIELD_SCHEMAS[type].shape as Record<string, { options?: readonly string[] }>)[name]!;
        expect(field.values, `${type}.${name}`).toEqual(schema.options);
        expect(field.values).toContain(field.initial);
      }
    }
  });

  it('reads bounds from the schema: heights from 2 m (§3.8), a mass above 0, a text within its length', () => {
    expect(fieldBounds('workAtHeight', 'heightM')).toEqual({ min: 2, max: 1_000 });
    expect(fieldBounds('lifting', 'loadMassT')).toMatchObject({ min: 0, max: 100_000 });
    expect(fieldBounds('roadClosure', 'trafficPlan')).toEqual({ maxLength: 2_000 });
  });

  it('sends an empty number as NaN so the schema names the field, and a box as a boolean', () => {
    const values = { ...initialTypeValues(), [typeFieldKey('lifting', 'loadMassT')]: ' ', [typeFieldKey('lifting', 'liftPlanApproved')]: 'true' };
    const body = typeFieldsBody('lifting', values);
    expect(body).toMatchObject({ type: 'lifting', grade: 'third', liftPlanApproved: true, signallerName: '' });
    expect(body.loadMassT).toBeNaN();
    const checked = PermitSchema.safeParse({ ...common('lifting'), ...body });
    expect(checked.error?.issues.map((i) => i.path.join('.'))).toEqual(expect.arrayContaining(['loadMassT', 'signallerName']));
  });

  it('has words for every type, label, unit and value in en and zh-CN; the zh-CN ones and the whole form hold no Latin letter', () => {
    const words = (t: typeof en) => {
      const all: string[] = [];
      for (const type of PERMIT_TYPES) {
        all.push(t('permits.form.title', { type: t(`permitAlarms.type.${type}`) }), t('permits.form.typeFields', { type: t(`permitAlarms.type.${type}`) }));
        for (const [name, field] of typeFields(type)) {
          all.push(t(`permits.typeField.${type}.${name}`));
          if (field.kind === 'number') all.push(t('permits.form.withUnit', { label: t(`permits.typeField.${type}.${name}`), unit: t(`permits.fieldUnit.${field.unit}`) }));
          if (field.kind === 'enum') all.push(...field.values.map((v) => t(`${field.words}.${v}`)));
        }
      }
      return all;
    };
    for (const word of words(en)) expect(typeof word === 'string' && word.trim().length > 0, word).toBe(true);
    for (const word of words(zh)) expect(word, word).not.toMatch(LATIN);
    const formWords = Object.entries((CATALOGS['zh-CN'].permits as Catalog).form as Record<string, string>);
    for (const [key, word] of formWords) expect(word.replace(/\{\{\w+\}\}/g, ''), `permits.form.${key}`).not.toMatch(LATIN);
    expect(zh('permits.newPermit')).not.toMatch(LATIN);
  });

  it("shows a stored permit's own fields in words: a number with its unit, an enum and a box in words, a withheld name said to be withheld", () => {
    const lifting = PERMIT_TYPE_FIELDS.lifting;
    expect(typeFieldValueText(lifting.loadMassT, 50, zh, false)).toBe('50 吨');
    expect(typeFieldValueText(lifting.grade, 'second', zh, false)).toBe('二级');
    expect(typeFieldValueText(lifting.liftPlanApproved, true, zh, false)).toBe('是');
    expect(typeFieldValueText(lifting.liftPlanApproved, false, en, false)).toBe('no');
    expect(typeFieldValueText(lifting.signallerName, '刘强', zh, false)).toBe('刘强');
    expect(typeFieldValueText(lifting.signallerName, '', zh, true)).toBe(zh('permits.doc.withheld'));
    expect(typeFieldValueText(PERMIT_TYPE_FIELDS.blinding.mediumTemperatureC, -20, en, true)).toBe('-20 °C');
  });

  it('is typed against the contract: a field of the wrong kind does not compile', () => {
    // @ts-expect-error heightM is a number in the schema, not a text
    const wrong: TypeFieldDescriptions<'workAtHeight'> = { ...PERMIT_TYPE_FIELDS.workAtHeight, heightM: { kind: 'text' } };
    // @ts-expect-error a required field (the signaller) left out
    const missing: TypeFieldDescriptions<'lifting'> = { loadMassT: { kind: 'number', unit: 't' }, grade: PERMIT_TYPE_FIELDS.lifting.grade, liftPlanApproved: { kind: 'boolean' } };
    expect([wrong, missing]).toHaveLength(2);
  });
});
