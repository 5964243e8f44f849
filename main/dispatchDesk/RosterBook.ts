import { readFile } from 'node:fs/promises';
import { roleMay, RosterSaveRequestSchema, type OnDutyView, type OwnerRule, type Roster, type RosterDocument, type RosterPerson, type SessionUser } from '../contracts/index.js';
import type { JournalSink } from '../audit/index.js';
import type { CoreTopics, MessageBus } from '../bus/index.js';
import { dispatchSetupProblems, dutyCsv, onDutyAt, parseDutyCsv, parseRosterJson, validateRoster, type CsvError, type DispatchConfig, type OnDuty } from '../dispatch/index.js';
import type { DispatchRecords } from '../historian/index.js';
import type { CodedResult } from '../http/index.js';
import type { Logger } from '../log/index.js';
import { mayViewPersonalData } from '../privacy/index.js';
import { DISPATCH_JOURNAL_ACTIONS, DISPATCH_USER, journalStep, refused, refuseUnlessNamed } from './deskResults.js';

export type RosterBookOptions = {
  /** The historian's store; null: the roster lives in memory (seeded from the file at each start) and says so in the log. */
  records: Pick<DispatchRecords, 'roster' | 'saveRoster'> | null;
  journal: JournalSink | null;
  bus: Pick<MessageBus<CoreTopics>, 'publish'>;
  config: Pick<DispatchConfig, 'defaultPostId' | 'escalationChain' | 'ownerRules'>;
  /** The roster file to seed with when none is stored (config.dispatch.rosterFile, or the demo's); its owner rules are read at every start. */
  rosterFile: string | null;
  /** The plant's offset from UTC: shifts start at local times (config.permits.utcOffsetMin). */
  utcOffsetMin: number;
  logger: Logger;
  now?: () => number;
};

/** A roster that is not there yet: one round-the-clock shift, nobody on any post (warnings are owned by post and escalate). */
const EMPTY_ROSTER: Roster = { shifts: [{ id: 'allDay', name: { en: 'All day', 'zh-CN': '全天' }, startLocal: '00:00' }], posts: [], people: [], assignments: [] };

/** A person without their contact addresses (every reader but the roster's editors). */
function withoutContacts(person: RosterPerson, withNames: boolean): RosterPerson {
  return { id: person.id, name: withNames ? person.name : '', ...(person.userName !== undefined && withNames && { userName: person.userName }), ...(person.badgeId !== undefined && withNames && { badgeId: person.badgeId }), locale: person.locale };
}

/**
 * The duty roster (值班表, docs/dispatch.md §owners) as the running core keeps it: the newest revision from the
 * historian (seeded from the roster file when it holds none), saved whole over the revision it edits (a PUT or a
 * duty spreadsheet, each a new revision, journaled), who is on a post at an instant, and the people by id, user
 * and badge for the desk, the outbox and evacuation notices. Contacts leave only to the roster's editors
 * (dispatch:manage); names only to roles that may see them.
 */
export class RosterBook {
  private doc: RosterDocument;
  private fileOwnerRules: OwnerRule[] = [];
  private byId = new Map<string, RosterPerson>();
  private byUser = new Map<string, RosterPerson>();
  private byBadge = new Map<string, RosterPerson>();
  private readonly now: () => number;
  /** One save at a time: each is decided on the revision the previous one left. */
  private saving: Promise<unknown> = Promise.resolve();

  private constructor(private readonly options: RosterBookOptions) {
    this.now = options.now ?? Date.now;
    this.doc = { ...EMPTY_ROSTER, revision: 0, savedAtMs: 0, savedBy: DISPATCH_USER };
  }

