/**
 * The part of the Pulumi provider that is serialized into the resource's `__provider` input and re-loaded by
 * the engine's dynamic-provider host in another process. It is deliberately a few lines: each method loads the
 * implementation (provider-impl.ts) from the project root — the folder holding Pulumi.yaml, found by walking up
 * from the host's working directory, which the engine sets to the folder of `main` (src/pulumi/) — at call time
 * and forwards to it. It captures nothing but the resource kind and the module
 * path: no imports, no configuration, no key. The API key reaches the implementation only through
 * `configure()`, from the stack's secret config, inside the host process.
 *
 * The module is loaded with `process.getBuiltinModule("node:module").createRequire` rather than `import()`: the
 * host evaluates this code as CommonJS (require-from-string), and test runners rewrite `import()` in a
 * function's source text, which would then be serialized. Node 24 loads the TypeScript ES module through
 * require() natively.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { ProviderSettings, ResourceImplementation, ResourceKind } from "./provider-impl.ts";

/** Path of the implementation relative to the project root (where Pulumi.yaml is). */
const IMPLEMENTATION = "./src/pulumi/provider-impl.ts";

/** The provider object's own state in the host: the settings from `configure()` and the opened implementation. */
interface LoadedProvider extends pulumi.dynamic.ResourceProvider {
  settings?: ProviderSettings;
  opened?: ResourceImplementation;
  open(): ResourceImplementation;
}

/** The dynamic provider of one resource kind: a forwarder to provider-impl.ts, loaded at call time. */
export function trackerAccessProvider(kind: ResourceKind): pulumi.dynamic.ResourceProvider {
  const provider: LoadedProvider = {
    async configure(req) {
      this.settings = {
        apiUrl: req.config.get("tracker-access:apiUrl"),
        apiKey: req.config.get("tracker-access:apiKey"),
        maxRps: req.config.get("tracker-access:maxRps"),
      };
      this.opened = undefined;
    },
    open() {
      if (this.opened === undefined) {
        // The project root: the engine starts this host in the folder of `main` (src/pulumi/), so walk up.
        const { existsSync } = process.getBuiltinModule("node:fs");
        const { dirname, join } = process.getBuiltinModule("node:path");
        let root = process.cwd();
        while (!existsSync(join(root, "Pulumi.yaml"))) {
          if (dirname(root) === root) throw new Error(`tracker-access: no Pulumi.yaml at or above ${process.cwd()}`);
          root = dirname(root);
        }
        const { createRequire } = process.getBuiltinModule("node:module");
        const implementation = createRequire(join(root, "/"))(IMPLEMENTATION);
        this.opened = implementation.openResource(kind, this.settings ?? {}) as ResourceImplementation;
      }
      return this.opened;
    },
    check(olds, news) {
      return this.open().check(olds, news);
    },
    diff(id, olds, news) {
      return this.open().diff(id, olds, news);
    },
    create(inputs) {
      return this.open().create(inputs);
    },
    read(id, props) {
      return this.open().read(id, props);
    },
    update(id, olds, news) {
      return this.open().update(id, olds, news);
    },
    delete(id, props) {
      return this.open().delete(id, props);
    },
  };
  return provider;
}
