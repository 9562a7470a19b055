/** The handler of every operation in schemas/tracker-api.yaml, by operationId. */
import type { Handler } from "./context.ts";
import { getElement, listElementsHandler, moveElement, moveElementGroup } from "./elements.ts";
import { getAccount, getMe } from "./identity.ts";
import { acquireLease, breakLease, getLease, releaseLease, renewLease } from "./lease.ts";
import { getUser, inviteUser, listUsersHandler, removeUser, resendInvitation, updateUserHandler } from "./users.ts";
import { createWorkspace, deleteWorkspace, getWorkspace, listWorkspaces, renameWorkspace } from "./workspaces.ts";

/** operationId to handler; the server refuses to start when the spec has an operation missing here. */
export const HANDLERS: Readonly<Record<string, Handler>> = {
  getMe,
  getAccount,
  listWorkspaces,
  createWorkspace,
  getWorkspace,
  renameWorkspace,
  deleteWorkspace,
  listUsers: listUsersHandler,
  inviteUser,
  getUser,
  updateUser: updateUserHandler,
  removeUser,
  resendInvitation,
  listElements: listElementsHandler,
  getElement,
  moveElement,
  moveElementGroup,
  getLease,
  acquireLease,
  breakLease,
  renewLease,
  releaseLease,
};
