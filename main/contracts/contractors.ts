import { z } from 'zod';
import { BadgeIdSchema, boundedLineSchema, boundedTextSchema, EpochMsSchema } from './permits.js';
import { describeRecordIssues, RECORD_ID_MAX_CHARS, RECORD_NAME_MAX_CHARS } from './recordBounds.js';

/**
 * Contractors and qualifications (issue 17 item 3, docs/contractors.md; 一人一码: one person, one code):
 * companies with their whitelist status, licence and safety record; people with their certificates
 * (特种作业操作证, 特种设备作业人员证, the watcher's 培训合格证) and expiry, the safety briefing with its exam
 * score, the one badge bound to them, and their time-windowed area authorisations, optionally tied to a
 * permit. What `POST /api/contractors/import` and the CRUD routes take and the register keeps. Every size is
 * bounded and unknown keys are refused (a misspelt field must not vanish silently).
 */

const MAX_ID_CHARS = RECORD_ID_MAX_CHARS;
const MAX_NAME_CHARS = RECORD_NAME_MAX_CHARS;
const MAX_TEXT_CHARS = 500;
/** Certificates one person holds: a welder-electrician with a watcher card and a few others. */
export const MAX_CERTIFICATES_PER_PERSON = 20;
/** Area authorisations one person holds at once and in the past still kept. */
export const MAX_AUTHORISATIONS_PER_PERSON = 50;
/** Scene areas one authorisation names. */
export const MAX_AREAS_PER_AUTHORISATION = 50;
/** What one register holds: a large site's contractor workforce over a turnaround (大修) with its companies. */
export const MAX_CONTRACTOR_COMPANIES = 1_000;
export const MAX_CONTRACTOR_PEOPLE = 20_000;
/** One import: a company list and a turnaround's people at once. */
export const MAX_IMPORT_COMPANIES = 500;
export const MAX_IMPORT_PEOPLE = 5_000;

/**
 * The safety exam's pass mark (issue 17: "exam score — pass mark 80 — before access"). Scores are 0–100; the
 * mark itself passes.
 */
export const BRIEFING_PASS_SCORE = 80;

/**
 * A record's code: the company's, or the person's one code (一人一码). Letters, digits, dot, underscore and
 * hyphen only, so it is safe in a URL path and an alarm id. Never a national ID number (PIPL: the register
 * keeps no more personal data than the checks need).
 */
export const ContractorCodeSchema = boundedLineSchema(MAX_ID_CHARS).regex(/^[A-Za-z0-9._-]+$/, 'must be letters, digits, dot, underscore or hyphen');

/**
 * A company's standing with the plant (承包商名录): only a whitelisted company's people qualify. `pending`:
 * under pre-qualification; `suspended`: barred for a time after a violation; `blacklisted`: barred (黑名单).
 */
export const COMPANY_STATUSES = ['whitelisted', 'pending', 'suspended', 'blacklisted'] as const;
export type CompanyStatus = (typeof COMPANY_STATUSES)[number];

/**
 * A company: a contractor (承包商), or the plant itself for its own people (their certificates and briefings
 * are checked the same way; area authorisations and the outside-area alarm apply to contractors only).
 */
export const CompanySchema = z.strictObject({
  id: ContractorCodeSchema,
  name: boundedLineSchema(128),
  kind: z.enum(['contractor', 'plant']).default('contractor'),
  status: z.enum(COMPANY_STATUSES),
  /** The company's qualification licence (资质证书 / 安全生产许可证); an expired one disqualifies its people. */
  licence: z
    .strictObject({
      number: boundedLineSchema(MAX_ID_CHARS),
      scope: boundedLineSchema(MAX_TEXT_CHARS).optional(),
      validUntilMs: EpochMsSchema.optional(),
    })
    .optional(),
  /** The company's safety record with the plant (安全业绩): incidents recorded and the latest; shown, not scored. */
  safetyRecord: z
    .strictObject({
      incidents: z.number().int().min(0).max(10_000).default(0),
      lastIncidentMs: EpochMsSchema.optional(),
      note: boundedTextSchema(MAX_TEXT_CHARS).optional(),
    })
    .default({ incidents: 0 }),
});
export type Company = z.infer<typeof CompanySchema>;
export type CompanyInput = z.input<typeof CompanySchema>;

