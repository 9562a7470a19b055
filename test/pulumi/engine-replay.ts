/**
 * The engine's call sequences, replayed against a provider host: what `pulumi preview`, `pulumi up`,
 * `pulumi refresh` and `pulumi destroy` send to a dynamic provider for the resources a program registered,
 * with the stack state kept in memory as the engine keeps its checkpoint. Each resource's steps start once the
 * resources it depends on are done (as the engine schedules them), so independent resources run concurrently.
 *
 * - new resource: Check(olds {}, news); preview stops there; up calls Create.
 * - imported resource (`import` option): Read(id, inputs) → Check(read inputs, news) → Diff; a difference fails.
 * - existing resource: Check(old inputs, news) → Diff(id, old outputs, checked, old inputs); up calls Update
 *   (or Create then Delete when Diff names properties to replace).
 * - resources no longer registered: Delete in reverse order after everything else, unless retainOnDelete.
 * - refresh: Read(id, old outputs, old inputs) per resource; an empty id drops it from the state.
 */
import { canonicalJson } from "../../src/pulumi/properties.ts";
import type { Registration } from "./capture-stack.ts";
import type { CheckFailure, Props, ProviderHost } from "./engine-harness.ts";

/** One resource in the stack state. */
export interface StateEntry {
  urn: string;
  type: string;
  id: string;
  inputs: Props;
  outputs: Props;
  dependencies: string[];
  retainOnDelete: boolean;
}

/** The stack state: resources by URN, in registration order. */
export type StackState = Map<string, StateEntry>;

/** What the engine did (or, in a preview, would do) with one resource. */
export interface Step {
  urn: string;
  op: "create" | "update" | "replace" | "same" | "delete" | "import" | "refresh";
  /** Names of the input properties that differ (update, replace) or of the outputs a refresh changed. */
  changed: string[];
  /**
   * Update and replace: each changed input's old and new value — what `pulumi preview --diff` prints for a
   * dynamic resource, whose Diff carries no detailed diff (the engine then diffs the old and new inputs).
   */
  values?: Record<string, { old: unknown; new: unknown }>;
}

/** The outcome of a replayed command. */
export interface RunResult {
  steps: Step[];
  /** The state after the command (unchanged for a preview). */
  state: StackState;
  /** Check failures by URN; the command stops registering further resources when one fails. */
  failures: Array<{ urn: string } & CheckFailure>;
}

/** `pulumi preview` (dry: true) or `pulumi up` (dry: false) of `program` against `state`. */
export async function deploy(
  host: ProviderHost,
  program: Registration[],
  state: StackState,
  options: { dry: boolean },
): Promise<RunResult> {
  const next: StackState = new Map();
  const steps: Step[] = [];
  const failures: RunResult["failures"] = [];
  const done = new Map<string, Promise<void>>();
  const byUrn = new Map(program.map((r) => [r.urn, r]));
  const step = (r: Registration): Promise<void> => {
    let running = done.get(r.urn);
    if (running === undefined) {
      running = (async () => {
        await Promise.all(r.dependencies.flatMap((urn) => (byUrn.has(urn) ? [step(byUrn.get(urn)!)] : [])));
        if (failures.length > 0) return;
        await register(host, r, state, next, steps, failures, options.dry);
      })();
      done.set(r.urn, running);
    }
    return running;
  };
  await Promise.all(program.map(step));
  if (failures.length > 0) return { steps, state, failures };

  // Deletes: what the program no longer registers, dependents first.
  for (const old of [...state.values()].reverse()) {
    if (next.has(old.urn)) continue;
    steps.push({ urn: old.urn, op: "delete", changed: [] });
    if (!options.dry && !old.retainOnDelete) await host.delete(old.id, old.urn, old.outputs, old.inputs);
  }
  return { steps, state: options.dry ? state : ordered(next, program), failures };
}

/** `pulumi refresh`: Read every resource; `preview: true` reports without changing the state. */
export async function refresh(
  host: ProviderHost,
  state: StackState,
  options: { preview: boolean },
): Promise<RunResult> {
  const next: StackState = new Map();
  const steps: Step[] = [];
  await Promise.all(
    [...state.values()].map(async (old) => {
      const read = await host.read(old.id, old.urn, old.outputs, old.inputs);
      if (read.id === "") {
        steps.push({ urn: old.urn, op: "delete", changed: [] });
        return;
      }
      const inputs = Object.keys(read.inputs).length > 0 ? read.inputs : old.inputs;
      next.set(old.urn, { ...old, id: read.id, inputs, outputs: read.properties });
      steps.push({ urn: old.urn, op: "refresh", changed: changedKeys(old.outputs, read.properties) });
    }),
  );
  const kept = new Map([...state.keys()].flatMap((urn) => (next.has(urn) ? [[urn, next.get(urn)!] as const] : [])));
  return { steps, state: options.preview ? state : kept, failures: [] };
}

