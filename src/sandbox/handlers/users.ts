/** Handlers of /v1/users: list, invite, read, change and remove users, and re-send pending invitations. */
import type { User, UserInvite, UserUpdate } from "../../tracker/resources.ts";
import { conflict, notFound } from "../problems.ts";
import {
  checkInvite,
  checkRemoval,
  checkResend,
  checkUserUpdate,
  requireAccessManager,
  requireUserReader,
} from "../rules.ts";
import { deleteUser, findUser, findUserByEmail, insertUser, listUsers, updateUser } from "../store-users.ts";
import type { Handler, HandlerContext } from "./context.ts";
import { pageBody, pageRequest, requireIfMatch } from "./context.ts";

/** How long an invitation stays valid. */
export const INVITATION_VALIDITY_MS = 7 * 86_400_000;

/** GET /v1/users: 403 for a role that reads no other user (see `readsUsers`). */
export const listUsersHandler: Handler = (context) => {
  requireUserReader(context.profile, context.actor, context.actorRole);
  const { after, limit } = pageRequest(context);
  return { status: 200, body: pageBody(listUsers(context.store, after, limit)) };
};

/** POST /v1/users: the new user is `invited` until the invitation is accepted. */
export const inviteUser: Handler = (context) => {
  const { store, profile, actorRole } = context;
  const invite = context.input.body as UserInvite;
  const access = checkInvite(profile, actorRole, invite, store.unknownWorkspaces(invite.workspaces ?? []));
  const existing = findUserByEmail(store, invite.email);
  if (existing !== undefined) throw conflict(`${invite.email} is already a user of the account (${existing.id})`);
  const id = insertUser(store, {
    ...access,
    email: invite.email.trim(),
    status: "invited",
    invitationExpiresAt: expiry(context),
    invitationsSent: 1,
  });
  const user = findUser(store, id) as User;
  return { status: 201, body: user, etag: user.etag };
};

/** GET /v1/users/{userId}: a role that reads no other user reads only itself (403 for any other id). */
export const getUser: Handler = (context) => {
  requireUserReader(context.profile, context.actor, context.actorRole, context.input.path.userId);
  const user = existingUser(context);
  return { status: 200, body: user, etag: user.etag };
};

/** PATCH /v1/users/{userId}. */
export const updateUserHandler: Handler = (context) => {
  const { store, profile, actorRole } = context;
  const change = context.input.body as UserUpdate;
  requireAccessManager(actorRole);
  const target = existingUser(context);
  requireIfMatch(context, target.etag, `user ${target.id}`);
  const fields = checkUserUpdate(profile, actorRole, target, change, store.unknownWorkspaces(change.workspaces ?? []));
  const user = updateUser(store, target.id, fields);
  return { status: 200, body: user, etag: user.etag };
};

/** DELETE /v1/users/{userId}: removes the user, or revokes a pending invitation. */
export const removeUser: Handler = (context) => {
  requireAccessManager(context.actorRole);
  const target = existingUser(context);
  requireIfMatch(context, target.etag, `user ${target.id}`);
  checkRemoval(context.profile, context.actorRole, target);
  deleteUser(context.store, target.id);
  return { status: 204 };
};

/** POST /v1/users/{userId}/invitation: renews a pending invitation's expiry and counts the send. */
export const resendInvitation: Handler = (context) => {
  requireAccessManager(context.actorRole);
  const target = existingUser(context);
  requireIfMatch(context, target.etag, `user ${target.id}`);
  checkResend(context.actorRole, target);
  const user = updateUser(context.store, target.id, {
    invitationExpiresAt: expiry(context),
    invitationsSent: (target.invitationsSent ?? 1) + 1,
  });
  return { status: 200, body: user, etag: user.etag };
};

function expiry(context: HandlerContext): string {
  return new Date(context.now().getTime() + INVITATION_VALIDITY_MS).toISOString();
}

function existingUser(context: HandlerContext): User {
  const id = context.input.path.userId;
  const user = findUser(context.store, id);
  if (user === undefined) throw notFound(`no user "${id}"`);
  return user;
}
