/**
 * A change made behind tracker-access's back: plain HTTP requests to the Tracker Access API, as someone would
 * click in the tracker's UI. The demo shows drift catching it; the CLI's end-to-end tests do the same.
 */

/** The request an out-of-band membership change sent, and the tracker's answer. */
export interface OutOfBandChange {
  userId: string;
  etag: string;
  body: string;
  status: number;
  statusText: string;
}

/** Adds the user `email` to the workspace named `workspace`; undefined when either is not in the account. */
export async function addToWorkspaceOutOfBand(
  url: string,
  key: string,
  email: string,
  workspace: string,
): Promise<OutOfBandChange | undefined> {
  const api = (path: string, init: RequestInit = {}) =>
    fetch(`${url}${path}`, {
      ...init,
      headers: { "x-api-key": key, "content-type": "application/json", ...init.headers },
    });
  const users = (await (await api("/v1/users?limit=1000")).json()) as {
    items: Array<{ id: string; email: string; workspaces: string[]; etag: string }>;
  };
  const workspaces = (await (await api("/v1/workspaces?limit=1000")).json()) as {
    items: Array<{ id: string; name: string }>;
  };
  const user = users.items.find((u) => u.email === email);
  const target = workspaces.items.find((w) => w.name === workspace);
  if (user === undefined || target === undefined) return undefined;
  const body = JSON.stringify({ workspaces: [...user.workspaces, target.id] });
  const answer = await api(`/v1/users/${user.id}`, {
    method: "PATCH",
    body,
    headers: { "if-match": `"${user.etag}"` },
  });
  return { userId: user.id, etag: user.etag, body, status: answer.status, statusText: answer.statusText };
}
