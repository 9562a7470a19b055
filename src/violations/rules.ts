/**
 * The table of rule ids: a fixed contract that reports, tests and users key on. Never rename an id; add new
 * ones here with their default severity and a one-line summary (used by `--help` and the README).
 */

/** Every rule tracker-access reports, with its severity and what it means. */
export const RULES = {
  "yaml/syntax": {
    severity: "error",
    summary: "the file is not well-formed YAML (syntax, encoding, duplicate keys, aliases)",
  },
  "schema/invalid": {
    severity: "error",
    summary:
      "the document does not match schemas/access.schema.json (a guardrails file: schemas/guardrails.schema.json)",
  },
  "saved-plan/invalid": {
    severity: "error",
    summary: "a saved plan (plan --out) is not JSON, does not match schemas/saved-plan.schema.json, or was edited",
  },
  "profile/unknown-tracker": { severity: "error", summary: "`tracker:` names no profile in policies/" },
  "ref/duplicate": { severity: "error", summary: "the same workspace, user or element is declared twice" },
  "ref/conflict": { severity: "error", summary: "files of one declaration disagree on tracker, account or apiVersion" },
  "ref/unknown-workspace": { severity: "error", summary: "a workspace is used but not declared" },
  "ref/unknown-element": { severity: "error", summary: "a funnel uses an element that is not declared" },
  "role/unsupported": { severity: "error", summary: "the tracker has no such role" },
  "owner/exactly-one": { severity: "error", summary: "the account needs exactly one owner" },
  "workspace/reserved-name": {
    severity: "error",
    summary: "a private workspace may not be called `public` or `*` (any case, any spacing) or hold control characters",
  },
  "workspace/limit": { severity: "error", summary: "more private workspaces than the tracker allows" },
  "member/needs-private-workspace": {
    severity: "error",
    summary: "workers and read-only users need at least one private workspace",
  },
  "member/implicit-access": {
    severity: "warning",
    summary: "owner or admin listed with workspaces: they already see every workspace",
  },
  "member/public-not-assignable": { severity: "error", summary: "`public` cannot be assigned; everyone sees it" },
  "element/single-workspace": { severity: "error", summary: "an element is assigned to two workspaces" },
  "element/not-allowed-in-public": { severity: "error", summary: "this kind cannot sit in the public workspace" },
  "element/unsupported-kind": {
    severity: "error",
    summary: "the tracker has no such element kind (or no elements at all)",
  },
  "element/self-reference": { severity: "error", summary: "an element cannot use itself" },
  "element/funnel-workspace": {
    severity: "error",
    summary: "a campaign uses an element neither in its workspace nor public",
  },
  "element/selector-unmatched": {
    severity: "warning",
    summary: "an element selector (`match:`) matches no element in the account",
  },
  "element/move-changes-visibility": {
    severity: "error",
    summary: "no order of moves keeps what other users can see unchanged",
  },
  "columns/readonly-only": { severity: "error", summary: "hidden columns apply only to read-only users" },
  "columns/unsupported": { severity: "error", summary: "the tracker has no hidden columns" },
  "columns/unknown": { severity: "error", summary: "the column is not in the tracker's catalogue" },
  "access/all-workspaces-unsupported": {
    severity: "error",
    summary: "the tracker cannot grant every workspace at once",
  },
  "actor/cannot-manage-admins": {
    severity: "error",
    summary: "the API key's role may not invite, change or remove this user",
  },
  "actor/cannot-manage-roles": { severity: "error", summary: "only the owner changes roles on this tracker" },
  "actor/cannot-manage-workspaces": {
    severity: "error",
    summary: "the API key's role may not manage workspaces or memberships",
  },
  "guardrails/unknown-name": {
    severity: "warning",
    summary: "a guardrail names a role or column the tracker does not have, so that part never matches",
  },
  // Source: the profile's publicAccess/privateAccess tables (policy/element-access.ts `moveAccessBlockers`), the
  // rule the tracker enforces with a 403 on PUT /v1/elements/{id}/workspace and POST /v1/element-moves.
  "actor/cannot-move-element": {
    severity: "error",
    summary: "the API key's role may not edit this element kind in the workspace it leaves or enters",
  },
  "grant/expired": {
    severity: "warning",
    summary: "a grant is past its `until`: the next apply removes the membership or the user",
  },
  "grant/expires-soon": { severity: "warning", summary: "a grant's `until` is within the warning window (7 days)" },
  "guard/owner-immutable": {
    severity: "error",
    summary: "the owner is never removed or demoted, and the owner's grant has no `until`",
  },
  "guard/self-lockout": {
    severity: "error",
    summary: "the plan would remove or weaken the API key owner's own access, or give it an `until`",
  },
  "guard/max-removals": {
    severity: "error",
    summary: "the plan removes more users than the allowed share without an override",
  },
} as const satisfies Record<string, { severity: "error" | "warning"; summary: string }>;

/** A rule id, such as `element/single-workspace`. */
export type RuleId = keyof typeof RULES;

/**
 * The rule id of a rule in a guardrails file (`guardrail/few-admins`): the team writes these rules, so they are
 * not in RULES; each carries its own severity (guardrail-violation.ts).
 */
export type GuardrailRuleId = `guardrail/${string}`;