  static async open(options: RosterBookOptions): Promise<RosterBook> {
    const book = new RosterBook(options);
    const fromFile = await book.readFile();
    const stored = await options.records?.roster();
    if (stored) book.doc = stored;
    else if (fromFile) {
      const savedAtMs = book.now();
      const saved = options.records ? await options.records.saveRoster(fromFile, 1, DISPATCH_USER, savedAtMs) : true;
      book.doc = saved ? { ...fromFile, revision: 1, savedAtMs, savedBy: DISPATCH_USER } : ((await options.records!.roster()) ?? book.doc);
      if (saved) void journalStep(options.journal, options.logger, DISPATCH_USER, { action: DISPATCH_JOURNAL_ACTIONS.rosterSeeded, file: options.rosterFile, revision: 1, people: fromFile.people.length, assignments: fromFile.assignments.length });
    }
    if (!options.records) options.logger.warn('no historian: the duty roster is kept in memory only, seeded from its file at each start');
    book.indexPeople();
    book.checkSetup();
    return book;
  }

  /** The roster file's roster (and its owner rules kept for the desk), or null: none configured, or unreadable (logged). */
  private async readFile(): Promise<Roster | null> {
    const file = this.options.rosterFile;
    if (file === null) return null;
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      this.options.logger.error({ err: error, file }, 'duty roster file not read');
      return null;
    }
    const parsed = parseRosterJson(text, file);
    if (!parsed.ok) {
      this.options.logger.error({ file, problem: parsed.problem }, 'duty roster file refused');
      return null;
    }
    this.fileOwnerRules = parsed.ownerRules;
    return parsed.roster;
  }

  /** The owner rules: the configuration's, then the roster file's (first match wins). */
  ownerRules(): OwnerRule[] {
    return [...this.options.config.ownerRules, ...this.fileOwnerRules];
  }

  current(): RosterDocument {
    return this.doc;
  }

  onDuty(postId: string, atMs: number): OnDuty {
    return onDutyAt(this.doc, postId, atMs, this.options.utcOffsetMin);
  }

  person(personId: string): RosterPerson | undefined {
    return this.byId.get(personId);
  }

  personByUserName(userName: string): RosterPerson | undefined {
    return this.byUser.get(userName);
  }

  personByBadge(badgeId: string): RosterPerson | undefined {
    return this.byBadge.get(badgeId);
  }

  /** A person's name for a reader: '' for roles without personnel:viewNames, and for nobody. */
  nameFor(personId: string | null, withNames: boolean): string {
    return withNames && personId !== null ? (this.byId.get(personId)?.name ?? '') : '';
  }

  /** GET /api/dispatch/roster: whole for its editors (dispatch:manage); otherwise without contacts, and names only with personnel:viewNames. */
  view(user: SessionUser): RosterDocument {
    if (roleMay(user.role, 'dispatch:manage')) return this.doc;
    const withNames = mayViewPersonalData(user);
    return { ...this.doc, people: this.doc.people.map((p) => withoutContacts(p, withNames)), savedBy: withNames ? this.doc.savedBy : '' };
  }

  /** GET /api/dispatch/on-duty: every post's holder now, names only with personnel:viewNames. */
  onDutyViews(user: SessionUser, atMs = this.now()): OnDutyView[] {
    const withNames = mayViewPersonalData(user);
    return this.doc.posts.map((post) => {
      const duty = this.onDuty(post.id, atMs);
      return { postId: post.id, shiftId: duty.shiftId, personId: duty.personId, name: this.nameFor(duty.personId, withNames), deputies: duty.deputyIds.map((id) => ({ personId: id, name: this.nameFor(id, withNames) })) };
    });
  }

  /** PUT /api/dispatch/roster: the whole roster over the revision it edits. */
  save(body: unknown, user: SessionUser): Promise<CodedResult<RosterDocument>> {
    const denied = refuseUnlessNamed(user, 'dispatch:manage', 'edit the duty roster');
    if (denied) return Promise.resolve(denied);
    const request = RosterSaveRequestSchema.safeParse(body);
    if (!request.success) return Promise.resolve(refused('ST_ERR_DISPATCH_INVALID', request.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || 'roster'}: ${i.message}`).join('; ')));
    return this.store(request.data.roster, request.data.revision, user, { action: DISPATCH_JOURNAL_ACTIONS.rosterSaved });
  }

  /** POST /api/dispatch/roster/duty.csv: the spreadsheet's rows become the roster's assignments (all of them, as GET …/duty.csv gives them), or nothing changes and the bad rows are told. */
  importDutyCsv(text: string, user: SessionUser): Promise<CodedResult<RosterDocument> | { ok: false; status: 400; problem: { code: 'ST_ERR_DISPATCH_INVALID'; severity: 'info'; message: string }; errors: CsvError[] }> {
    const denied = refuseUnlessNamed(user, 'dispatch:manage', 'import a duty spreadsheet');
    if (denied) return Promise.resolve(denied);
    const base = this.doc;
    const { assignments, errors } = parseDutyCsv(text, base);
    if (errors.length > 0) return Promise.resolve({ ok: false, status: 400, problem: { code: 'ST_ERR_DISPATCH_INVALID', severity: 'info', message: `${errors.length} rows of the duty file have errors; nothing was imported` }, errors });
    const { revision: _r, savedAtMs: _s, savedBy: _b, ...roster } = base;
    return this.store({ ...roster, assignments }, base.revision, user, { action: DISPATCH_JOURNAL_ACTIONS.rosterImported });
  }

  /** GET /api/dispatch/roster/duty.csv. */
  dutyCsv(): string {
    return dutyCsv(this.doc);
  }

  private store(roster: Roster, editsRevision: number, user: SessionUser, journal: { action: string }): Promise<CodedResult<RosterDocument>> {
    const next = this.saving.then(async (): Promise<CodedResult<RosterDocument>> => {
      if (editsRevision !== this.doc.revision) return refused('ST_ERR_DISPATCH_CONFLICT', `the roster is at revision ${this.doc.revision}, the change edits ${editsRevision}`);
      const problems = validateRoster(roster);
      if (problems.length > 0) return refused('ST_ERR_DISPATCH_ROSTER', problems.slice(0, 10).join('; '));
      const revision = editsRevision + 1;
      const savedAtMs = this.now();
      if (this.options.records && !(await this.options.records.saveRoster(roster, revision, user.name, savedAtMs))) {
        this.doc = (await this.options.records.roster()) ?? this.doc;
        this.indexPeople();
        return refused('ST_ERR_DISPATCH_CONFLICT', `revision ${revision} was saved meanwhile`);
      }
      this.doc = { ...roster, revision, savedAtMs, savedBy: user.name };
      this.indexPeople();
      await journalStep(this.options.journal, this.options.logger, user.name, { ...journal, revision, people: roster.people.length, posts: roster.posts.length, assignments: roster.assignments.length });
      this.checkSetup();
      return { ok: true, value: this.doc };
    });
    this.saving = next.catch(() => undefined);
    return next;
  }

  private indexPeople(): void {
    this.byId = new Map(this.doc.people.map((p) => [p.id, p]));
    this.byUser = new Map(this.doc.people.flatMap((p) => (p.userName === undefined ? [] : [[p.userName, p] as const])));
    this.byBadge = new Map(this.doc.people.flatMap((p) => (p.badgeId === undefined ? [] : [[p.badgeId, p] as const])));
  }

  /**
   * Posts the configuration names that the roster lacks: a problem on the status bar while so (their warnings reach
   * nobody until they escalate). A core without any roster (no posts: dispatch not set up, warnings owned by post,
   * told to the group channels only) is not nagged on every start.
   */
  private checkSetup(): void {
    const problems = this.doc.posts.length === 0 ? [] : dispatchSetupProblems(this.options.config, this.doc, this.fileOwnerRules);
    if (problems.length === 0) this.options.bus.publish('problemCleared', { code: 'ST_ERR_DISPATCH_SETUP' });
    else this.options.bus.publish('problem', { code: 'ST_ERR_DISPATCH_SETUP', severity: 'warning', message: problems.slice(0, 5).join('; ') });
  }
}
