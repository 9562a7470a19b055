/**
 * What happens when an invited person accepts an invitation. Not part of the API (the person clicks a link in an
 * e-mail); tests trigger it through `RunningSandbox.acceptInvitation()`.
 */
import type { User } from "../tracker/resources.ts";
import type { SandboxStore } from "./store.ts";
import { addApiKey, findUserByEmail, updateUser } from "./store-users.ts";

/** Makes the invited user `email` active (refused once the invitation expired); `apiKey` then acts as that user. */
export function acceptInvitation(store: SandboxStore, now: Date, email: string, apiKey?: string): User {
  return store.transaction("write", () => {
    const user = findUserByEmail(store, email);
    if (user === undefined) throw new Error(`sandbox: no invitation for ${email}`);
    if (user.status === "active") throw new Error(`sandbox: ${email} already accepted the invitation`);
    if (user.invitationExpiresAt !== null && user.invitationExpiresAt !== undefined) {
      if (Date.parse(user.invitationExpiresAt) <= now.getTime()) {
        throw new Error(`sandbox: the invitation of ${email} expired at ${user.invitationExpiresAt}`);
      }
    }
    const accepted = updateUser(store, user.id, { status: "active", invitationExpiresAt: null });
    if (apiKey !== undefined) addApiKey(store, user.id, apiKey);
    return accepted;
  });
}
