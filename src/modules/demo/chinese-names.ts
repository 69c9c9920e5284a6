import { Weighted } from './random.js';

/**
 * Surnames with their approximate share of the population in per-mille (after the
 * 2020 census / Ministry of Public Security name reports). Includes surnames whose
 * reading differs as a surname (曾 zeng, 单 shan, 仇 qiu, 解 xie, 区 ou, 查 zha) so
 * demo data exercises pinyin sorting and search.
 */
const SINGLE_SURNAMES: readonly (readonly [string, number])[] = [
  ['王', 71.2], ['李', 70.6], ['张', 64.2], ['刘', 54.2], ['陈', 46.1], ['杨', 32.4], ['黄', 22.4],
  ['赵', 20.3], ['吴', 18.8], ['周', 18.5], ['徐', 15.3], ['孙', 14.5], ['马', 14.4], ['朱', 13.1],
  ['胡', 12.3], ['郭', 11.7], ['何', 11.2], ['林', 10.6], ['高', 10.5], ['罗', 9.7], ['郑', 9.5],
  ['梁', 8.5], ['谢', 7.4], ['宋', 7.2], ['唐', 7.1], ['许', 6.5], ['韩', 6.4], ['邓', 6.2],
  ['冯', 6.2], ['曹', 5.6], ['彭', 5.5], ['曾', 5.4], ['肖', 5.3], ['田', 5.1], ['董', 5.0],
  ['潘', 4.6], ['袁', 4.6], ['蔡', 4.4], ['蒋', 4.4], ['余', 4.3], ['于', 4.3], ['杜', 4.1],
  ['叶', 4.0], ['程', 4.0], ['魏', 3.7], ['苏', 3.7], ['吕', 3.6], ['丁', 3.5], ['任', 3.4],
  ['卢', 3.3], ['姚', 3.3], ['沈', 3.2], ['钟', 3.1], ['姜', 3.1], ['崔', 3.0], ['谭', 2.9],
  ['陆', 2.8], ['范', 2.6], ['汪', 2.6], ['廖', 2.5], ['石', 2.5], ['金', 2.4], ['韦', 2.4],
  ['贾', 2.3], ['夏', 2.3], ['付', 2.3], ['方', 2.2], ['邹', 2.1], ['熊', 2.1], ['白', 2.0],
  ['孟', 2.0], ['秦', 2.0], ['邱', 1.9], ['侯', 1.9], ['江', 1.9], ['尹', 1.8], ['薛', 1.8],
  ['闫', 1.7], ['段', 1.7], ['雷', 1.6], ['龙', 1.5], ['黎', 1.5], ['史', 1.5], ['陶', 1.5],
  ['贺', 1.4], ['毛', 1.4], ['郝', 1.4], ['顾', 1.4], ['龚', 1.3], ['邵', 1.3], ['万', 1.3],
  ['覃', 1.3], ['武', 1.3], ['钱', 1.2], ['戴', 1.2], ['严', 1.2], ['莫', 1.2], ['孔', 1.1],
  ['向', 1.1], ['常', 1.1], ['汤', 1.0], ['康', 1.0], ['易', 1.0], ['乔', 1.0], ['赖', 1.0],
  ['文', 1.0], ['施', 0.9], ['洪', 0.9], ['牛', 0.9], ['温', 0.9], ['芦', 0.5], ['单', 0.5],
  ['查', 0.3], ['仇', 0.2], ['解', 0.2], ['区', 0.1],
];

/** Compound surnames (复姓): rare, about 0.1% of people together. */
const COMPOUND_SURNAMES: readonly (readonly [string, number])[] = [
  ['欧阳', 0.45], ['司马', 0.08], ['上官', 0.07], ['诸葛', 0.06], ['司徒', 0.09], ['东方', 0.05],
  ['皇甫', 0.05], ['慕容', 0.03], ['令狐', 0.03], ['尉迟', 0.02], ['夏侯', 0.03], ['公孙', 0.03],
  ['长孙', 0.02], ['宇文', 0.02],
];

export const surnames = new Weighted<string>([...SINGLE_SURNAMES, ...COMPOUND_SURNAMES]);

