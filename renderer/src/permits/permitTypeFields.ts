import { BLINDING_OPERATIONS, HEIGHT_GRADES, HOT_WORK_GRADES, HOT_WORK_METHODS, LIFTING_GRADES, PERMIT_TYPE_FIELD_SCHEMAS, PERMIT_TYPES, type PermitType } from '@contracts';
import type { TFunction } from 'i18next';
import type { z } from 'zod';

/**
 * The draft form's type-specific part (issue 17 item 1): for each of the eight GB 30871-2022 operations, its
 * own fields as contracts/permits.ts's PERMIT_TYPE_FIELD_SCHEMAS defines them, described once so one component
 * renders every type. The descriptions are typed against the contract: a required field added to a type, or a
 * field changing kind, fails the build here. Bounds and lengths are read from the schema, not copied.
 */

/** Units of the number fields; their words are `permits.fieldUnit.<unit>`. */
export type PermitFieldUnit = 'm' | 'm2' | 't' | 'kW' | 'V' | 'degC' | 'MPa';

type TypeFieldsInput<T extends PermitType> = Omit<z.input<(typeof PERMIT_TYPE_FIELD_SCHEMAS)[T]>, 'type'>;
/** Optional fields (a hot-work permit's worker certificates, defaulted to none) are left to the write API. */
type RequiredKeys<O> = { [K in keyof O]-?: undefined extends O[K] ? never : K }[keyof O];
type FieldDescription<V> = [V] extends [boolean]
  ? { kind: 'boolean' }
  : [V] extends [number]
    ? { kind: 'number'; unit: PermitFieldUnit }
    : [V] extends [string]
      ? string extends V
        ? /** `personName`: a person's name, withheld from roles that may not see names. */ { kind: 'text'; multiline?: true; personName?: true }
        : /** `words`: the i18n prefix of the values' words; `initial`: the least severe or commonest value. */ { kind: 'enum'; values: readonly V[]; words: string; initial: V }
      : never;
export type TypeFieldDescriptions<T extends PermitType> = { [K in RequiredKeys<TypeFieldsInput<T>>]: FieldDescription<TypeFieldsInput<T>[K]> };
export type AnyFieldDescription = { kind: 'boolean' } | { kind: 'number'; unit: PermitFieldUnit } | { kind: 'text'; multiline?: true; personName?: true } | { kind: 'enum'; values: readonly string[]; words: string; initial: string };

/** In the form's order, which follows each type's form in GB 30871-2022 appendix A. Labels: `permits.typeField.<type>.<name>`. */
export const PERMIT_TYPE_FIELDS: { [T in PermitType]: TypeFieldDescriptions<T> } = {
  hotWork: {
    grade: { kind: 'enum', values: HOT_WORK_GRADES, words: 'permits.grade.hotWork', initial: 'second' },
    method: { kind: 'enum', values: HOT_WORK_METHODS, words: 'permits.method', initial: 'electricWelding' },
  },
  confinedSpace: {
    spaceName: { kind: 'text' },
    formerContents: { kind: 'text' },
  },
  blinding: {
    operation: { kind: 'enum', values: BLINDING_OPERATIONS, words: 'permits.blindOperation', initial: 'fit' },
    blindNo: { kind: 'text' },
    pipeline: { kind: 'text' },
    medium: { kind: 'text' },
    mediumTemperatureC: { kind: 'number', unit: 'degC' },
    mediumPressureMPa: { kind: 'number', unit: 'MPa' },
    blindMaterial: { kind: 'text' },
    blindSpec: { kind: 'text' },
  },
  workAtHeight: {
    heightM: { kind: 'number', unit: 'm' },
    grade: { kind: 'enum', values: HEIGHT_GRADES, words: 'permits.grade.workAtHeight', initial: 'I' },
    objectiveHazard: { kind: 'boolean' },
  },
  lifting: {
    loadMassT: { kind: 'number', unit: 't' },
    grade: { kind: 'enum', values: LIFTING_GRADES, words: 'permits.grade.lifting', initial: 'third' },
    liftPlanApproved: { kind: 'boolean' },
    signallerName: { kind: 'text', personName: true },
  },
  temporaryPower: {
    connectionPoint: { kind: 'text' },
    powerKw: { kind: 'number', unit: 'kW' },
    voltageV: { kind: 'number', unit: 'V' },
    electricianCertificateNo: { kind: 'text' },
  },
  excavation: {
    depthM: { kind: 'number', unit: 'm' },
    areaM2: { kind: 'number', unit: 'm2' },
  },
  roadClosure: {
    road: { kind: 'text' },
    trafficPlan: { kind: 'text', multiline: true },
  },
};

