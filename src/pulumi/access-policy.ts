/**
 * The `AccessPolicy` resource: one per declaration, registered first, every other resource depends on it. Its
 * Check is where the whole declaration is judged before anything is created: it loads and validates every file
 * (the same `checkDeclaration()` as the CLI), reads the live account with the key from `configure()`, and plans
 * the whole stack with the engine — so the cross-entity rules, the move order, the actor rules and the guards
 * (owner, self-lockout, mass removal) all run on the complete change. Every error comes back as a check failure
 * `file:line:col: message (rule)`. It writes nothing to the tracker; its outputs describe the account and what
 * it holds beyond the declaration (undeclared users and workspaces), so a refresh shows them as drift.
 */
import { DeclarationIoError } from "../declaration/load.ts";
import { type Declaration, emailKey } from "../declaration/model.ts";
import { checkDeclaration } from "../policy/check-declaration.ts";
import type { Profile } from "../policy/profile.ts";
import { formatViolation } from "../policy/violation.ts";
import { type LiveAccount, sortedNames } from "../reconcile/live-account.ts";
import { plan } from "../reconcile/plan.ts";
import {
  type AccessPolicyInputs,
  type AccessPolicyOutputs,
  accessPolicyInputs,
  changedProperties,
  containsUnknown,
  type PropertyBag,
  withoutProvider,
} from "./properties.ts";
import type { ResourceImplementation } from "./resource-implementation.ts";
import { messageOf, ProviderError, type ProviderSession } from "./session.ts";
import { asIsDeclaration, LIVE_ACCOUNT_FILE } from "./slice.ts";

type CheckFailure = { property: string; reason: string };

/** The AccessPolicy resource's provider methods. */
export function accessPolicyResource(session: ProviderSession): ResourceImplementation {
  const describe = async (inputs: AccessPolicyInputs, fresh: boolean) => {
    const have = await session.live({ fresh });
    return { id: inputs.account || have.account.id, outs: { ...accessPolicyOutputs(inputs, have) } };
  };
  return {
    async check(olds, news) {
      if (containsUnknown(withoutProvider(news))) return { inputs: news };
      const inputs = accessPolicyInputs(news);
      const failures = await checkWholeStack(session, inputs, accessPolicyInputs(olds));
      return { inputs: { ...news, ...inputs }, failures };
    },
    async diff(_id, olds, news) {
      const replaces = changedProperties(olds, news, ["account", "tracker"]);
      if (containsUnknown(withoutProvider(news))) return { changes: true, replaces };
      const changed = changedProperties(
        accessPolicyInputs(olds) as unknown as PropertyBag,
        accessPolicyInputs(news) as unknown as PropertyBag,
        ["declaration", "apiUrl", "users", "workspaces", "allowRemovals", "maxRemovalShare"],
      );
      return { changes: replaces.length > 0 || changed.length > 0, replaces };
    },
    create: (inputs) => describe(accessPolicyInputs(inputs), true),
    async update(_id, _olds, news) {
      return { outs: (await describe(accessPolicyInputs(news), true)).outs };
    },
    async delete() {},
    async read(_id, props = {}) {
      const inputs = accessPolicyInputs(props);
      const { id, outs } = await describe(inputs, false);
      return { id, props: outs, inputs: { ...inputs } };
    },
  };
}

/**
 * Checks the whole stack: the declaration's violations, then the engine's plan of everything the stack will do
 * (declared users and workspaces as declared; users and workspaces the stack managed before and no longer
 * declares removed; everything it never managed left as it is). Fills the roster (users, workspaces) in `inputs`.
 */
async function checkWholeStack(
  session: ProviderSession,
  inputs: AccessPolicyInputs,
  olds: AccessPolicyInputs,
): Promise<CheckFailure[]> {
  // Phase 1: load and validate every file.
  const fail = (property: string, reason: string) => [{ property, reason }];
  let checked: Awaited<ReturnType<typeof checkDeclaration>>;
  try {
    checked = await checkDeclaration(inputs.declaration);
  } catch (error) {
    if (error instanceof DeclarationIoError) return fail("declaration", error.message);
    throw error;
  }
  const errors = checked.violations.filter((v) => v.severity === "error");
  const { declaration, profile } = checked;
  if (errors.length > 0 || declaration === undefined || profile === undefined) {
    return errors.map((v) => ({ property: "declaration", reason: formatViolation(v) }));
  }
  Object.assign(inputs, rosterOf(declaration));

  // Phase 2: the live account, with the key from configure().
  let have: LiveAccount;
  try {
    have = await session.live();
  } catch (error) {
    if (error instanceof ProviderError) return fail("apiUrl", error.message);
    return fail("apiUrl", session.redact(messageOf(error)));
  }

  // Phase 3: plan the whole stack with the engine; its refusals are the failures.
  const want = stackDeclaration(declaration, have, profile, olds);
  const planned = plan(want, have, profile, {
    allowRemovals: inputs.allowRemovals,
    maxRemovalShare: inputs.maxRemovalShare,
  });
  return planned.refusals
    .filter((v) => v.severity === "error" && v.file !== LIVE_ACCOUNT_FILE)
    .map((v) => ({ property: "declaration", reason: formatViolation(v) }));
}

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

/**
 * What the stack makes of the account: the declaration, plus every live user and workspace the stack never
 * managed (not declared now, not in the previous roster) kept exactly as it is.
 */
export function stackDeclaration(
  declaration: Declaration,
  have: LiveAccount,
  profile: Profile,
  previous: Pick<AccessPolicyInputs, "users" | "workspaces">,
): Declaration {
  const asIs = asIsDeclaration(have, profile, declaration.account, declaration.files[0] ?? "<declaration>");
  const stackUsers = new Set([...declaration.users.map((u) => emailKey(u.email)), ...previous.users]);
  const stackWorkspaces = new Set([...declaration.workspaces.map((w) => w.name), ...previous.workspaces]);
  return {
    ...declaration,
    users: [...declaration.users, ...asIs.users.filter((u) => !stackUsers.has(emailKey(u.email)))],
    workspaces: [...declaration.workspaces, ...asIs.workspaces.filter((w) => !stackWorkspaces.has(w.name))],
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
