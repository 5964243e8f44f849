import type { SceneInput } from '../../main/contracts/index.js';
import { mulberry32 } from '../../main/simulator/random.js';
import { demoDepartmentOf } from './organisation.js';

type PersonInput = NonNullable<SceneInput['personnel']>[number];

const FAMILY_NAMES = ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '罗'];
const GIVEN_NAMES = ['伟', '芳', '娜', '敏', '静', '强', '磊', '军', '洋', '勇', '艳', '杰', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '志强', '海燕', '晓东'];
const CONTRACTORS = ['华东安装工程有限公司', '中化建设第三工程公司', '宏达防腐保温公司'];

const ROLE_COUNTS: [PersonInput['role'], number][] = [
  ['operator', 26],
  ['maintenance', 18],
  ['contractor', 16],
  ['security', 4],
  ['visitor', 2],
];

/** 66 badges with fictitious names; the same seed gives the same people. */
export function demoPersonnel(seed: number): PersonInput[] {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const people: PersonInput[] = [];
  let badge = 1001;
  for (const [role, count] of ROLE_COUNTS) {
    for (let i = 0; i < count; i++) {
      const person: PersonInput = { badgeId: `BDG-${badge++}`, role, displayName: pick(FAMILY_NAMES) + pick(GIVEN_NAMES) };
      if (role === 'contractor') person.company = pick(CONTRACTORS);
      const departmentId = demoDepartmentOf(role, i);
      if (departmentId !== undefined) person.departmentId = departmentId;
      people.push(person);
    }
  }
  return people;
}
