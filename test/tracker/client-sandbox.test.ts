/**
 * The HTTP client against a real sandbox tracker over loopback, with faults switched on: a 429 storm (every
 * third request), 5% server errors and 5% dropped connections. Reads must still return the whole account, and
 * writes must land exactly once. The storm is counted, not timed, so the injected sleep only records delays.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateAccount, OWNER_KEY } from "../../bench/account-generator.ts";
import type { SandboxSeed } from "../../src/sandbox/seed.ts";
import { type RunningSandbox, startSandbox } from "../../src/sandbox/server.ts";
import { TrackerApiError, TrackerNetworkError, TrackerTimeoutError } from "../../src/tracker/errors.ts";
import { createTrackerClient, type TrackerClientOptions } from "../../src/tracker/http-client.ts";
import type { TrackerClient } from "../../src/tracker/tracker-client.ts";
import { recordingSleep } from "./recording-fetch.ts";

const FAULTS = {
  rateLimit: { everyNth: 3, retryAfterSeconds: 1 },
  serverErrorRate: 0.05,
  dropConnectionRate: 0.05,
  seed: 1,
};

function accountSeed(): SandboxSeed {
  const seed = generateAccount({ users: 2345, workspaces: 12, elements: 3456 });
  seed.elements?.push(
    { kind: "offer", name: "Group Offer", workspace: "ws-000" },
    {
      kind: "campaign",
      name: "Group Push",
      workspace: "ws-000",
      connections: [{ kind: "offer", name: "Group Offer" }],
    },
  );
  return seed;
}

/** The account as read, without what differs between two sandboxes seeded alike (etags, creation times). */
function comparable(read: Awaited<ReturnType<typeof readAll>>) {
  const strip = <T extends { etag: string }>(items: T[]) => items.map(({ etag: _, ...rest }) => rest);
  return {
    ...read,
    workspaces: strip(read.workspaces).map(({ createdAt: _, ...rest }) => rest),
    users: strip(read.users),
    elements: strip(read.elements),
  };
}

async function readAll(client: TrackerClient) {
  return {
    me: await client.getMe(),
    account: await client.getAccount(),
    workspaces: await client.listWorkspaces(),
    users: await client.listUsers(),
    elements: await client.listElements(),
  };
}

/** What a reconciler does after a POST whose answer was lost: re-read, and send it again only if it did not land. */
async function converge<T>(write: () => Promise<T>, landed: () => Promise<T | undefined>): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!(error instanceof TrackerNetworkError) || attempt >= 5) throw error;
      const found = await landed();
      if (found !== undefined) return found;
    }
  }
}

