import { describe, expect, it } from 'vitest';
import { isOptOutReply } from './opt-out.js';

describe('isOptOutReply', () => {
  it.each(['TD', 'td', 'T', 't', '退订', 'N', 'n', 'STOP', 'Stop', 'unsubscribe', 'UNSUBSCRIBE', 'ＴＤ', 'ｓｔｏｐ', ' 退订。', '【退订】', 'TD!', '"STOP"', 'stop.', '退订！', '  t  ', 'TD 🙏', '\u200bTD'])(
    '%j is an opt-out',
    (reply) => expect(isOptOutReply(reply)).toBe(true),
  );

  it.each(['TODAY', 'ToDo', 'Tom', 'No', 'NO', 'not now', 'STOPPED', 'bus stop', '不要退订', '退订了吗我想继续收', 'unsubscribed', 'T D', '谢谢', '', '。', '1', 'TD退订'])(
    '%j is not an opt-out',
    (reply) => expect(isOptOutReply(reply)).toBe(false),
  );
});