/** A type's fields as name and description, in the form's order. */
export function typeFields(type: PermitType): [string, AnyFieldDescription][] {
  return Object.entries(PERMIT_TYPE_FIELDS[type] as Record<string, AnyFieldDescription>);
}

/** Bounds a zod number or string reports (zod 4's minValue, maxValue, maxLength), for the input's own limits. */
type SchemaBounds = { minValue?: number | null; maxValue?: number | null; maxLength?: number | null };
export type FieldBounds = { min?: number; max?: number; maxLength?: number };

/** The field's bounds as the schema has them: min and max of a number (a positive number's min is 0, exclusive), a text's length. */
export function fieldBounds(type: PermitType, name: string): FieldBounds {
  const schema = (PERMIT_TYPE_FIELD_SCHEMAS[type].shape as Record<string, SchemaBounds>)[name];
  const bounds: FieldBounds = {};
  if (typeof schema?.minValue === 'number' && Number.isFinite(schema.minValue)) bounds.min = schema.minValue;
  if (typeof schema?.maxValue === 'number' && Number.isFinite(schema.maxValue)) bounds.max = schema.maxValue;
  if (typeof schema?.maxLength === 'number') bounds.maxLength = schema.maxLength;
  return bounds;
}

/** The form keeps every type's values as text under `<type>.<name>`: switching type and back keeps what was entered. */
export const typeFieldKey = (type: PermitType, name: string) => `${type}.${name}`;

/** Every type's starting values: an enum's initial value, a box unticked, numbers and texts empty (a quantity is never guessed). */
export function initialTypeValues(): Record<string, string> {
  const values: Record<string, string> = {};
  for (const type of PERMIT_TYPES) {
    for (const [name, field] of typeFields(type)) values[typeFieldKey(type, name)] = field.kind === 'enum' ? field.initial : field.kind === 'boolean' ? 'false' : '';
  }
  return values;
}

/**
 * The type and its fields as the register takes them, from the form's text: numbers parsed (empty is NaN, so
 * the schema names the field), a box 'true' or 'false', texts and enum values as entered.
 */
export function typeFieldsBody(type: PermitType, values: Readonly<Record<string, string>>): Record<string, unknown> {
  const body: Record<string, unknown> = { type };
  for (const [name, field] of typeFields(type)) {
    const text = values[typeFieldKey(type, name)] ?? '';
    body[name] = field.kind === 'number' ? (text.trim() === '' ? Number.NaN : Number(text)) : field.kind === 'boolean' ? text === 'true' : text;
  }
  return body;
}

/**
 * A stored permit's own field in words for its page: a number with its unit, an enum's value and a box in
 * words, a text as entered. A name withheld from the role (empty) says so.
 */
export function typeFieldValueText(field: AnyFieldDescription, value: unknown, t: TFunction, namesWithheld: boolean): string {
  switch (field.kind) {
    case 'number':
      return t('permits.doc.quantity', { value: String(value), unit: t(`permits.fieldUnit.${field.unit}`) });
    case 'enum':
      return t(`${field.words}.${String(value)}`);
    case 'boolean':
      return t(value === true ? 'permits.doc.yes' : 'permits.doc.no');
    case 'text':
      return field.personName && namesWithheld ? t('permits.doc.withheld') : String(value);
  }
}

/** A suggested permit number's prefix: the type's initials in pinyin, as plants number their permits (动火 DH, 受限 SX…). */
export const PERMIT_NUMBER_PREFIX: Record<PermitType, string> = {
  hotWork: 'DH',
  confinedSpace: 'SX',
  blinding: 'MB',
  workAtHeight: 'GC',
  lifting: 'DZ',
  temporaryPower: 'LD',
  excavation: 'DT',
  roadClosure: 'DL',
};
