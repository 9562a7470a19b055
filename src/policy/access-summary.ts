/**
 * A user's whole access with its reasons, for `explain <decl> <email>` without a target: the role, every
 * workspace (visible or not, and the element table that applies), the settings table and the hidden columns.
 * Pure; built from the per-target explanations of access-explanation.ts.
 */
import type { UserDeclaration } from "../declaration/model.ts";
import type { AccessExplainer } from "./access-explanation.ts";
import type { ExplanationStep, WorkspaceExplanation } from "./explanation.ts";
import type { SettingsAccess } from "./profile.ts";

/** Everything one user can do, and why. */
export interface AccessSummary {
  email: string;
  role: string;
  /** The user's entry and the role's definition. */
  steps: ExplanationStep[];
  /** Every workspace, public first; the steps of each without the role steps above. */
  workspaces: WorkspaceExplanation[];
  settings: Record<string, SettingsAccess>;
  /** The role's settings table. */
  settingsStep: ExplanationStep;
  hiddenColumns: string[];
  /** Where the hidden columns are declared; absent when there are none. */
  hiddenColumnsStep?: ExplanationStep;
}

/** The access summary of `user`. */
export function accessSummary(explainer: AccessExplainer, user: UserDeclaration): AccessSummary {
  const permissions = explainer.permissions(user);
  const steps = explainer.roleSteps(user);
  const workspaces = permissions.workspaces.map((w) => {
    const explained = explainer.workspace(user, w.workspace);
    return { ...explained, steps: explained.steps.slice(steps.length) };
  });
  const settings = Object.entries(permissions.settings).map(([name, level]) => `${name} ${level}`);
  const hidden = permissions.hiddenColumns;
  return {
    email: user.email,
    role: permissions.role,
    steps,
    workspaces,
    settings: { ...permissions.settings },
    settingsStep: explainer.roleRule(
      user,
      ["settings"],
      `${permissions.role}'s settings table: ${settings.join(", ")}`,
    ),
    hiddenColumns: [...hidden],
    ...(hidden.length > 0
      ? {
          hiddenColumnsStep: explainer.entryStep(
            user,
            "/hiddenColumns",
            `hidden from ${user.email}: ${hidden.join(", ")}`,
          ),
        }
      : {}),
  };
}
