/**
 * Finds the files of a declaration on disk: the files given, and the `*.yaml`/`*.yml` files of the
 * directories given (sorted, not recursive). Users are managed authoritatively, so a file that is silently
 * left out would plan removals: the loader refuses what it will not read instead of skipping it, except
 * hidden files (`.x.yaml`, macOS `._x.yaml`, editor backups), which are never part of a declaration.
 */
import { opendir, readdir, stat } from "node:fs/promises";
import { join, resolve } from "node:path";
import { DeclarationIoError, describeIoError } from "./io-error.ts";

const YAML_NAME = /\.ya?ml$/i;

/** How deep below a declaration directory to look for YAML files that would be ignored. */
const MAX_SUBDIRECTORY_DEPTH = 8;

/** The files named by `paths`: files as given, directories expanded to their YAML files; each file once. */
export async function declarationFiles(paths: string[]): Promise<string[]> {
  const files: string[] = [];
  const seen = new Set<string>();
  const add = (file: string) => {
    const key = resolve(file);
    if (!seen.has(key)) files.push(file);
    seen.add(key);
  };
  for (const path of paths) {
    const info = await statOrThrow(path);
    if (!info.isDirectory()) {
      add(path);
      continue;
    }
    for (const file of await directoryFiles(path)) add(file);
  }
  return files;
}

/** The stat of a declaration file after following symbolic links; throws unless it is a regular file. */
export async function regularFileStat(file: string) {
  const info = await statOrThrow(file);
  if (info.isFile()) return info;
  const kind = info.isDirectory()
    ? "a directory"
    : info.isFIFO()
      ? "a named pipe"
      : info.isSocket()
        ? "a socket"
        : info.isCharacterDevice() || info.isBlockDevice()
          ? "a device"
          : "not a regular file";
  throw new DeclarationIoError(file, `is ${kind}; a declaration is read from regular files only`);
}

/** The YAML files directly in `dir`, sorted; refuses a subdirectory that holds YAML files. */
async function directoryFiles(dir: string): Promise<string[]> {
  let entries: Awaited<ReturnType<typeof readEntries>>;
  try {
    entries = await readEntries(dir);
  } catch (error) {
    throw new DeclarationIoError(dir, describeIoError(error));
  }
  const names: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith(".")) continue;
    const path = join(dir, entry.name);
    const isDirectory = entry.isDirectory() || (entry.isSymbolicLink() && (await isDirectoryPath(path)));
    if (isDirectory) {
      if (await holdsYaml(path, 1)) {
        const message = `subdirectory ${path} holds YAML files; directories are not read recursively: move them up or give the subdirectory as its own path`;
        throw new DeclarationIoError(dir, message);
      }
    } else if (YAML_NAME.test(entry.name)) {
      names.push(entry.name);
    }
  }
  if (names.length === 0) throw new DeclarationIoError(dir, "directory holds no .yaml or .yml file");
  return names.sort().map((name) => join(dir, name));
}

function readEntries(dir: string) {
  return readdir(dir, { withFileTypes: true });
}

/** Whether `dir` or a directory below it (hidden ones aside, symbolic links not followed) holds a YAML file. */
async function holdsYaml(dir: string, depth: number): Promise<boolean> {
  if (depth > MAX_SUBDIRECTORY_DEPTH) return false;
  let handle: Awaited<ReturnType<typeof opendir>>;
  try {
    handle = await opendir(dir);
  } catch {
    return false; // an unreadable subdirectory holds nothing the loader could have read either
  }
  const subdirectories: string[] = [];
  for await (const entry of handle) {
    if (entry.name.startsWith(".")) continue;
    if (entry.isDirectory()) subdirectories.push(join(dir, entry.name));
    else if (YAML_NAME.test(entry.name)) return true;
  }
  for (const sub of subdirectories) if (await holdsYaml(sub, depth + 1)) return true;
  return false;
}

async function isDirectoryPath(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false; // a dangling link: not a directory (and not YAML-named, or read and refused as a file)
  }
}

async function statOrThrow(path: string) {
  try {
    return await stat(path);
  } catch (error) {
    throw new DeclarationIoError(path, describeIoError(error));
  }
}
