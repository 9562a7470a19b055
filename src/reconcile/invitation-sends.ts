/**
 * How many times an invitation is sent: the declared user's `invitationSends`, else the profile's, else 3. An
 * expired invitation that has been sent that many times is not re-sent again: the person has not accepted it in
 * all that time, and the access review decides (drift reports "invited N times, never accepted").
 */
import type { UserDeclaration } from "../declaration/model.ts";
import type { Profile } from "../policy/profile.ts";
import type { User } from "../tracker/resources.ts";
import { invitationExpired } from "./live-account.ts";

/** Sends of one invitation when neither the declaration nor the profile says. */
export const DEFAULT_INVITATION_SENDS = 3;

/** An invitation sent as often as allowed, expired and never accepted. */
export interface UnacceptedInvitation {
  /** As declared. */
  email: string;
  /** Times it was sent. */
  sent: number;
  expiredAt: string;
}

/** Times `user`'s invitation is sent at most. */
export function invitationSendLimit(user: UserDeclaration, profile: Profile): number {
  return user.invitationSends ?? profile.invitationSends ?? DEFAULT_INVITATION_SENDS;
}

/**
 * The declared user's invitation when it has expired after its last allowed send, else undefined. A tracker that
 * does not count sends (no `invitationsSent`) is taken to have sent it once.
 */
export function unacceptedInvitation(
  user: UserDeclaration,
  live: User,
  profile: Profile,
  now: Date,
): UnacceptedInvitation | undefined {
  if (!invitationExpired(live, now)) return undefined;
  const sent = live.invitationsSent ?? 1;
  if (sent < invitationSendLimit(user, profile)) return undefined;
  return { email: user.email, sent, expiredAt: live.invitationExpiresAt as string };
}
