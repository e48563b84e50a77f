import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The official Image Builder spec lives beside the repository (`../shared/reference/...`),
 * never inside it; BAKE_IMAGEBUILDER_SPEC_DIR points elsewhere when a checkout is laid out
 * differently.
 */
export function specDirectory(): string {
  const fromEnv = process.env.BAKE_IMAGEBUILDER_SPEC_DIR;
  if (fromEnv) return path.resolve(fromEnv);
  const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
  return path.resolve(repoRoot, "..", "shared", "reference", "imagebuilder-2025-10-01");
}

/** The spec's folder when it is at hand, or undefined (a lone clone has only the committed `generated/`). */
export function specAtHand(directory = specDirectory()): string | undefined {
  return existsSync(path.join(directory, "imagebuilder.json")) ? directory : undefined;
}

export type JsonObject = { [key: string]: unknown };

/** A Swagger 2.0 document plus the common-types files its `$ref`s reach. */
export interface LoadedSpec {
  directory: string;
  /** Keyed by the file's path relative to the spec directory: "imagebuilder.json", "common-types/...". */
  files: Map<string, JsonObject>;
  main: JsonObject;
}

const COMMON_TYPES_PREFIX = "../../../../../../common-types/";

/** Maps a `$ref` as written in the spec (relative to `fromFile`) to [file, JSON pointer]. */
export function resolveRefTarget(ref: string, fromFile: string): [string, string] {
  const hash = ref.indexOf("#");
  const filePart = hash === -1 ? ref : ref.slice(0, hash);
  const pointer = hash === -1 ? "" : ref.slice(hash + 1);
  if (filePart === "") return [fromFile, pointer];
  // The upstream layout puts common-types six levels up; here it sits beside imagebuilder.json.
  const rewritten = filePart.startsWith(COMMON_TYPES_PREFIX)
    ? "common-types/" + filePart.slice(COMMON_TYPES_PREFIX.length)
    : filePart;
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(fromFile), rewritten));
  return [joined, pointer];
}

export function loadSpec(directory = specDirectory()): LoadedSpec {
  const files = new Map<string, JsonObject>();
  const read = (rel: string): JsonObject => {
    let doc = files.get(rel);
    if (!doc) {
      doc = JSON.parse(readFileSync(path.join(directory, rel), "utf8")) as JsonObject;
      files.set(rel, doc);
      for (const ref of collectRefs(doc)) {
        const [file] = resolveRefTarget(ref, rel);
        if (file.endsWith(".json") && !file.startsWith("examples/")) read(file);
      }
    }
    return doc;
  };
  const main = read("imagebuilder.json");
  return { directory, files, main };
}

function collectRefs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const item of node) collectRefs(item, out);
  else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "$ref" && typeof value === "string") out.push(value);
      else collectRefs(value, out);
    }
  }
  return out;
}

export function getPointer(doc: JsonObject, pointer: string): unknown {
  if (pointer === "" || pointer === "/") return doc;
  let node: unknown = doc;
  for (const raw of pointer.replace(/^\//, "").split("/")) {
    const key = raw.replace(/~1/g, "/").replace(/~0/g, "~");
    if (!node || typeof node !== "object") return undefined;
    node = (node as JsonObject)[key];
  }
  return node;
}
