/**
 * The `AccessPolicy` resource: one per declaration, registered first, every other resource depends on it. Its
 * Check is where the whole declaration is judged before anything is created: it loads and validates every file
 * (the same `checkDeclaration()` as the CLI), reads the live account with the key from `configure()`, and plans
 * the declaration with the engine exactly as `tracker-access apply` does — so the cross-entity rules, the move
 * order, the actor rules and the guards (owner, self-lockout, mass removal) all run on the complete change,
 * removals of users and workspaces the declaration does not name included. Every error comes back as a check
 * failure `file:line:col: message (rule)`.
 *
 * The stack is authoritative, like the CLI: Create and Update apply the part of that plan no other resource owns
 * — removing the users the declaration does not name, and deleting the workspaces it does not name that nothing
 * has to leave first (the others are left to UndeclaredWorkspaces, the stack's last resource). Its outputs (and
 * the inputs a refresh reads) list what the account holds beyond the declaration; its checked inputs want nothing
 * there, so after a refresh the preview shows by name who loses access, and a stack in sync shows no change.
 */
import { DeclarationIoError } from "../declaration/load.ts";
import { type Declaration, emailKey } from "../declaration/model.ts";
import type { CheckResult } from "../policy/check-declaration.ts";
import { type LiveAccount, sortedNames } from "../reconcile/live-account.ts";
import type { Operation, Plan } from "../reconcile/operations.ts";
import { plan } from "../reconcile/plan.ts";
import { checkStackDeclaration, formatStackViolation } from "./declaration-files.ts";
import {
  ACCOUNT_LEVEL_INPUTS,
  type AccessPolicyInputs,
  type AccessPolicyOutputs,
  accessPolicyInputs,
  accountLevelDiff,
  containsUnknown,
  type PropertyBag,
  type Undeclared,
  undeclaredIn,
  withoutProvider,
} from "./properties.ts";
import type { ResourceImplementation } from "./resource-implementation.ts";
import { messageOf, ProviderError, type ProviderSession } from "./session.ts";
import { applyOperations } from "./slice.ts";

type CheckFailure = { property: string; reason: string };

/** What the checked inputs want the account to hold beyond the declaration: nothing. */
const NOTHING_UNDECLARED: Undeclared = { undeclaredUsers: [], undeclaredWorkspaces: [] };

/** The AccessPolicy resource's provider methods. */
export function accessPolicyResource(session: ProviderSession): ResourceImplementation {
  const enforce = async (bag: PropertyBag) => {
    const inputs = accessPolicyInputs(bag);
    const { have, pending } = await removeUndeclared(session, inputs, `AccessPolicy ${inputs.account}`, firstRemovals);
    // A workspace left for the UndeclaredWorkspaces resource (the last step of this update) is not reported here.
    const outs = accessPolicyOutputs(inputs, have);
    outs.undeclaredWorkspaces = outs.undeclaredWorkspaces.filter((name) => !pending.includes(name));
    return { id: inputs.account || have.account.id, outs: { ...outs } };
  };
  return {
    async check(_olds, news) {
      if (containsUnknown(withoutProvider(news))) return { inputs: news };
      const inputs = accessPolicyInputs(news);
      const { failures } = await judgeStack(session, inputs, { fresh: false });
      return { inputs: { ...news, ...inputs, ...NOTHING_UNDECLARED }, failures };
    },
    async diff(_id, olds, news) {
      // What the account held beyond the declaration when last read is removed by an update.
      const { undeclaredUsers, undeclaredWorkspaces } = undeclaredIn(olds);
      const found = undeclaredUsers.length + undeclaredWorkspaces.length;
      return accountLevelDiff(olds, news, ACCOUNT_LEVEL_INPUTS, found);
    },
    ...accountLevelLifecycle(session, enforce, accessPolicyOutputs, ["undeclaredUsers", "undeclaredWorkspaces"]),
  };
}

/**
 * Create, Update, Delete and Read of an account-level resource (AccessPolicy, UndeclaredWorkspaces): Create and
 * Update `enforce` the inputs; Delete leaves the account as it is; Read returns the outputs `outputsOf` makes of
 * the live account, and as inputs the ones read back plus the `found` outputs (what it holds undeclared), so a
 * refresh shows them.
 */
export function accountLevelLifecycle(
  session: ProviderSession,
  enforce: (bag: PropertyBag) => Promise<{ id: string; outs: PropertyBag }>,
  outputsOf: (inputs: AccessPolicyInputs, have: LiveAccount) => object,
  found: ReadonlyArray<string>,
): Pick<ResourceImplementation, "create" | "update" | "delete" | "read"> {
  return {
    create: enforce,
    async update(_id, _olds, news) {
      return { outs: (await enforce(news)).outs };
    },
    async delete() {},
    async read(_id, props = {}) {
      const inputs = accessPolicyInputs(props);
      const have = await session.live();
      const outs: PropertyBag = { ...outputsOf(inputs, have) };
      const read = Object.fromEntries(found.map((key) => [key, outs[key]]));
      return { id: inputs.account || have.account.id, props: outs, inputs: { ...inputs, ...read } };
    },
  };
}

/** The judgement of the whole stack: the failures, or the engine's plan and the account it was computed on. */
type Judgement = { failures: CheckFailure[]; planned?: Plan; have?: LiveAccount };

