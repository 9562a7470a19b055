/**
 * `explain` and `who-can` as JSON, for machines: the answer with every step's source (`{file, line, column,
 * path}` or `{live}`) and, for profile rules, the comment and cited documents. Exactly the data; invisible
 * characters escaped (escape.ts).
 */
import type { ElementExplanation } from "../../policy/explanation.ts";
import type { WhoCan } from "../../policy/who-can.ts";
import { jsonDocument } from "./escape.ts";

/** What every explain and who-can document starts with. */
export interface AnswerHeader {
  basis: "declaration" | "live";
  tracker: string;
  account: string;
}

/** The `explain --format json` document: `target` says which question `answer` answers. */
export function renderExplainJson(
  header: AnswerHeader,
  target: "user" | "element" | "workspace" | "setting",
  answer: unknown,
): string {
  return jsonDocument({ format: "tracker-access/explain/v1", ...header, target, answer });
}

/** The `who-can --format json` document. */
export function renderWhoCanJson(header: AnswerHeader, element: ElementExplanation["element"], answer: WhoCan): string {
  return jsonDocument({ format: "tracker-access/who-can/v1", ...header, element, ...answer });
}
