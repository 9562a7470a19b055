/** Handlers of /v1/me and /v1/account: who the key acts as, and the account's profile, limits and columns. */
import type { Account, Actor } from "../../tracker/resources.ts";
import type { Handler } from "./context.ts";

/** GET /v1/me. */
export const getMe: Handler = ({ actor, account }) => {
  const body: Actor = { userId: actor.id, email: actor.email, role: actor.role, accountId: account.id };
  return { status: 200, body };
};

/** GET /v1/account. */
export const getAccount: Handler = ({ account, profile }) => {
  const body: Account = {
    id: account.id,
    name: account.name,
    profile: profile.tracker,
    publicWorkspace: profile.publicWorkspace,
    limits: { privateWorkspaces: profile.privateWorkspaceLimit },
    columns: profile.columns.map((column) => ({ name: column.name, label: column.label })),
  };
  return { status: 200, body };
};
