/**
 * The review `review --against FILE` compares with: a `review --format json` saved at the last review. Read and
 * checked in full before anything is compared; a file that is not such a review is one line naming it and what
 * is wrong ("previous.json: not a tracker-access review JSON: no format field"), exit 1.
 */
import { readFile } from "node:fs/promises";
import type { EffectivePermissions } from "../policy/effective-permissions.ts";
import { CommandFailure } from "./command-runner.ts";
import type { ReviewDocument } from "./render/review-json.ts";

/** The `format` of review documents this version reads. */
export const REVIEW_FORMAT = "tracker-access/review/v1";

/** A saved review, checked. */
export interface PreviousReview {
  /** The path as given. */
  file: string;
  tracker: string;
  account: string;
  users: EffectivePermissions;
}

/** Reads and checks the saved review at `file`; throws CommandFailure naming the file when it is not one. */
export async function readPreviousReview(file: string): Promise<PreviousReview> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new CommandFailure(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw notAReview(file, "not JSON");
  }
  const problem = reviewProblem(data);
  if (problem !== undefined) throw notAReview(file, problem);
  const review = data as ReviewDocument;
  return { file, tracker: review.tracker, account: review.account, users: review.users };
}

function notAReview(file: string, problem: string): CommandFailure {
  return new CommandFailure(
    `${file}: not a tracker-access review JSON (${problem}); --against takes a saved \`review --format json\``,
  );
}

/** What is wrong with `data` as a review document, or undefined when nothing is. */
export function reviewProblem(data: unknown): string | undefined {
  if (!isObject(data)) return "not a JSON object";
  if (data.format === undefined) return "no format field";
  if (data.format !== REVIEW_FORMAT) return `format is ${JSON.stringify(data.format)}, expected "${REVIEW_FORMAT}"`;
  if (typeof data.tracker !== "string") return "no tracker";
  if (typeof data.account !== "string") return "no account";
  if (!Array.isArray(data.users)) return "no users list";
  for (const [i, user] of data.users.entries()) {
    const problem = userProblem(user);
    if (problem !== undefined) return `users[${i}]: ${problem}`;
  }
  return undefined;
}

function userProblem(user: unknown): string | undefined {
  if (!isObject(user)) return "not an object";
  if (typeof user.email !== "string" || typeof user.role !== "string") return "no email or role";
  if (!Array.isArray(user.workspaces)) return "no workspaces list";
  for (const w of user.workspaces) {
    if (!isObject(w) || typeof w.workspace !== "string" || typeof w.visible !== "boolean") {
      return "a workspace without name or visibility";
    }
    if (!isStringRecord(w.elements)) return `workspace ${w.workspace}: elements are not levels by kind`;
  }
  if (!isStringRecord(user.settings)) return "settings are not levels by section";
  if (!Array.isArray(user.hiddenColumns) || !user.hiddenColumns.every((c) => typeof c === "string")) {
    return "hiddenColumns is not a list of names";
  }
  return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isStringRecord(value: unknown): boolean {
  return isObject(value) && Object.values(value).every((v) => typeof v === "string");
}
