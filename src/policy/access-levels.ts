/**
 * The access levels in order, weakest first, for comparing two levels: who-can's `--at-least` and the review's
 * "gained" and "lost" both ask whether one level is above another.
 */
import type { ElementAccess, SettingsAccess } from "./profile.ts";

/** Element access levels, weakest first. */
export const ELEMENT_ACCESS_LEVELS: readonly ElementAccess[] = ["none", "use", "edit", "create"];

/** Settings access levels, weakest first. */
export const SETTINGS_ACCESS_LEVELS: readonly SettingsAccess[] = ["none", "view", "edit"];