describe("client against a faulty sandbox", () => {
  let calm: RunningSandbox;
  let faulty: RunningSandbox;
  const waits = recordingSleep();
  let client: TrackerClient;
  const connect = (sandbox: RunningSandbox, options: Partial<TrackerClientOptions> = {}) =>
    createTrackerClient({ baseUrl: sandbox.url, apiKey: OWNER_KEY, ...options });

  beforeAll(async () => {
    calm = await startSandbox({ seed: accountSeed() });
    faulty = await startSandbox({ seed: accountSeed(), faults: FAULTS });
    client = connect(faulty, { sleep: waits.sleep, retryBaseMs: 10 });
  });
  afterAll(async () => {
    await calm?.close();
    await faulty?.close();
  });

  it("reads the whole account, identical to a fault-free read", async () => {
    const expected = await readAll(connect(calm));
    const read = await readAll(client);

    expect(read.users).toHaveLength(2345);
    expect(read.workspaces).toHaveLength(12);
    expect(read.elements).toHaveLength(3458);
    expect(comparable(read)).toEqual(comparable(expected));
    expect(client.stats.retries).toBeGreaterThan(3);
    expect(waits.delays.filter((ms) => ms >= 1000).length).toBeGreaterThan(0);
  });

  it("performs each kind of write once, through the faults", async () => {
    const owner = client;
    const workspaces = await owner.listWorkspaces();
    const [first, second] = workspaces;

    // POSTs: a lost answer is resolved by re-reading, never by blind repetition
    const created = await converge(
      () => owner.createWorkspace("ws-new"),
      async () => (await owner.listWorkspaces()).find((w) => w.name === "ws-new"),
    );
    const invited = await converge(
      () => owner.inviteUser({ email: "new.hire@bench.test", role: "worker", workspaces: [created.id] }),
      async () => (await owner.listUsers()).find((u) => u.email === "new.hire@bench.test"),
    );
    expect(invited.status).toBe("invited");

    // etag-guarded writes are retried by the client itself
    const renamed = await owner.renameWorkspace(created.id, "ws-renamed", created.etag);
    const changed = await owner.updateUser(invited.id, { workspaces: [first.id, renamed.id] }, invited.etag);
    const resent = await converge(
      () => owner.resendInvitation(changed.id, changed.etag),
      async () => {
        const now = await owner.getUser(changed.id);
        return now.etag !== changed.etag ? now : undefined;
      },
    );
    const offer = (await owner.listElements("offer")).find(
      (e) => e.workspace === first.id && e.name !== "Group Offer",
    )!;
    const moved = await owner.moveElement(offer.id, second.id, offer.etag);
    const group = (await owner.listElements()).filter((e) => e.name === "Group Offer" || e.name === "Group Push");
    const groupMoved = await converge(
      () => owner.moveElementGroup(group.map((e) => ({ id: e.id, workspace: renamed.id, etag: e.etag }))),
      async () => {
        const now = (await owner.listElements()).filter((e) => group.some((g) => g.id === e.id));
        return now.every((e) => e.workspace === renamed.id) ? now : undefined;
      },
    );

    expect(moved.workspace).toBe(second.id);
    expect(groupMoved.map((e) => e.workspace)).toEqual([renamed.id, renamed.id]);
    const after = await readAll(owner);
    expect(after.workspaces.filter((w) => w.name === "ws-renamed")).toHaveLength(1);
    expect(after.workspaces.filter((w) => w.name === "ws-new")).toHaveLength(0);
    const hired = after.users.filter((u) => u.email === "new.hire@bench.test");
    expect(hired).toHaveLength(1);
    expect(hired[0].workspaces.toSorted()).toEqual([first.id, renamed.id].toSorted());
    expect(hired[0].etag).toBe(resent.etag);
    expect(after.elements.find((e) => e.id === offer.id)?.workspace).toBe(second.id);

    // and removals, in order: the user, the group back out, then the emptied workspace
    await owner.removeUser(hired[0].id, hired[0].etag);
    const back = await converge(
      () => owner.moveElementGroup(groupMoved.map((e) => ({ id: e.id, workspace: first.id, etag: e.etag }))),
      async () => {
        const now = (await owner.listElements()).filter((e) => group.some((g) => g.id === e.id));
        return now.every((e) => e.workspace === first.id) ? now : undefined;
      },
    );
    const emptied = (await owner.listWorkspaces()).find((w) => w.id === renamed.id)!;
    await owner.deleteWorkspace(emptied.id, emptied.etag);
    const final = await readAll(owner);
    expect(back.map((e) => e.workspace)).toEqual([first.id, first.id]);
    expect(final.users.some((u) => u.email === "new.hire@bench.test")).toBe(false);
    expect(final.workspaces.some((w) => w.id === renamed.id)).toBe(false);
    expect(final.users).toHaveLength(2345);
  });
});

describe("client against a calm sandbox", () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ seed: generateAccount({ users: 5, workspaces: 2, elements: 4 }) });
  });
  afterAll(async () => {
    await sandbox?.close();
  });

  it("reports a stale etag as 412 precondition-failed, naming the request", async () => {
    const client = createTrackerClient({ baseUrl: sandbox.url, apiKey: OWNER_KEY });
    const [workspace] = await client.listWorkspaces();
    await client.renameWorkspace(workspace.id, "ws-a", workspace.etag);
    const error = await client.renameWorkspace(workspace.id, "ws-b", workspace.etag).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(TrackerApiError);
    expect((error as TrackerApiError).status).toBe(412);
    expect((error as TrackerApiError).message).toMatch(
      new RegExp(`^PATCH /v1/workspaces/${workspace.id} → 412 precondition-failed: `),
    );
  });

  it("reports a wrong key as 401 without the key anywhere in the error", async () => {
    const wrongKey = "sk-not-a-real-key-42";
    const error = (await createTrackerClient({ baseUrl: sandbox.url, apiKey: wrongKey })
      .getMe()
      .catch((e: unknown) => e)) as TrackerApiError;

    expect(error).toBeInstanceOf(TrackerApiError);
    expect(error.status).toBe(401);
    expect(error.problemKind).toBe("unauthorized");
    for (const text of [error.message, JSON.stringify(error), error.stack ?? ""]) expect(text).not.toContain(wrongKey);
  });

  it("gives up on a slow tracker after timeoutMs", async () => {
    const slow = await startSandbox({
      seed: generateAccount({ users: 1, workspaces: 0, elements: 0 }),
      faults: { latencyMs: 300 },
    });
    try {
      const client = createTrackerClient({ baseUrl: slow.url, apiKey: OWNER_KEY, timeoutMs: 50 });
      await expect(client.getAccount()).rejects.toThrow(new TrackerTimeoutError("GET", "/v1/account", 50));
    } finally {
      await slow.close();
    }
  });
});
