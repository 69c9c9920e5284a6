import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/**
 * A deterministic contact list as people export it from a phone or a spreadsheet, for the
 * import benchmark and the crash test: 姓名,手机,邮箱,公司,分组 in UTF-8. About `duplicateShare`
 * of the rows repeat an earlier person (same mobile, or same e-mail written in upper case,
 * sometimes with a different name), and `badShare` are broken (a mobile with too few
 * digits, an e-mail without @). Same size and seed, same bytes.
 */
export type ContactFileOptions = { rows: number; seed?: number; duplicateShare?: number; badShare?: number };
export type ContactFileStats = { rows: number; duplicates: number; bad: number; bytes: number };

const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤');
const GIVEN = Array.from('伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽');
const COMPANIES = ['西湖茶业', '东方电子', '华南物流', '长江贸易', '金山软件', '蓝天广告', '新华书店', '明珠酒店', '', '', '', ''];
const GROUPS = ['VIP', '老客户', '普通用户', '重点客户', '', '', ''];

/** mulberry32: tiny, fast and good enough for test data. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(items: readonly T[], r: number): T => items[Math.floor(r * items.length)]!;

/** Person n's mobile: distinct for every n below 100 million. */
function mobile(n: number): string {
  const prefixes = ['138', '139', '150', '186', '137', '158', '189', '131'];
  return `${prefixes[n % prefixes.length]}${String(Math.floor(n / prefixes.length) * 7919 % 100_000_000).padStart(8, '0')}`;
}

export function contactLine(index: number, seed: number, duplicateShare: number, badShare: number): { line: string; duplicate: boolean; bad: boolean } {
  const next = random(seed * 1_000_003 + index);
  const roll = next();
  let person = index;
  let duplicate = false;
  if (index > 0 && roll < duplicateShare) {
    person = Math.floor(next() * index);
    duplicate = true;
  }
  const p = random(seed * 7_777_777 + person);
  const name = pick(SURNAMES, p()) + pick(GIVEN, p()) + (p() < 0.6 ? pick(GIVEN, p()) : '');
  let phone = mobile(person);
  let email = p() < 0.5 ? `user${person}@example.com` : '';
  const company = pick(COMPANIES, p());
  const group = pick(GROUPS, p());
  const bad = !duplicate && roll > 1 - badShare;
  if (duplicate && email && next() < 0.5) {
    // The same person, found by e-mail: written differently, phone missing.
    email = email.toUpperCase();
    phone = '';
  }
  if (bad) phone = phone.slice(0, 5);
  return { line: `${duplicate && next() < 0.3 ? `${name}先生` : name},${phone},${email},${company},${group}\n`, duplicate, bad };
}

export async function writeContactFile(path: string, options: ContactFileOptions): Promise<ContactFileStats> {
  const seed = options.seed ?? 1;
  const duplicateShare = options.duplicateShare ?? 0.05;
  const badShare = options.badShare ?? 0.01;
  const out = createWriteStream(path);
  const stats: ContactFileStats = { rows: options.rows, duplicates: 0, bad: 0, bytes: 0 };
  let chunk = '姓名,手机,邮箱,公司,分组\n';
  for (let i = 0; i < options.rows; i++) {
    const { line, duplicate, bad } = contactLine(i, seed, duplicateShare, badShare);
    chunk += line;
    if (duplicate) stats.duplicates++;
    if (bad) stats.bad++;
    if (chunk.length > 1 << 16) {
      stats.bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  stats.bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return stats;
}
