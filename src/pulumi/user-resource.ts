/**
 * The `User` resource: one declared user (id: the lower-cased e-mail) with their role, workspaces and hidden
 * columns. Create and Update apply the user's slice of the plan (invite, re-send an expired invitation, change
 * role, memberships, hidden columns); Create of a user already in the account adopts them without a second
 * invitation. Delete removes the user or revokes the invitation. Read returns the live user as outputs and as
 * inputs, so a refresh shows real drift and nothing else.
 */
import { emailKey } from "../declaration/model.ts";
import { type LiveAccount, liveMemberships, sortedNames, workspaceNames } from "../reconcile/live-account.ts";
import {
  changedProperties,
  containsUnknown,
  type PropertyBag,
  relabelled,
  type UserInputs,
  type UserOutputs,
  userInputs,
  withoutProvider,
} from "./properties.ts";
import { gone, type ResourceImplementation } from "./resource-implementation.ts";
import { ProviderError, type ProviderSession } from "./session.ts";
import { applySlice, profileOf, type Slice, slicePosition } from "./slice.ts";

/** The User resource's provider methods. */
export function userResource(session: ProviderSession): ResourceImplementation {
  const apply = async (wanted: UserInputs, present: boolean) => {
    const { have } = await applySlice(session, userSlice(wanted, present));
    return userOutputs(wanted, have);
  };
  return {
    async check(_olds, news) {
      if (containsUnknown(withoutProvider(news))) return { inputs: news };
      const inputs = userInputs(news);
      const failures = (["email", "role", "account", "tracker"] as const)
        .filter((name) => inputs[name] === "")
        .map((name) => ({ property: name, reason: `${name} is required` }));
      return { inputs: { ...news, ...inputs }, failures };
    },
    async diff(_id, olds, news) {
      const replaces: string[] = [];
      if (emailKey(String(olds.email ?? "")) !== emailKey(String(news.email ?? ""))) replaces.push("email");
      if (containsUnknown(withoutProvider(news))) return { changes: true, replaces };
      const want = userInputs(news);
      const changed = changedProperties(userInputs(olds) as unknown as PropertyBag, want as unknown as PropertyBag, [
        "role",
        "workspaces",
        "hiddenColumns",
      ]);
      const expired =
        olds.status === "invited" &&
        typeof olds.invitationExpiresAt === "string" &&
        Date.parse(olds.invitationExpiresAt) <= Date.now();
      return { changes: replaces.length > 0 || relabelled(olds, news) || changed.length > 0 || expired, replaces };
    },
    async create(inputs) {
      const wanted = userInputs(inputs);
      return { id: emailKey(wanted.email), outs: { ...(await apply(wanted, true)) } };
    },
    async update(_id, _olds, news) {
      return { outs: { ...(await apply(userInputs(news), true)) } };
    },
    async delete(_id, props) {
      await applySlice(session, userSlice(userInputs(props), false));
    },
    async read(id, props = {}) {
      const known = userInputs(props);
      const have = await session.live();
      const live = have.users.find((u) => emailKey(u.email) === emailKey(known.email || id));
      if (live === undefined) return gone();
      const outs = userOutputs({ ...known, email: live.email }, have);
      return { id: emailKey(live.email), props: { ...outs }, inputs: { ...liveInputs(outs) } };
    },
  };
}

/** The user's slice: the account as it is, with this user as declared (or without them). */
function userSlice(wanted: UserInputs, present: boolean): Slice {
  const key = emailKey(wanted.email);
  const label = `User ${wanted.email}`;
  return {
    label,
    account: wanted.account,
    tracker: wanted.tracker,
    want(asIs) {
      const others = asIs.users.filter((u) => emailKey(u.email) !== key);
      if (!present) return { ...asIs, users: others };
      const user = {
        email: wanted.email,
        role: wanted.role,
        workspaces: wanted.workspaces,
        hiddenColumns: wanted.hiddenColumns,
        at: slicePosition(label),
      };
      return { ...asIs, users: [...others, user] };
    },
    owns: (op) => "email" in op && emailKey(op.email) === key,
    // The user's own live entry, every workspace (their memberships), no element (no user operation needs one).
    scope: (have) => ({ ...have, users: have.users.filter((u) => emailKey(u.email) === key), elements: [] }),
  };
}

/** The outputs of a user: the live user's access and state. */
function userOutputs(wanted: UserInputs, have: LiveAccount): UserOutputs {
  const live = have.users.find((u) => emailKey(u.email) === emailKey(wanted.email));
  if (live === undefined) throw new ProviderError(`User ${wanted.email}: not in the account after the apply`);
  const names = workspaceNames(have.workspaces, profileOf(wanted.tracker));
  const memberships = liveMemberships(live, names);
  return {
    account: wanted.account,
    tracker: wanted.tracker,
    email: live.email,
    role: live.role,
    workspaces: memberships,
    hiddenColumns: sortedNames(live.hiddenColumns),
    userId: live.id,
    status: live.status,
    invitationExpiresAt: live.invitationExpiresAt ?? null,
  };
}

/** The inputs a live user corresponds to (what Read reports, so that Check and Diff see no phantom change). */
function liveInputs(outs: UserOutputs): UserInputs {
  const { account, tracker, email, role, workspaces, hiddenColumns } = outs;
  return { account, tracker, email, role, workspaces, hiddenColumns };
}
