import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { parseAliyunSmsReport, parseTencentStatusReport, parseTwilioStatusCallback } from './delivery-reports.js';
import { parseAliyunSmsUp, parseTencentSmsReply, parseTwilioInbound, parseWebhookInbound } from './inbound-replies.js';

describe('inbound SMS replies', () => {
  it('reads Aliyun SmsUp pushes, dating China-time stamps correctly and skipping unreadable numbers', () => {
    const parsed = parseAliyunSmsUp([
      { phone_number: '13800138000', content: '退订', send_time: '2017-09-01 08:30:00', dest_code: '1234', sequence_id: 1234567890, sign_name: '维系科技' },
      { phone_number: '1381111****', content: '好的', send_time: '2017-09-01 08:31:00', dest_code: '1234', sequence_id: '2' },
    ]);
    expect(parsed.items).toEqual([
      { phone: '+8613800138000', text: '退订', receivedAt: new Date('2017-09-01T00:30:00Z'), optOut: true, providerMessageId: '1234567890' },
    ]);
    expect(parsed.skipped).toEqual([{ index: 1, reason: 'not a phone number: 1381111****' }]);
  });

  it('reads Tencent reply callbacks (nation code and mobile apart, Unix time)', () => {
    const parsed = parseTencentSmsReply({ extend: '', mobile: '13800138000', nationcode: '86', sign: '维系科技', text: 'ＴＤ', time: 1457336869 });
    expect(parsed.items).toEqual([{ phone: '+8613800138000', text: 'ＴＤ', receivedAt: new Date(1457336869 * 1000), optOut: true }]);
    expect(parseTencentSmsReply({ mobile: '2025550123', nationcode: '1', text: 'thanks', time: 1457336869 }).items[0]).toMatchObject({ phone: '+12025550123', optOut: false });
  });

  it('reads Twilio incoming-message forms', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    const form = new URLSearchParams({ MessageSid: 'SM1', AccountSid: 'AC1', From: '+14155550123', To: '+14155550100', Body: 'STOP', NumMedia: '0' });
    expect(parseTwilioInbound(form, at).items).toEqual([{ phone: '+14155550123', text: 'STOP', receivedAt: at, optOut: true, providerMessageId: 'SM1' }]);
  });

  it('reads the generic gateway format', () => {
    const parsed = parseWebhookInbound([{ from: '+8613800138000', text: '请问活动几号开始？', receivedAt: '2026-02-01T08:00:00+08:00' }]);
    expect(parsed.items).toEqual([{ phone: '+8613800138000', text: '请问活动几号开始？', receivedAt: new Date('2026-02-01T00:00:00Z'), optOut: false }]);
  });

  it('refuses a malformed callback with a field-level error and reads nothing', () => {
    expect(() => parseAliyunSmsUp({ phone_number: '13800138000' })).toThrow(ValidationError);
    const refusal = (() => {
      try {
        parseTencentSmsReply({ mobile: '13800138000', nationcode: '86', text: 'TD', time: 'yesterday' });
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toBeInstanceOf(ValidationError);
    expect((refusal as ValidationError).issues.map((issue) => issue.path)).toEqual(['0.time']);
    expect(() => parseAliyunSmsUp([{ phone_number: '13800138000', content: 'TD', send_time: '2017/09/01' }])).toThrow(ValidationError);
  });
});

describe('delivery reports', () => {
  it('reads Aliyun SmsReport with our message id from OutId', () => {
    const parsed = parseAliyunSmsReport([
      { phone_number: '13800138000', send_time: '2017-01-01 00:00:00', report_time: '2017-01-01 00:00:05', success: true, err_code: 'DELIVERED', err_msg: '用户接收成功', sms_size: '1', biz_id: '12345^0', out_id: 'msg-1' },
      { phone_number: '13800138001', send_time: '2017-01-01 00:00:00', report_time: '2017-01-01 00:01:00', success: false, err_code: 'MK:0001', err_msg: '空号', sms_size: '1', biz_id: '12346^0', out_id: 'msg-2' },
    ]);
    expect(parsed.items).toEqual([
      { providerMessageId: '12345^0', messageId: 'msg-1', status: 'delivered', reason: undefined, at: new Date('2016-12-31T16:00:05Z') },
      { providerMessageId: '12346^0', messageId: 'msg-2', status: 'undelivered', reason: 'MK:0001 空号', at: new Date('2016-12-31T16:01:00Z') },
    ]);
  });

  it('reads Tencent status callbacks by SerialNo', () => {
    const parsed = parseTencentStatusReport([
      { user_receive_time: '2015-10-17 08:03:04', nationcode: '86', mobile: '13800138000', report_status: 'FAIL', errmsg: 'MK:0005', description: '用户关机', sid: '2640:1' },
    ]);
    expect(parsed.items).toEqual([{ providerMessageId: '2640:1', status: 'undelivered', reason: 'MK:0005 用户关机', at: new Date('2015-10-17T00:03:04Z') }]);
  });

  it('reads Twilio status callbacks and leaves interim states out', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(parseTwilioStatusCallback({ MessageSid: 'SM1', MessageStatus: 'undelivered', ErrorCode: '30003' }, at).items).toEqual([
      { providerMessageId: 'SM1', status: 'undelivered', reason: 'undelivered (error 30003)', at },
    ]);
    expect(parseTwilioStatusCallback({ MessageSid: 'SM1', MessageStatus: 'sending' }, at)).toEqual({ items: [], skipped: [{ index: 0, reason: 'interim status sending' }] });
  });
});