/**
 * Judges the whole stack as the CLI judges an apply: the declaration's violations, then the engine's plan of the
 * declaration against the account — every undeclared user removed and undeclared workspace deleted, counted by
 * the removal guard. Fills the roster (users, workspaces) in `inputs`.
 */
async function judgeStack(
  session: ProviderSession,
  inputs: AccessPolicyInputs,
  options: { fresh: boolean },
): Promise<Judgement> {
  // Phase 1: load and validate every file.
  const fail = (property: string, reason: string) => ({ failures: [{ property, reason }] });
  let checked: CheckResult;
  try {
    checked = await checkStackDeclaration(inputs.declaration);
  } catch (error) {
    if (error instanceof DeclarationIoError) return fail("declaration", error.message);
    throw error;
  }
  const errors = checked.violations.filter((v) => v.severity === "error");
  const { declaration, profile } = checked;
  if (errors.length > 0 || declaration === undefined || profile === undefined) {
    return { failures: errors.map((v) => ({ property: "declaration", reason: formatStackViolation(v) })) };
  }
  Object.assign(inputs, rosterOf(declaration));

  // Phase 2: the live account, with the key from configure().
  let have: LiveAccount;
  try {
    have = await session.live(options);
  } catch (error) {
    if (error instanceof ProviderError) return fail("apiUrl", error.message);
    return fail("apiUrl", session.redact(messageOf(error)));
  }

  // Phase 3: the engine's plan of the declaration; its refusals are the failures.
  const planned = plan(declaration, have, profile, {
    allowRemovals: inputs.allowRemovals,
    maxRemovalShare: inputs.maxRemovalShare,
  });
  const failures = planned.refusals
    .filter((v) => v.severity === "error")
    .map((v) => ({ property: "declaration", reason: formatStackViolation(v) }));
  return { failures, planned, have };
}

/** Which of the plan's operations a resource executes, and which delete-workspace operations it leaves pending. */
export type RemovalSelector = (operations: Operation[]) => { execute: Operation[]; pending: Operation[] };

/**
 * Judges the stack again on a fresh read and applies the removals `select` picks from the engine's plan.
 * Returns the account afterwards and the workspaces whose deletion is left to a later step; throws when the
 * plan is refused.
 */
export async function removeUndeclared(
  session: ProviderSession,
  inputs: AccessPolicyInputs,
  label: string,
  select: RemovalSelector,
): Promise<{ have: LiveAccount; pending: string[] }> {
  // Judge: a refusal stops the update before anything is written.
  const { failures, planned, have } = await judgeStack(session, inputs, { fresh: true });
  if (failures.length > 0 || planned === undefined || have === undefined) {
    const reasons = failures.map((f) => `  ${f.reason}`).join("\n");
    throw new ProviderError(session.redact(`${label}: the plan is refused:\n${reasons}`));
  }

  // Remove: the engine's own operations, in its order, with its executor.
  const { execute, pending } = select(planned.operations);
  const names = pending.flatMap((op) => (op.type === "delete-workspace" ? [op.workspace] : []));
  if (execute.length === 0) return { have, pending: names };
  return { have: await applyOperations(session, label, planned, execute, have), pending: names };
}

/**
 * The AccessPolicy's removals, made before any other resource runs: every remove-user (a declared user is never
 * removed), and every delete-workspace whose prerequisites are among them. A workspace that elements or declared
 * members still have to leave (ElementAssignments and User run after this resource) is left pending: the
 * UndeclaredWorkspaces resource, the last of the stack, deletes it in the same update.
 */
const firstRemovals: RemovalSelector = (operations) => {
  const removals = operations.filter((op) => op.type === "remove-user");
  const removed = new Set(removals.map((op) => op.id));
  const deletions = operations.filter((op) => op.type === "delete-workspace");
  const ready = deletions.filter((op) => op.dependsOn.every((id) => removed.has(id)));
  return { execute: [...removals, ...ready], pending: deletions.filter((op) => !ready.includes(op)) };
};

/** The users (e-mail keys) and private workspaces a declaration names, sorted. */
export function rosterOf(
  declaration: Declaration,
): Pick<AccessPolicyInputs, "account" | "tracker" | "users" | "workspaces"> {
  return {
    account: declaration.account,
    tracker: declaration.tracker,
    users: sortedNames(declaration.users.map((u) => emailKey(u.email))),
    workspaces: sortedNames(declaration.workspaces.map((w) => w.name)),
  };
}

/** The account as the key sees it, and the users and workspaces it holds that the declaration does not name. */
function accessPolicyOutputs(inputs: AccessPolicyInputs, have: LiveAccount): AccessPolicyOutputs {
  const users = new Set(inputs.users);
  const workspaces = new Set(inputs.workspaces);
  return {
    ...inputs,
    accountId: have.account.id,
    accountName: have.account.name,
    actor: have.actor.email,
    actorRole: have.actor.role,
    undeclaredUsers: sortedNames(have.users.map((u) => emailKey(u.email)).filter((e) => !users.has(e))),
    undeclaredWorkspaces: sortedNames(have.workspaces.map((w) => w.name).filter((n) => !workspaces.has(n))),
  };
}
