import { describe, expectTypeOf, it } from "vitest";
import {
  type TrackerApiError,
  type TrackerError,
  type TrackerNetworkError,
  type TrackerTimeoutError,
  toTrackerApiError,
} from "../../src/tracker/errors.ts";
import { createTrackerClient, type TrackerClientOptions } from "../../src/tracker/http-client.ts";
import type { Element, Problem, User, Workspace } from "../../src/tracker/resources.ts";
import type { ClientStats, TrackerClient } from "../../src/tracker/tracker-client.ts";

describe("public types", () => {
  it("createTrackerClient takes options and returns a TrackerClient", () => {
    expectTypeOf(createTrackerClient).parameter(0).toEqualTypeOf<TrackerClientOptions>();
    expectTypeOf(createTrackerClient).returns.toEqualTypeOf<TrackerClient>();
    expectTypeOf<TrackerClientOptions>().toHaveProperty("baseUrl").toEqualTypeOf<string>();
    expectTypeOf<TrackerClientOptions["fetch"]>().toEqualTypeOf<typeof fetch | undefined>();
    expectTypeOf<TrackerClientOptions["sleep"]>().toEqualTypeOf<((ms: number) => Promise<void>) | undefined>();
  });

  it("lists resolve to arrays of resources and deletes to void", () => {
    expectTypeOf<TrackerClient["listUsers"]>().returns.resolves.toEqualTypeOf<User[]>();
    expectTypeOf<TrackerClient["listWorkspaces"]>().returns.resolves.toEqualTypeOf<Workspace[]>();
    expectTypeOf<TrackerClient["listElements"]>().returns.resolves.toEqualTypeOf<Element[]>();
    expectTypeOf<TrackerClient["moveElementGroup"]>().returns.resolves.toEqualTypeOf<Element[]>();
    expectTypeOf<TrackerClient["removeUser"]>().returns.resolves.toEqualTypeOf<void>();
    expectTypeOf<TrackerClient["deleteWorkspace"]>().returns.resolves.toEqualTypeOf<void>();
    expectTypeOf<TrackerClient["stats"]>().toEqualTypeOf<ClientStats>();
  });

  it("resources carry the fields reconcile relies on", () => {
    expectTypeOf<User["etag"]>().toEqualTypeOf<string>();
    expectTypeOf<User["status"]>().toEqualTypeOf<"active" | "invited">();
    expectTypeOf<Element["workspace"]>().toEqualTypeOf<string>();
  });

  it("errors expose method, path, status and problem", () => {
    expectTypeOf<TrackerApiError>().toExtend<TrackerError>();
    expectTypeOf<TrackerTimeoutError>().toExtend<TrackerError>();
    expectTypeOf<TrackerNetworkError>().toExtend<TrackerError>();
    expectTypeOf<TrackerError>().toExtend<Error>();
    expectTypeOf<TrackerApiError["status"]>().toEqualTypeOf<number>();
    expectTypeOf<TrackerApiError["problem"]>().toEqualTypeOf<Problem | undefined>();
    expectTypeOf<TrackerApiError["method"]>().toEqualTypeOf<string>();
    expectTypeOf(toTrackerApiError).returns.toEqualTypeOf<TrackerApiError>();
  });
});
