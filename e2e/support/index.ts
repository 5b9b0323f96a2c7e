export { CHROMIUM_ARGS, chromiumExecutable, launchBrowser } from './browser.ts';
export type { LaunchBrowserOptions, LaunchedBrowser } from './browser.ts';
export { DEMO_PASSWORD, REPO_ROOT, startServer } from './server.ts';
export type { RunningServer, StartServerOptions } from './server.ts';
export { ARTIFACTS_DIR, artifactPath, screenshot } from './screenshot.ts';
