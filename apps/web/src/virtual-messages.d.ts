// Written at build time by the lingyan-messages plugin (vite.config.ts): one language of the shared catalog.
declare module 'virtual:lingyan-messages/*' {
  const messages: Readonly<Record<string, string>>;
  export default messages;
}
