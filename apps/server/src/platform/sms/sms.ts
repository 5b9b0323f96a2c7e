import { maskPhone } from '@lingyan/shared';

/**
 * The one door to text messages. A deployment plugs in its operator's gateway (a class with this
 * one method); the demo writes messages to the server log and tests record them.
 */
export interface SmsSender {
  send(phone: string, message: string): Promise<void>;
}

/**
 * The demo sender: writes "SMS to 138****1234: …" to the server log. The phone is masked, but the
 * message — one-time codes included — is written as it is, so that a demo can be used without a
 * gateway. It is for demonstrations only: a real deployment must plug in a gateway.
 */
export class LogSmsSender implements SmsSender {
  constructor(private readonly write: (line: string) => void = (line) => console.info(line)) {}
  async send(phone: string, message: string): Promise<void> {
    this.write(`SMS to ${maskPhone(phone)}: ${message}`);
  }
}

/** For tests: keeps every message in memory, newest last. */
export class RecordingSmsSender implements SmsSender {
  readonly messages: { phone: string; message: string }[] = [];
  async send(phone: string, message: string): Promise<void> {
    this.messages.push({ phone, message });
  }
  /** The newest message sent to `phone` (or to anyone). */
  last(phone?: string): { phone: string; message: string } | undefined {
    return [...this.messages].reverse().find((m) => phone === undefined || m.phone === phone);
  }
  clear(): void {
    this.messages.length = 0;
  }
}

/** The sender chosen by `LINGYAN_SMS` (only `log` exists today; it is the default). */
export function createSmsSender(kind: string | undefined = process.env.LINGYAN_SMS): SmsSender {
  const k = (kind ?? '').trim() || 'log';
  if (k === 'log') return new LogSmsSender();
  throw new Error(`LINGYAN_SMS must be "log" (got "${k}")`);
}
