/**
 * The body of the Pulumi program: reads the stack config — `tracker-access:declaration` (a path, a
 * comma-separated list or a YAML/JSON list of files or directories, relative to the project root),
 * `tracker-access:apiUrl`, the optional guard settings `tracker-access:allowRemovals` and
 * `tracker-access:maxRemovalShare`, and the optional `tracker-access:guardrails` (a guardrails file, relative to
 * the project root; its broken warning rules are logged here, its error rules fail the resource's Check), and
 * `tracker-access:now` (the time time-bound grants are judged at) —
 * registers the stack and returns its outputs. It never reads the API key:
 * the provider reads the secret `tracker-access:apiKey` in `configure()`, inside the engine's provider host.
 * program.ts (Pulumi.yaml's `main`) exports what it returns; the real-engine tests run it as an inline program.
 */
import * as pulumi from "@pulumi/pulumi";
import { defineStack } from "./stack.ts";
import { stackGuardrailWarnings } from "./stack-guardrails.ts";

/** The stack outputs. */
export interface StackOutputs {
  /** The tracker's account id, as the API key sees it. */
  accountId: pulumi.Output<string>;
  /** Who applies the changes: the API key's owner and role. */
  actor: pulumi.Output<string>;
}

/** Registers the stack the config describes; returns its outputs. */
export async function trackerAccessProgram(): Promise<StackOutputs> {
  const config = new pulumi.Config("tracker-access");
  const declaration = declarationPaths(config.require("declaration"));
  const guardrails = config.get("guardrails")?.trim() || undefined;
  const { access } = await defineStack({
    declaration,
    apiUrl: config.require("apiUrl"),
    allowRemovals: config.getNumber("allowRemovals"),
    maxRemovalShare: config.getNumber("maxRemovalShare"),
    ...(guardrails !== undefined ? { guardrails } : {}),
    now: config.get("now"),
  });
  if (guardrails !== undefined) {
    for (const line of await stackGuardrailWarnings(declaration, guardrails)) await pulumi.log.warn(line);
  }
  return {
    accountId: access.accountId,
    actor: pulumi.interpolate`${access.actor} (${access.actorRole})`,
  };
}

/** The declaration paths from the config value: a list, or one or more comma-separated paths. */
export function declarationPaths(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith("[")) return (JSON.parse(trimmed) as unknown[]).map(String);
  return trimmed
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
}
