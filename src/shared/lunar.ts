import { Solar } from 'lunar-typescript';

function parts(isoDate: string): [number, number, number] {
  const [year, month, day] = isoDate.split('-').map(Number);
  return [year!, month!, day!];
}

/** The lunar month and day of a solar date in Chinese, e.g. 闰五月初三 or 八月十五. */
export function lunarBirthdayText(isoDate: string): string {
  const lunar = Solar.fromYmd(...parts(isoDate)).getLunar();
  return `${lunar.getMonthInChinese()}月${lunar.getDayInChinese()}`;
}

