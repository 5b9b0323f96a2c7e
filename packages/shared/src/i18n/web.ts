import type { MessageSection } from "./types.ts";

/** Texts of the web app. */
export const webMessages = {} satisfies MessageSection;
