import { describe, expect, it } from 'vitest';
import { createSmsSender, LogSmsSender, RecordingSmsSender } from './sms.ts';

describe('SMS senders', () => {
  it('the log sender masks the phone (the demo message itself is written as it is)', async () => {
    const lines: string[] = [];
    await new LogSmsSender((l) => lines.push(l)).send('13812345678', '验证码 123456');
    expect(lines).toEqual(['SMS to 138****5678: 验证码 123456']);
  });

  it('the recording sender keeps messages for tests', async () => {
    const s = new RecordingSmsSender();
    await s.send('13800000001', 'a');
    await s.send('13800000002', 'b');
    expect(s.last()).toEqual({ phone: '13800000002', message: 'b' });
    expect(s.last('13800000001')?.message).toBe('a');
    s.clear();
    expect(s.messages).toHaveLength(0);
  });

  it('is chosen by LINGYAN_SMS: log by default, anything unknown refused at start', () => {
    expect(createSmsSender(undefined)).toBeInstanceOf(LogSmsSender);
    expect(createSmsSender('log')).toBeInstanceOf(LogSmsSender);
    expect(() => createSmsSender('carrier-pigeon')).toThrow(/LINGYAN_SMS/);
  });
});
