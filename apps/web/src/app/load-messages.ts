import type { Locale } from '@lingyan/shared';
import zhCN from 'virtual:lingyan-messages/zh-CN';
import { hasMessages, installMessages } from './messages.ts';

// zh-CN, the default, ships with the entry chunk; English is a chunk of its own, fetched once chosen.
installMessages('zh-CN', zhCN);

export async function loadMessages(locale: Locale): Promise<void> {
  if (hasMessages(locale)) return;
  const messages = (await import('virtual:lingyan-messages/en')).default;
  installMessages(locale, messages);
}
