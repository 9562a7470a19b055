/**
 * Runs the stack program (src/pulumi/program.ts) under `pulumi.runtime.setMocks` and records every resource it
 * registers with its inputs — the serialized `__provider` included — as the engine would receive them. Run as
 * a script in its own Node process (`node test/pulumi/capture-stack.ts '<config JSON>'`, output JSON on
 * stdout) so that the program is loaded exactly as the nodejs language host loads it: native type stripping,
 * no test-runner transform, one Pulumi runtime per process. `captureStack()` spawns it.
 */
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as pulumi from "@pulumi/pulumi";

/** One registered resource, as its RegisterResource request reached the engine. */
export interface Registration {
  type: string;
  name: string;
  urn: string;
  inputs: Record<string, unknown>;
  /** URNs of the resources it depends on (`dependsOn`). */
  dependencies: string[];
  retainOnDelete: boolean;
  /** The id the resource is imported by (the `import` option), when given. */
  importId?: string;
}

/** What the program registered and exported. */
export interface CapturedStack {
  registrations: Registration[];
  outputs: Record<string, unknown>;
}

const root = join(import.meta.dirname, "..", "..");

/** Runs the program with `config` (keys `tracker-access:...`) in a child Node process and returns what it registered. */
export function captureStack(config: Record<string, string>, projectDir = root): Promise<CapturedStack> {
  return new Promise((resolve, reject) => {
    const script = join(import.meta.dirname, "capture-stack.ts");
    execFile(
      process.execPath,
      ["--no-warnings", script, JSON.stringify(config)],
      { cwd: projectDir, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`capture-stack failed: ${error.message}\n${stderr}`));
        else resolve(JSON.parse(stdout) as CapturedStack);
      },
    );
  });
}

/** Registers mocks that echo every resource's inputs as its state, runs the program, and prints the capture. */
async function main(configJson: string): Promise<void> {
  // The mock monitor's RegisterResource requests carry the options the mocks callback does not see.
  const require = createRequire(import.meta.url);
  const registrations: Registration[] = [];
  const requests = new Map<string, RegisterRequest>();
  const monitor = require("@pulumi/pulumi/runtime/mocks.js").MockMonitor.prototype;
  const registerResource = monitor.registerResource;
  monitor.registerResource = function (req: RegisterRequest, callback: unknown) {
    requests.set(`${req.getType()}::${req.getName()}`, req);
    return registerResource.call(this, req, callback);
  };
  await pulumi.runtime.setMocks(
    {
      newResource(args) {
        const req = requests.get(`${args.type}::${args.name}`);
        registrations.push({
          type: args.type,
          name: args.name,
          urn: `urn:pulumi:dev::tracker-access::${args.type}::${args.name}`,
          inputs: args.inputs,
          dependencies: req?.getDependenciesList() ?? [],
          retainOnDelete: req?.getRetainondelete() ?? false,
          ...(args.id ? { importId: args.id } : {}),
        });
        return { id: `${args.name}-id`, state: args.inputs };
      },
      call: () => ({}),
    },
    "tracker-access",
    "dev",
    false,
  );
  pulumi.runtime.setAllConfig(JSON.parse(configJson) as Record<string, string>);
  const program = await import(pathToFileURL(join(root, "src", "pulumi", "program.ts")).href);
  const settings = require("@pulumi/pulumi/runtime/settings.js");
  await settings.waitForRPCs();
  const outputs: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(program)) {
    outputs[name] = pulumi.Output.isInstance(value) ? await outputValue(value) : value;
  }
  process.stdout.write(JSON.stringify({ registrations, outputs }));
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getDependenciesList(): string[];
  getRetainondelete(): boolean | undefined;
}

function outputValue(output: pulumi.Output<unknown>): Promise<unknown> {
  return new Promise((resolve) => output.apply((v) => resolve(v)));
}

if (process.argv[1] === import.meta.filename) await main(process.argv[2] ?? "{}");
