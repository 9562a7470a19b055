/**
 * The `AccountAccess` resource (type token `…:AccessPolicy`, resources.ts), the stack's only one: one per declaration, its inputs the canonical declaration
 * (properties.ts). It is the CLI's `tracker-access apply` behind the engine's protocol:
 * - Check = load + validate + read + plan: every violation and every refusal of the plan (actor rules, guards,
 *   move order) is a check failure `file:line:col: message (rule)`, before anything is written;
 * - Diff compares the canonical content of the inputs (users, workspaces, element assignments, the account
 *   label and tracker); on refresh the engine hands it the Read outputs, in the same shape, so a refresh's
 *   change is exactly the account's drift from the declaration;
 * - Create and Update = read → `plan()` → `applyPlan()`, the CLI's apply, on the read the Check of the same run
 *   took (ETags catch a write in between; applyPlan re-reads only what conflicts);
 * - Read = the live account in the inputs' shape;
 * - Delete removes what the stack manages (stack-removal.ts), never the owner.
 */
import { DeclarationIoError } from "../declaration/load.ts";
import type { Declaration } from "../declaration/model.ts";
import type { CheckResult } from "../policy/check-declaration.ts";
import type { GrantClock } from "../policy/check-grants.ts";
import type { Profile } from "../policy/profile.ts";
import { loadProfile } from "../policy/profile-loader.ts";
import { applyPlan } from "../reconcile/apply.ts";
import type { LiveAccount } from "../reconcile/live-account.ts";
import type { ApplyResult, Plan } from "../reconcile/operations.ts";
import { plan } from "../reconcile/plan.ts";
import { type HeldLease, holdLease, LeaseHeldError, leaseHolder } from "../tracker/account-lease.ts";
import { checkStackDeclaration, formatStackViolation } from "./declaration-files.ts";
import {
  type AccountAccessOutputs,
  canonicalContent,
  changedContent,
  containsUnknown,
  declaredContent,
  liveContent,
  type PropertyBag,
  resourceSettings,
  withoutProvider,
} from "./properties.ts";
import type { ResourceImplementation } from "./resource-implementation.ts";
import { withSelectorPlacements } from "./selector-content.ts";
import { messageOf, ProviderError, type ProviderSession } from "./session.ts";
import { inForceAt, stackClock } from "./stack-clock.ts";
import { stackGuardrailViolations } from "./stack-guardrails.ts";
import { removalDeclaration } from "./stack-removal.ts";

type CheckFailure = { property: string; reason: string };

/** A declaration judged: the failures, or the declaration, its profile, the account and the engine's plan. */
type Judgement =
  | { failures: CheckFailure[] }
  | { failures: []; declaration: Declaration; profile: Profile; have: LiveAccount; planned: Plan; clock: GrantClock };

/** The AccountAccess resource's provider methods. */
export function accountAccessResource(session: ProviderSession): ResourceImplementation {
  const apply = async (news: PropertyBag) => {
    const judged = await judge(session, news);
    if (!("planned" in judged)) throw refused(session, judged.failures);
    const { declaration, have, planned, clock } = judged;
    if (planned.operations.length > 0) await execute(session, planned, have);
    // Applied in full: the account holds what the declaration says (the planner's contract); a refresh reads it.
    const outs: AccountAccessOutputs = {
      ...resourceSettings(news),
      ...withSelectorPlacements(declaredContent(inForceAt(declaration, clock)), planned),
      ...who(have),
    };
    return { id: declaration.account || have.account.id, outs: { ...outs } };
  };
  return {
    async check(_olds, news) {
      if (containsUnknown(withoutProvider(news))) return { inputs: news };
      const judged = await judge(session, news);
      if (!("planned" in judged)) return { inputs: news, failures: judged.failures };
      const content = withSelectorPlacements(
        declaredContent(inForceAt(judged.declaration, judged.clock)),
        judged.planned,
      );
      return { inputs: { ...news, ...resourceSettings(news), ...content } };
    },
    async diff(_id, olds, news) {
      if (containsUnknown(withoutProvider(news))) return { changes: true, replaces: [] };
      // A changed account label or tracker is an update too: a replacement's Delete would empty the account.
      return { changes: changedContent(olds, news).length > 0, replaces: [] };
    },
    create: apply,
    async update(_id, _olds, news) {
      return { outs: (await apply(news)).outs };
    },
    async read(id, props = {}) {
      const known = canonicalContent(props);
      const have = await readAccount(session, { fresh: false });
      const profile = profileOf(known.tracker || have.account.profile);
      const live = liveContent(have, profile, known, Object.keys(known.elements));
      const inputs = { ...resourceSettings(props), ...live };
      return { id: id || known.account || have.account.id, props: { ...inputs, ...who(have) }, inputs };
    },
    async delete(_id, props) {
      const managed = canonicalContent(props);
      const profile = profileOf(managed.tracker);
      const have = await readAccount(session, { fresh: true });
      const { want, removals } = removalDeclaration(have, profile, managed);
      const planned = plan(want, have, profile, { allowRemovals: removals });
      const errors = planned.refusals.filter((v) => v.severity === "error");
      if (errors.length > 0) throw refused(session, errors.map(asFailure));
      if (planned.operations.length > 0) await execute(session, planned, have);
    },
  };
}