/** Pinyin of the surnames used in English-style names ("Kevin Zhang"). */
export const surnamePinyin: Readonly<Record<string, string>> = {
  王: 'Wang', 李: 'Li', 张: 'Zhang', 刘: 'Liu', 陈: 'Chen', 杨: 'Yang', 黄: 'Huang', 赵: 'Zhao',
  吴: 'Wu', 周: 'Zhou', 徐: 'Xu', 孙: 'Sun', 马: 'Ma', 朱: 'Zhu', 胡: 'Hu', 郭: 'Guo', 何: 'He',
  林: 'Lin', 高: 'Gao', 罗: 'Luo', 郑: 'Zheng', 梁: 'Liang', 谢: 'Xie', 宋: 'Song', 唐: 'Tang',
};
export const westernSurnameKeys = Object.keys(surnamePinyin);

/** Popular full given names: people really share these, which makes duplicates realistic. */
export const maleGivenNames = new Weighted<string>([
  ['伟', 30], ['强', 18], ['磊', 18], ['军', 16], ['勇', 15], ['杰', 15], ['涛', 14], ['斌', 12],
  ['超', 12], ['明', 11], ['刚', 11], ['平', 10], ['辉', 10], ['鹏', 10], ['浩', 9], ['宇', 8],
  ['建华', 9], ['建国', 9], ['志强', 8], ['文博', 5], ['浩然', 7], ['子轩', 8], ['宇轩', 7],
  ['俊杰', 7], ['国强', 6], ['海涛', 6], ['晓东', 6], ['志伟', 6], ['建军', 6], ['明辉', 5],
  ['天宇', 6], ['梓轩', 6], ['浩宇', 6], ['一鸣', 5], ['家豪', 5], ['志明', 5], ['永强', 5],
  ['俊', 7], ['帆', 6], ['飞', 7], ['亮', 7], ['峰', 7], ['波', 7], ['毅', 5], ['欣然', 2],
]);

export const femaleGivenNames = new Weighted<string>([
  ['芳', 28], ['娜', 22], ['敏', 20], ['静', 20], ['丽', 18], ['艳', 16], ['娟', 15], ['霞', 12],
  ['婷', 12], ['秀英', 12], ['桂英', 10], ['秀兰', 8], ['玉兰', 8], ['丽娟', 8], ['晓燕', 7],
  ['婷婷', 8], ['欣怡', 8], ['梓涵', 8], ['诗涵', 7], ['雨涵', 7], ['佳怡', 6], ['思雨', 6],
  ['紫涵', 5], ['雅琪', 5], ['梦琪', 5], ['晓敏', 6], ['丽华', 6], ['海燕', 6], ['静怡', 6],
  ['雪', 8], ['琳', 7], ['颖', 7], ['倩', 7], ['洁', 7], ['晶', 6], ['佳', 5], ['悦', 5],
  ['玉梅', 5], ['春梅', 5], ['凤英', 4], ['淑珍', 4], ['美玲', 4], ['一诺', 3],
]);

/** Characters for composed given names, roughly by how often parents choose them. */
const MALE_CHARS = '伟强磊军洋勇杰涛明超刚平辉鹏华飞鑫波斌宇浩凯健俊帆帅旭宁龙林欢阳建国志文博晨轩睿子梓然泽昊天一嘉毅峰海东亮成兵锋新春德荣立永胜';
const FEMALE_CHARS = '芳娜敏静丽艳娟霞秀英玲桂兰萍红燕梅莉婷雪琳慧颖倩洁晶佳欣怡涵悦诗雨梦思雅萱琪璐瑶月晓琴露云珊丹蕾玉美淑凤';
export const maleChars = Array.from(MALE_CHARS);
export const femaleChars = Array.from(FEMALE_CHARS);

/** Alternating male, female: the gender of englishGivenNames[i] is i % 2 === 0 ? male : female. */
export const englishGivenNames: readonly string[] = [
  'Kevin', 'Linda', 'David', 'Amy', 'Jason', 'Grace', 'Tony', 'Cindy', 'Eric', 'Helen',
  'Michael', 'Jessica', 'Peter', 'Lily', 'Frank', 'Sophia', 'Leo', 'Vivian', 'Jack', 'Emma',
];
export const foreignSurnames: readonly string[] = [
  'Miller', 'Smith', 'Johnson', 'Brown', 'Müller', 'Schmidt', 'Tanaka', 'Kim', 'Nguyen', 'Martin',
];
