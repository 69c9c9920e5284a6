import { stageLabels } from '../../customers/labels.js';
import { stages, type Stage } from '../../customers/schema.js';
import type { CustomerRecord } from '../contract.js';
import { headerKey } from './header-key.js';

type Gender = NonNullable<CustomerRecord['gender']>;

const genders = new Map<string, Gender | null>([
  // 1, 2, 0 and 9 are the codes of GB/T 2261.1 (male, female, unknown, unstated).
  ...['男', '男性', '先生', 'm', 'male', 'man', '1'].map((word) => [word, 'male'] as const),
  ...['女', '女性', '女士', 'f', 'female', 'woman', '2'].map((word) => [word, 'female'] as const),
  ...['其他', '其它', 'other', 'o', 'x'].map((word) => [word, 'other'] as const),
  ...['未知', '保密', '不详', '未说明', 'unknown', 'n/a', '-', '0', '9'].map((word) => [word, null] as const),
]);

/** male / female / other; null when the cell says it is unknown (未知, 保密); undefined when unreadable. */
export function parseGender(cell: string): Gender | null | undefined {
  return genders.get(cell.normalize('NFKC').trim().toLowerCase());
}

const stageIndex = new Map<string, Stage>();
for (const stage of stages) {
  const labels = stageLabels[stage];
  for (const name of [stage, labels['zh-CN'], labels['zh-CN'].replace(/客户$/, ''), labels['en-US'], `${labels['en-US']} customer`]) {
    stageIndex.set(headerKey(name), stage);
  }
}

/** A stage written as its key (current), Chinese label (现实客户 or 现实) or English label (Current). */
export function parseStage(cell: string): Stage | undefined {
  return stageIndex.get(headerKey(cell));
}

export const stageChoices = {
  zh: stages.map((stage) => stageLabels[stage]['zh-CN']).join('、'),
  en: stages.map((stage) => stageLabels[stage]['en-US']).join(', '),
};
