/**
 * The executor: runs a plan's operations phase by phase (phases in order, operations of one phase concurrently
 * up to a limit, each after the operations it depends on). Independent operations continue when one fails; an
 * operation whose dependency failed or was skipped is skipped. Every operation ends done, failed (with the API's
 * problem) or skipped. A refused plan writes nothing. Re-planning and applying again after a crash or a failure
 * converges, because every operation is idempotent (apply-operation.ts).
 */
import { Semaphore } from "../tracker/concurrency.ts";
import { TrackerApiError } from "../tracker/errors.ts";
import type { TrackerClient } from "../tracker/tracker-client.ts";
import { executeOperation, settleExistingInvite } from "./apply-operation.ts";
import { applyState } from "./apply-state.ts";
import type { LiveAccount } from "./live-account.ts";
import {
  type ApplyResult,
  type InviteUser,
  type Operation,
  type OperationResult,
  PHASES,
  type Plan,
} from "./operations.ts";
import { phaseOf } from "./plan.ts";

/** Options of `applyPlan()`. */
export interface ApplyOptions {
  /** The live account the plan was computed from: its etags save a read per object. */
  have?: LiveAccount;
  /** Operations of one phase in flight at most (default 8); the client bounds requests on its own too. */
  concurrency?: number;
  /** Stops starting operations once this many have started (the rest are skipped): a controlled interruption. */
  stopAfter?: number;
  /** Stops starting operations once aborted (the rest are skipped); operations in flight finish. */
  signal?: AbortSignal;
  /** A stale etag fails the operation rather than being re-read (saved plans: apply what was reviewed). */
  staleFails?: boolean;
  /** Called as each operation ends, in the order they end. */
  onResult?: (result: OperationResult) => void;
}

/** Default number of operations of one phase in flight. */
export const DEFAULT_APPLY_CONCURRENCY = 8;

/** Applies `plan` through `client`; resolves with every operation's outcome (never rejects for an API error). */
export async function applyPlan(plan: Plan, client: TrackerClient, options: ApplyOptions = {}): Promise<ApplyResult> {
  const before = { ...client.stats };
  const results = new Map<string, OperationResult>();
  const record = (result: OperationResult) => {
    results.set(result.operation.id, result);
    options.onResult?.(result);
  };

  // Refused: nothing is sent.
  const errors = plan.refusals.filter((v) => v.severity === "error");
  if (errors.length > 0) {
    const rules = [...new Set(errors.map((v) => v.rule))].join(", ");
    for (const operation of plan.operations) {
      record({
        operation,
        status: "skipped",
        because: `the plan is refused (${errors.length} violation(s): ${rules})`,
      });
    }
    return finish(plan, results, client, before);
  }

  // Execute: phase by phase; within a phase, each operation after its dependencies, a bounded number at once.
  const state = applyState(client, options.have);
  const slots = new Semaphore(Math.max(1, options.concurrency ?? DEFAULT_APPLY_CONCURRENCY));
  let started = 0;
  const stopped = () =>
    options.signal?.aborted
      ? "the apply was aborted"
      : options.stopAfter !== undefined && started >= options.stopAfter
        ? `the apply stopped after ${options.stopAfter} operation(s)`
        : undefined;
  // Invites answered 409 (another apply or a person invited them first) are settled together at the end of their
  // phase, from one listing of the users: a concurrent apply costs one listing, not one per conflict.
  const existing: InviteUser[] = [];
  const execute = (op: Operation, deferConflicts: boolean) =>
    slots.run(async () => {
      const because = stopped();
      if (because !== undefined) return record({ operation: op, status: "skipped", because });
      started++;
      try {
        const outcome = await executeOperation(op, client, state, {
          deferConflicts,
          staleFails: options.staleFails,
        });
        if (outcome === "exists" && op.type === "invite-user") existing.push(op);
        else record({ operation: op, status: "done" });
      } catch (error) {
        record(failure(op, error));
      }
    });
  const settleExisting = async () => {
    if (existing.length === 0) return;
    const settling = existing.splice(0);
    try {
      await state.refreshUsers();
    } catch (error) {
      for (const op of settling) record(failure(op, error));
      return;
    }
    for (const op of settling) {
      try {
        settleExistingInvite(op, state);
        record({ operation: op, status: "done" });
      } catch (error) {
        record(failure(op, error));
      }
    }
  };
  for (const phase of PHASES) {
    const ops = new Map(plan.operations.filter((op) => phaseOf(op) === phase).map((op) => [op.id, op]));
    // An operation another of its phase waits for is settled at once; the others may wait for the phase's end.
    const awaited = new Set([...ops.values()].flatMap((op) => op.dependsOn));
    const running = new Map<string, Promise<void>>();
    const run = (op: Operation): Promise<void> => {
      let promise = running.get(op.id);
      if (promise === undefined) {
        promise = (async () => {
          const samePhase = op.dependsOn.flatMap((id) => ops.get(id) ?? []);
          await Promise.all(samePhase.map(run));
          const blocked = op.dependsOn.map((id) => results.get(id)).find((r) => r !== undefined && r.status !== "done");
          if (blocked === undefined) return execute(op, !awaited.has(op.id));
          const what = blocked.status === "failed" ? "failed" : "was skipped";
          record({ operation: op, status: "skipped", because: `depends on ${blocked.operation.id}, which ${what}` });
        })();
        running.set(op.id, promise);
      }
      return promise;
    };
    await Promise.all([...ops.values()].map(run));
    await settleExisting();
  }
  return finish(plan, results, client, before);
}

function failure(operation: Operation, error: unknown): OperationResult {
  if (error instanceof TrackerApiError) {
    return {
      operation,
      status: "failed",
      error: error.message,
      httpStatus: error.status,
      ...(error.problem !== undefined ? { problemType: error.problem.type } : {}),
    };
  }
  return { operation, status: "failed", error: error instanceof Error ? error.message : String(error) };
}

function finish(
  plan: Plan,
  results: Map<string, OperationResult>,
  client: TrackerClient,
  before: TrackerClient["stats"],
): ApplyResult {
  return {
    results: plan.operations.map(
      (op) => results.get(op.id) ?? { operation: op, status: "skipped", because: "not reached" },
    ),
    requests: {
      reads: client.stats.reads - before.reads,
      writes: client.stats.writes - before.writes,
      retries: client.stats.retries - before.retries,
    },
  };
}