/**
 * Certificate types the checks know, each with its scheme:
 * - 特种作业操作证 (国家安全生产监督管理总局令第30号《特种作业人员安全技术培训考核管理规定》 and its catalogue of
 *   special operations): `electrician` 电工作业, `welding` 焊接与热切割作业, `workAtHeight` 高处作业,
 *   `hazardousChemicals` 危险化学品安全作业;
 * - 特种设备作业人员证 (TSG Z6001): `lifting` 起重机械作业;
 * - `watcher`: the watcher's training certificate (监护人 培训合格证, GB 30871-2022 §4.10);
 * - `other`: kept and warned about when it expires, required by no rule.
 */
export const CERTIFICATE_TYPES = ['electrician', 'welding', 'workAtHeight', 'hazardousChemicals', 'lifting', 'watcher', 'other'] as const;
export const CertificateTypeSchema = z.enum(CERTIFICATE_TYPES);
export type CertificateType = z.infer<typeof CertificateTypeSchema>;

/**
 * One certificate: its type, number (personal data: a 特种作业操作证's number is commonly its holder's ID number,
 * so it is withheld with the names), when it was issued and until when it is valid (有效期至; for a
 * 特种作业操作证 the card's six-year validity with its three-yearly review, 复审, as the card states it).
 */
export const CertificateSchema = z
  .strictObject({
    type: CertificateTypeSchema,
    number: boundedLineSchema(MAX_ID_CHARS),
    issuedMs: EpochMsSchema.optional(),
    validUntilMs: EpochMsSchema,
    issuer: boundedLineSchema(128).optional(),
  })
  .refine((c) => c.issuedMs === undefined || c.validUntilMs > c.issuedMs, { message: 'a certificate is valid until after it was issued', path: ['validUntilMs'] });
export type Certificate = z.infer<typeof CertificateSchema>;

/** The site safety briefing (入场安全教育) and its exam: when, the score (0–100), and until when it counts if the site limits it. */
export const BriefingSchema = z
  .strictObject({
    takenAtMs: EpochMsSchema,
    score: z.number().finite().min(0).max(100),
    validUntilMs: EpochMsSchema.optional(),
  })
  .refine((b) => b.validUntilMs === undefined || b.validUntilMs > b.takenAtMs, { message: 'a briefing is valid until after it was taken', path: ['validUntilMs'] });
export type Briefing = z.infer<typeof BriefingSchema>;

/**
 * A time-windowed area authorisation (区域准入): the scene areas the person may be in, from `fromMs` until
 * `toMs` (exclusive). Tied to a permit (`permitNumber`), it also covers the permit's zone, and counts only
 * while that permit is registered and not closed.
 */
export const AreaAuthorisationSchema = z
  .strictObject({
    areaIds: z.array(boundedLineSchema(MAX_ID_CHARS)).max(MAX_AREAS_PER_AUTHORISATION, `at most ${MAX_AREAS_PER_AUTHORISATION} areas per authorisation`).default([]),
    fromMs: EpochMsSchema,
    toMs: EpochMsSchema,
    permitNumber: boundedLineSchema(MAX_ID_CHARS).optional(),
  })
  .refine((a) => a.toMs > a.fromMs, { message: 'the authorisation must end after it starts', path: ['toMs'] })
  .refine((a) => a.areaIds.length > 0 || a.permitNumber !== undefined, { message: 'an authorisation names at least one area or a permit', path: ['areaIds'] });
export type AreaAuthorisation = z.infer<typeof AreaAuthorisationSchema>;

/**
 * A person (一人一码): their code, name (personal data), company, the one badge bound to them (a badge is bound
 * to at most one person), certificates, briefing and area authorisations. `active: false` keeps the record of
 * someone who left the site; they qualify for nothing and raise no alarm.
 */
export const RegisteredPersonSchema = z
  .strictObject({
    id: ContractorCodeSchema,
    name: boundedLineSchema(MAX_NAME_CHARS),
    companyId: ContractorCodeSchema,
    badgeId: BadgeIdSchema.optional(),
    active: z.boolean().default(true),
    certificates: z.array(CertificateSchema).max(MAX_CERTIFICATES_PER_PERSON, `at most ${MAX_CERTIFICATES_PER_PERSON} certificates per person`).default([]),
    briefing: BriefingSchema.optional(),
    authorisations: z.array(AreaAuthorisationSchema).max(MAX_AUTHORISATIONS_PER_PERSON, `at most ${MAX_AUTHORISATIONS_PER_PERSON} authorisations per person`).default([]),
  })
  .superRefine((p, ctx) => {
    const numbers = new Set<string>();
    p.certificates.forEach((c, i) => {
      const key = `${c.type}:${c.number}`;
      if (numbers.has(key)) ctx.addIssue({ code: 'custom', path: ['certificates', i, 'number'], message: 'a certificate is listed twice' });
      numbers.add(key);
    });
  });
