/**
 * The Pulumi program (Pulumi.yaml's `main`): reads the stack config — `tracker-access:declaration` (a path, a
 * comma-separated list or a YAML/JSON list of files or directories), `tracker-access:apiUrl`, and the optional
 * guard settings `tracker-access:allowRemovals`, `tracker-access:maxRemovalShare` and `tracker-access:adopt` —
 * and registers the stack. It never reads the API key: the provider reads the secret `tracker-access:apiKey` in
 * `configure()`, inside the engine's provider host.
 */
import * as pulumi from "@pulumi/pulumi";
import { defineStack } from "./stack.ts";

const config = new pulumi.Config("tracker-access");
const { policy } = await defineStack({
  declaration: declarationPaths(config.require("declaration")),
  apiUrl: config.require("apiUrl"),
  allowRemovals: config.getNumber("allowRemovals"),
  maxRemovalShare: config.getNumber("maxRemovalShare"),
  adopt: config.getBoolean("adopt") ?? false,
});

/** The tracker's account id, as the API key sees it. */
export const accountId = policy.accountId;
/** Who applies the changes: the API key's owner and role. */
export const actor = pulumi.interpolate`${policy.actor} (${policy.actorRole})`;
/** Users and invitations in the account the declaration does not name (a refresh shows new ones; up removes them). */
export const undeclaredUsers = policy.undeclaredUsers;
/** Private workspaces in the account the declaration does not name. */
export const undeclaredWorkspaces = policy.undeclaredWorkspaces;

/** The declaration paths from the config value: a list, or one or more comma-separated paths. */
function declarationPaths(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith("[")) return (JSON.parse(trimmed) as unknown[]).map(String);
  return trimmed
    .split(",")
    .map((p) => p.trim())
    .filter((p) => p !== "");
}
