/**
 * The Pulumi program (Pulumi.yaml's `main`): registers the stack the config describes (stack-program.ts) and
 * exports its outputs. It never reads the API key: the provider reads the secret `tracker-access:apiKey` in
 * `configure()`, inside the engine's provider host.
 */
import { trackerAccessProgram } from "./stack-program.ts";

const outputs = await trackerAccessProgram();

/** The tracker's account id, as the API key sees it. */
export const accountId = outputs.accountId;
/** Who applies the changes: the API key's owner and role. */
export const actor = outputs.actor;