export type RegisteredPerson = z.infer<typeof RegisteredPersonSchema>;
export type RegisteredPersonInput = z.input<typeof RegisteredPersonSchema>;

/** A bulk import from a plant's contractor system: companies and people, each created or replaced whole. */
export const ContractorImportSchema = z.strictObject({
  companies: z.array(CompanySchema).max(MAX_IMPORT_COMPANIES, `at most ${MAX_IMPORT_COMPANIES} companies per import`).default([]),
  people: z.array(RegisteredPersonSchema).max(MAX_IMPORT_PEOPLE, `at most ${MAX_IMPORT_PEOPLE} people per import`).default([]),
});
export type ContractorImport = z.infer<typeof ContractorImportSchema>;
export type ContractorImportInput = z.input<typeof ContractorImportSchema>;

/** The roles a person takes on a permit, each with its own certificates (main/contractors qualification rules). */
export const PERMIT_ROLES = ['entrant', 'watcher'] as const;
export type PermitRole = (typeof PERMIT_ROLES)[number];

/**
 * Why a person does not qualify, by code (the API's answer and the alarm's reason): no registered person
 * bound to the badge, the person inactive, their company not whitelisted or its licence expired, no briefing,
 * a score below the pass mark, the briefing lapsed, a required certificate missing or expired, or the
 * certificate the permit names not among the person's.
 */
export const QUALIFICATION_PROBLEMS = [
  'notRegistered',
  'inactive',
  'companyUnknown',
  'companyNotWhitelisted',
  'companyLicenceExpired',
  'briefingMissing',
  'briefingFailed',
  'briefingExpired',
  'certificateMissing',
  'certificateExpired',
  'certificateNotHeld',
] as const;
export type QualificationProblemCode = (typeof QUALIFICATION_PROBLEMS)[number];
export type QualificationProblem = { code: QualificationProblemCode; certificateType?: CertificateType };
export type Qualification = { qualified: boolean; problems: QualificationProblem[] };

/**
 * A record as the register shows it to one user: without the names (the person's name, certificate numbers)
 * when the user's role may not see them (personnel:viewNames); withheld names are empty strings.
 */
export type PersonView = {
  person: RegisteredPerson;
  namesWithheld: boolean;
  revision: number;
  updatedMs: number;
  /**
   * Where the person stands now, whatever the job: the problems that keep them from any work (company,
   * briefing; no role's certificates) and the expiry warning of their certificates, if any.
   */
  standing: { problems: QualificationProblem[]; expiry: { condition: 'certificateExpiresWithin30Days' | 'certificateExpiresWithin7Days'; certificateType: CertificateType; daysLeft: number } | null };
};
export type CompanyView = { company: Company; revision: number; updatedMs: number };
export type ContractorListView = { companies: CompanyView[]; people: PersonView[] };
/** What an import changed. */
export type ContractorImportResult = { companies: number; people: number };

/** The first zod issues as "path: message", for an error a client can act on. */
export function describeContractorIssues(error: z.ZodError): string {
  return describeRecordIssues(error, 'record');
}

/**
 * The contractor checks' alarm conditions (docs/contractors.md), each a located ISA-18.2 alarm:
 * - `unqualifiedInPermitZone`: a badge on a working permit, inside its zone, whose person does not qualify
 *   for their role on it. Source: the permit, by its number.
 * - `contractorOutsideAuthorisation`: a contractor's badge in a scene area none of their authorisations
 *   covers now, or on site with no authorisation valid now. Source: the badge.
 * - `certificateExpiresWithin30Days`, `certificateExpiresWithin7Days`: a person's current certificate
 *   expires within 30 days (more than 7 left), or within 7 days or has expired and is not renewed. Source:
 *   the person, by their code.
 * Each is also its reason code.
 */
export const CONTRACTOR_ALARM_CONDITIONS = ['unqualifiedInPermitZone', 'contractorOutsideAuthorisation', 'certificateExpiresWithin30Days', 'certificateExpiresWithin7Days'] as const;
export type ContractorAlarmCondition = (typeof CONTRACTOR_ALARM_CONDITIONS)[number];
