/**
 * The stack's guardrails (`tracker-access:guardrails`): the file read relative to the project root, like the
 * declaration, and named as the stack config wrote it; the declaration judged by it as `tracker-access plan
 * --guardrails` judges it. Errors (a broken error rule, a mistake in the file) are the AccessPolicy's check
 * failures; warnings the program logs.
 */
import { loadGuardrails } from "../declaration/guardrails-load.ts";
import { DeclarationIoError } from "../declaration/load.ts";
import type { Declaration } from "../declaration/model.ts";
import { checkGuardrails } from "../policy/guardrails-check.ts";
import type { Profile } from "../policy/profile.ts";
import type { Violation } from "../violations/violation.ts";
import { checkStackDeclaration, formatStackViolation } from "./declaration-files.ts";
import { asWritten, inProject } from "./project-root.ts";

/** Every violation of the guardrails file `file` and of `declaration` against it, or why the file cannot be read. */
export async function stackGuardrailViolations(
  file: string,
  declaration: Declaration,
  profile: Profile,
  now: Date = new Date(),
): Promise<{ unreadable: string } | { violations: Violation[] }> {
  const path = inProject([file])[0];
  let loaded: Awaited<ReturnType<typeof loadGuardrails>>;
  try {
    loaded = await loadGuardrails(path, asWritten(path));
  } catch (error) {
    if (error instanceof DeclarationIoError) {
      return { unreadable: `tracker-access:guardrails: ${file}: ${error.message.slice(path.length + 2)}` };
    }
    throw error;
  }
  if (loaded.guardrails === undefined) return { violations: loaded.violations };
  return { violations: checkGuardrails(loaded.guardrails, declaration, profile, now) };
}

/** The guardrail warnings of the declaration in `paths` under the guardrails `file`, one line each. */
export async function stackGuardrailWarnings(paths: string[], file: string): Promise<string[]> {
  try {
    const { declaration, profile } = await checkStackDeclaration(paths);
    // A declaration with errors, or an unreadable guardrails file, is the resource's check failure, reported there.
    if (declaration === undefined || profile === undefined) return [];
    const judged = await stackGuardrailViolations(file, declaration, profile);
    if ("unreadable" in judged) return [];
    return judged.violations.filter((v) => v.severity === "warning").map(formatStackViolation);
  } catch (error) {
    if (error instanceof DeclarationIoError) return [];
    throw error;
  }
}