/** Load, validate, read and plan `bag`'s declaration, as `tracker-access apply` does before it writes. */
async function judge(session: ProviderSession, bag: PropertyBag): Promise<Judgement> {
  const settings = resourceSettings(bag);

  // Phase 1: load and validate every file, time-bound grants at `tracker-access:now` (or the current time).
  let clock: GrantClock;
  try {
    clock = stackClock(settings.now);
  } catch (error) {
    return { failures: [{ property: "now", reason: (error as Error).message }] };
  }
  let checked: CheckResult;
  try {
    checked = await checkStackDeclaration(settings.declaration, clock);
  } catch (error) {
    if (error instanceof DeclarationIoError) return { failures: [{ property: "declaration", reason: error.message }] };
    throw error;
  }
  const errors = checked.violations.filter((v) => v.severity === "error");
  const { declaration, profile } = checked;
  if (errors.length > 0 || declaration === undefined || profile === undefined) {
    return { failures: errors.map(asFailure) };
  }

  // Phase 1b: the stack's guardrails (`tracker-access:guardrails`), as `plan --guardrails` judges them.
  if (settings.guardrails !== undefined) {
    const guarded = await stackGuardrailViolations(settings.guardrails, declaration, profile);
    if ("unreadable" in guarded) return { failures: [{ property: "guardrails", reason: guarded.unreadable }] };
    const broken = guarded.violations.filter((v) => v.severity === "error");
    if (broken.length > 0) return { failures: broken.map(asFailure) };
  }

  // Phase 2: the live account, with the key from configure() (the run's one read).
  let have: LiveAccount;
  try {
    have = await readAccount(session, { fresh: false });
  } catch (error) {
    return { failures: [{ property: "apiUrl", reason: session.redact(messageOf(error)) }] };
  }

  // Phase 3: the engine's plan; its refusals are the failures.
  const planned = plan(declaration, have, profile, {
    allowRemovals: settings.allowRemovals,
    maxRemovalShare: settings.maxRemovalShare,
    now: clock.now,
  });
  const failures = planned.refusals.filter((v) => v.severity === "error").map(asFailure);
  if (failures.length > 0) return { failures };
  return { failures: [], declaration, profile, have, planned, clock };
}

/** Executes the plan with the CLI's executor; throws naming every operation that failed or was skipped. */
async function execute(session: ProviderSession, planned: Plan, have: LiveAccount): Promise<void> {
  const lease = await lockAccount(session);
  let result: ApplyResult;
  try {
    result = await applyPlan(planned, session.client(), { have });
  } finally {
    await lease.release();
  }
  session.wrote();
  const failed = result.results.filter((r) => r.status !== "done");
  if (failed.length > 0) {
    const lines = failed.map((r) => `  ${r.operation.id}: ${r.status === "failed" ? r.error : r.because}`);
    throw new ProviderError(session.redact(`the tracker refused or failed:\n${lines.join("\n")}`));
  }
}

/** Takes the account's lease for this engine run (one writer at a time); a held lease fails, nothing written. */
async function lockAccount(session: ProviderSession): Promise<HeldLease> {
  try {
    return await holdLease(session.client(), { holder: leaseHolder("pulumi (tracker-access provider)") });
  } catch (error) {
    if (error instanceof ProviderError) throw error;
    const hint = error instanceof LeaseHeldError ? "; if that run crashed: tracker-access unlock --force" : "";
    throw new ProviderError(session.redact(`${messageOf(error)}${hint}`));
  }
}

/** The shared snapshot of the run (or a fresh read), failures as ProviderErrors. */
function readAccount(session: ProviderSession, options: { fresh: boolean }): Promise<LiveAccount> {
  return session.live(options);
}

/** Who the API key is, in the outputs. */
function who(have: LiveAccount) {
  return {
    accountId: have.account.id,
    accountName: have.account.name,
    actor: have.actor.email,
    actorRole: have.actor.role,
  };
}

function profileOf(tracker: string): Profile {
  const profile = loadProfile(tracker);
  if (profile === undefined) throw new ProviderError(`tracker \`${tracker}\` has no profile in policies/`);
  return profile;
}

function asFailure(v: Parameters<typeof formatStackViolation>[0]): CheckFailure {
  return { property: "declaration", reason: formatStackViolation(v) };
}

function refused(session: ProviderSession, failures: CheckFailure[]): ProviderError {
  const reasons = failures.map((f) => `  ${f.reason}`).join("\n");
  return new ProviderError(session.redact(`the plan is refused:\n${reasons}`));
}
