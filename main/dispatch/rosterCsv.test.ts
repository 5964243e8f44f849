import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readCsv } from '../contracts/index.js';
import { parseRosterJson } from './roster.js';
import { dutyCsv, MAX_CSV_ERRORS, parseDutyCsv, parsePeopleCsv } from './rosterCsv.js';

const file = parseRosterJson(readFileSync(new URL('../../scenes/demo-plant/demo-roster.json', import.meta.url), 'utf8'));
if (!file.ok) throw new Error(file.problem);
const roster = file.roster;

describe('readCsv', () => {
  it('reads quoted fields with commas, quotes and line breaks, CRLF or LF, and a BOM; lines are where records start', () => {
    const { records, error } = readCsv('\uFEFFa,b\r\n"x, y","say ""hi"""\n"two\nlines",z\n\n  \nlast,row', { maxRecords: 10, maxFieldChars: 100 });
    expect(error).toBeUndefined();
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'say "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
      { line: 7, fields: ['last', 'row'] },
    ]);
  });

  it('stops at its bounds and says where', () => {
    expect(readCsv('a\nb\nc\nd\n', { maxRecords: 2, maxFieldChars: 10 })).toEqual({ records: [{ line: 1, fields: ['a'] }, { line: 2, fields: ['b'] }], error: { line: 3, message: 'more than 2 rows' } });
    expect(readCsv('ok\n' + 'x'.repeat(20), { maxRecords: 10, maxFieldChars: 10 }).error).toEqual({ line: 2, message: 'a field longer than 10 characters' });
    expect(readCsv('a,"open\n', { maxRecords: 10, maxFieldChars: 10 }).error).toEqual({ line: 1, message: 'a quoted field is not closed' });
  });
});

describe('duty CSV', () => {
  it('round-trips the demo roster’s assignments', () => {
    const text = dutyCsv(roster);
    expect(text.startsWith('\uFEFFdate,shift,post,person,deputies\r\n')).toBe(true);
    const back = parseDutyCsv(text, roster);
    expect(back.errors).toEqual([]);
    const key = (a: { date: string | null; shiftId: string; postId: string }) => `${a.date}|${a.shiftId}|${a.postId}`;
    expect([...back.assignments].sort((a, b) => key(a).localeCompare(key(b)))).toEqual([...roster.assignments].sort((a, b) => key(a).localeCompare(key(b))));
  });

  it('reads Chinese headers in any order, dated rows, ; between deputies, quoted fields', () => {
    const text = '\uFEFF人员,日期,班次,岗位,替班\r\np-ma-ming,2026-12-08,day,unit1Operator,"p-li-yang; p-gao-tao"\r\np-zhou-gang,*,*,shiftLead,\r\n';
    expect(parseDutyCsv(text, roster)).toEqual({
      assignments: [
        { date: '2026-12-08', shiftId: 'day', postId: 'unit1Operator', personId: 'p-ma-ming', deputyIds: ['p-li-yang', 'p-gao-tao'] },
        { date: null, shiftId: '*', postId: 'shiftLead', personId: 'p-zhou-gang', deputyIds: [] },
      ],
      errors: [],
    });
  });

  it('reports bad rows by line and keeps the good ones, never throws', () => {
    const text = [
      'date,shift,post,person,deputies',
      '2026-12-08,day,unit1Operator,p-ma-ming,',
      '2026-13-45x,day,unit1Operator,p-ma-ming,',
      '2026-12-08,lunch,unit1Operator,p-ma-ming,',
      '2026-12-08,day,nowhere,ghost,p-lin-jing;nobody',
      '2026-12-08,day,unit1Operator,p-lin-jing,',
      '2026-12-08,*,shiftLead,p-lin-jing,',
      '2026-12-09,night,shiftLead,p-wu-gang,a;b;c;d;e;f',
      '2026-02-30,night,shiftLead,p-wu-gang,',
    ].join('\n');
    const { assignments, errors } = parseDutyCsv(text, roster);
    expect(assignments).toEqual([{ date: '2026-12-08', shiftId: 'day', postId: 'unit1Operator', personId: 'p-ma-ming', deputyIds: [] }]);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(errors[0]!.message).toContain('date');
    expect(errors[1]!.message).toBe('unknown shift lunch');
    expect(errors[2]!.message).toBe('unknown post nowhere; unknown person ghost; unknown deputy nobody');
    expect(errors[3]!.message).toBe('line 2 already names this post, shift and date');
    expect(errors[4]!.message).toBe('a dated row names its shift');
    expect(errors[5]!.message).toContain('deputyIds');
    expect(errors[6]!.message).toBe('no such date 2026-02-30');
  });

  it('says what is missing of the header, and refuses an empty or oversized file without reading it all', () => {
    expect(parseDutyCsv('date,shift,person\n2026-12-08,day,p-ma-ming\n', roster)).toEqual({ assignments: [], errors: [{ line: 1, message: 'missing columns: post/岗位' }] });
    expect(parseDutyCsv('', roster)).toEqual({ assignments: [], errors: [{ line: 1, message: 'no header row' }] });
    expect(parseDutyCsv('x'.repeat(4_000_001), roster).errors).toEqual([{ line: 1, message: 'the file is longer than 4000000 characters' }]);
  });

  it('tells at most MAX_CSV_ERRORS errors', () => {
    const text = 'date,shift,post,person\n' + Array.from({ length: 300 }, () => '2026-12-08,day,nowhere,p-ma-ming').join('\n');
    expect(parseDutyCsv(text, roster).errors).toHaveLength(MAX_CSV_ERRORS);
  });
});

describe('people CSV', () => {
  it('reads people with empty cells absent and phone separators dropped, bad rows by line', () => {
    const text = [
      'id,name,user,badge,email,phone,wecom,locale',
      'p-1,林静,op.lin,BDG-1012,lin.jing@example.com,138-0000-0001,linjing,zh-CN',
      'p-2,"Smith, Jo",,,,,,en',
      'p 3,Bad Id,,,not-an-email,12,,fr',
      'p-1,Again,,,,,,',
    ].join('\r\n');
    const { people, errors } = parsePeopleCsv(text);
    expect(people).toEqual([
      { id: 'p-1', name: '林静', userName: 'op.lin', badgeId: 'BDG-1012', email: 'lin.jing@example.com', phone: '13800000001', wecomUserId: 'linjing', locale: 'zh-CN' },
      { id: 'p-2', name: 'Smith, Jo', locale: 'en' },
    ]);
    expect(errors.map((e) => e.line)).toEqual([4, 5]);
    expect(errors[0]!.message).toMatch(/id: .*email: .*phone: .*locale: /);
    expect(errors[1]!.message).toBe('line 2 already has person p-1');
  });

  it('reads Chinese headers', () => {
    expect(parsePeopleCsv('编号,姓名,手机\np-9,马明,13800000009\n')).toEqual({ people: [{ id: 'p-9', name: '马明', phone: '13800000009', locale: 'zh-CN' }], errors: [] });
  });
});
