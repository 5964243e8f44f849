import { describe, expect, it } from 'vitest';
import { CERTIFICATE_TYPES, QUALIFICATION_PROBLEMS, type PersonView } from '@contracts';
import { catalogTranslator } from '../i18n/catalogTranslator.js';
import { latinWords } from '../../../tests/support/zhCnText.js';
import { sortForAttention, standingLines } from './contractorText.js';

const view = (id: string, standing: PersonView['standing'], active = true): Pick<PersonView, 'person' | 'standing'> =>
  ({ person: { id, name: '', companyId: 'HDAZ', active, certificates: [], authorisations: [] }, standing }) as Pick<PersonView, 'person' | 'standing'>;
const ok = { problems: [], expiry: null };

describe('a person\'s standing in words (issue 17 item 3)', () => {
  it('says what keeps them from work and when a certificate expires, coloured by its priority, in both languages', () => {
    const failing = view('P-1', { problems: [{ code: 'briefingFailed' }, { code: 'certificateMissing', certificateType: 'watcher' }], expiry: { condition: 'certificateExpiresWithin7Days', certificateType: 'welding', daysLeft: 5 } });
    expect(standingLines(failing, catalogTranslator('en'))).toEqual([
      { text: 'briefing exam below the pass mark (80)', level: 'medium' },
      { text: 'no watcher certificate', level: 'medium' },
      { text: 'welding and hot cutting certificate expires in 5 day(s)', level: 'medium' },
    ]);
    expect(standingLines(failing, catalogTranslator('zh-CN')).map((l) => l.text)).toEqual(['安全教育考试成绩低于合格分（80 分）', '无监护人培训合格证', '焊接与热切割作业操作证将于 5 天后到期']);
    const later = view('P-2', { problems: [], expiry: { condition: 'certificateExpiresWithin30Days', certificateType: 'electrician', daysLeft: 20 } });
    expect(standingLines(later, catalogTranslator('en'))).toEqual([{ text: 'electrical work certificate expires in 20 day(s)', level: 'low' }]);
    const lapsed = view('P-3', { problems: [], expiry: { condition: 'certificateExpiresWithin7Days', certificateType: 'lifting', daysLeft: -3 } });
    expect(standingLines(lapsed, catalogTranslator('zh-CN'))).toEqual([{ text: '起重机械作业人员证已过期 3 天', level: 'medium' }]);
    expect(standingLines(view('P-4', ok), catalogTranslator('en'))).toEqual([{ text: 'may enter: briefed, company whitelisted', level: 'normal' }]);
    expect(standingLines(view('P-5', failing.standing, false), catalogTranslator('zh-CN'))).toEqual([{ text: '已离场', level: 'normal' }]);
  });

  it('words every problem and certificate type in Chinese without English left in', () => {
    const zh = catalogTranslator('zh-CN');
    for (const code of QUALIFICATION_PROBLEMS) {
      for (const certificateType of CERTIFICATE_TYPES) {
        const [line] = standingLines(view('P-1', { problems: [{ code, certificateType }], expiry: null }), zh);
        expect(latinWords(line!.text, `${code}/${certificateType}`)).toEqual([]);
        expect(line!.text).not.toMatch(/contractors\./);
      }
    }
  });

  it('lists those needing attention first: problems, then the nearest expiry, then the others, those who left last', () => {
    const people = [
      view('P-9', ok),
      view('P-3', { problems: [], expiry: { condition: 'certificateExpiresWithin30Days', certificateType: 'welding', daysLeft: 20 } }),
      view('P-0', ok, false),
      view('P-4', { problems: [], expiry: { condition: 'certificateExpiresWithin7Days', certificateType: 'welding', daysLeft: 2 } }),
      view('P-7', { problems: [{ code: 'briefingMissing' }], expiry: null }),
      view('P-1', ok),
    ];
    expect(sortForAttention(people).map((p) => p.person.id)).toEqual(['P-7', 'P-4', 'P-3', 'P-1', 'P-9', 'P-0']);
  });
});
