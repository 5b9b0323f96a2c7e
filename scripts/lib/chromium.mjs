// Debian's Chromium as every browser run here launches it (journeys, Lighthouse): headless, no
// network chatter of its own (this machine's closed network refuses it). $CHROMIUM_PATH overrides.
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumExecutable() {
  return process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}
