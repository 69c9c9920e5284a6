/**
 * The server stores numbers in E.164 (+8613905710001). Chinese mobiles read better the
 * way people say them: 139 0571 0001. Other numbers are shown as stored.
 */
export function formatPhone(number: string): string {
  const mobile = /^\+861(\d{10})$/.exec(number);
  if (!mobile) return number;
  const digits = `1${mobile[1]}`;
  return `${digits.slice(0, 3)} ${digits.slice(3, 7)} ${digits.slice(7)}`;
}