/** `pulumi destroy`: Delete every resource, dependents first, except those retained on delete. */
export async function destroy(host: ProviderHost, state: StackState): Promise<RunResult> {
  const steps: Step[] = [];
  for (const old of [...state.values()].reverse()) {
    steps.push({ urn: old.urn, op: "delete", changed: [] });
    if (!old.retainOnDelete) await host.delete(old.id, old.urn, old.outputs, old.inputs);
  }
  return { steps, state: new Map(), failures: [] };
}

/** The steps that change something (everything but `same` and a refresh that changed nothing). */
export function changes(result: RunResult): Step[] {
  return result.steps.filter((s) => s.op !== "same" && !(s.op === "refresh" && s.changed.length === 0));
}

async function register(
  host: ProviderHost,
  r: Registration,
  state: StackState,
  next: StackState,
  steps: Step[],
  failures: RunResult["failures"],
  dry: boolean,
): Promise<void> {
  const old = state.get(r.urn);
  const entry = (id: string, inputs: Props, outputs: Props): StateEntry => ({
    urn: r.urn,
    type: r.type,
    id,
    inputs,
    outputs,
    dependencies: r.dependencies,
    retainOnDelete: r.retainOnDelete,
  });

  // Import: read the live resource by id; the program's inputs must match it.
  if (old === undefined && r.importId !== undefined) {
    const read = await host.read(r.importId, r.urn, {}, r.inputs);
    if (read.id === "") return void failures.push({ urn: r.urn, property: "", reason: `${r.importId} does not exist` });
    const checked = await host.check(r.urn, read.inputs, r.inputs);
    if (checked.failures.length > 0) return void failures.push(...checked.failures.map((f) => ({ urn: r.urn, ...f })));
    const diff = await host.diff(read.id, r.urn, read.properties, checked.inputs, read.inputs);
    if (diff.changes !== "none") {
      const changed = changedKeys(read.inputs, checked.inputs);
      return void failures.push({ urn: r.urn, property: changed.join(","), reason: "inputs to import do not match" });
    }
    steps.push({ urn: r.urn, op: "import", changed: [] });
    next.set(r.urn, entry(read.id, checked.inputs, read.properties));
    return;
  }

  // Check: the provider validates (and may complete) the new inputs.
  const checked = await host.check(r.urn, old?.inputs ?? {}, r.inputs);
  if (checked.failures.length > 0) return void failures.push(...checked.failures.map((f) => ({ urn: r.urn, ...f })));
  if (old === undefined) {
    steps.push({ urn: r.urn, op: "create", changed: Object.keys(checked.inputs) });
    if (dry) return void next.set(r.urn, entry("", checked.inputs, {}));
    const created = await host.create(r.urn, checked.inputs);
    next.set(r.urn, entry(created.id, checked.inputs, created.properties));
    return;
  }

  // Diff, then Update or replace.
  const diff = await host.diff(old.id, r.urn, old.outputs, checked.inputs, old.inputs);
  const changed = changedKeys(old.inputs, checked.inputs);
  if (diff.changes === "none") {
    steps.push({ urn: r.urn, op: "same", changed: [] });
    next.set(r.urn, { ...old, inputs: checked.inputs });
    return;
  }
  const replace = diff.replaces.length > 0;
  const values = Object.fromEntries(changed.map((k) => [k, { old: old.inputs[k], new: checked.inputs[k] }]));
  steps.push({ urn: r.urn, op: replace ? "replace" : "update", changed, values });
  if (dry) return void next.set(r.urn, { ...old, inputs: checked.inputs });
  if (replace) {
    const created = await host.create(r.urn, checked.inputs);
    await host.delete(old.id, old.urn, old.outputs, old.inputs);
    next.set(r.urn, entry(created.id, checked.inputs, created.properties));
    return;
  }
  const updated = await host.update(old.id, r.urn, old.outputs, checked.inputs, old.inputs);
  next.set(r.urn, entry(old.id, checked.inputs, updated.properties));
}

/** Keys whose values differ between two bags (`__provider` ignored). */
export function changedKeys(before: Props, after: Props): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  keys.delete("__provider");
  return [...keys].filter((k) => canonicalJson(before[k]) !== canonicalJson(after[k])).sort();
}

function ordered(next: StackState, program: Registration[]): StackState {
  return new Map(program.flatMap((r) => (next.has(r.urn) ? [[r.urn, next.get(r.urn)!] as const] : [])));
}
