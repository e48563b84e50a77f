import { compareVersions } from "./version-order.js";
import { InputError, quote, ref } from "../errors.js";
import { TAG } from "../naming.js";
import { parseBoolean } from "../inputs/values.js";

/** How many of this repository's gallery image versions a successful build leaves behind. */
export interface KeepVersionsPolicy {
  /** The newest versions kept in each target image definition, the one just built included. */
  keep: number;
  /** Versions excluded from latest are left alone (and not counted) unless this is true. */
  pruneExcluded: boolean;
}

/** What the selection needs to know of one gallery image version. */
export interface GalleryVersionFacts {
  id: string;
  name: string;
  tags: Record<string, string>;
  excludeFromLatest: boolean;
  publishedDate?: string;
  provisioningState?: string;
}

/** What happens to each version of one image definition. */
export interface KeepVersionsPlan<V extends GalleryVersionFacts = GalleryVersionFacts> {
  /** This repository's versions kept, newest first (the one just built is not among them). */
  kept: V[];
  /** This repository's versions beyond the number kept, oldest first. */
  deleted: V[];
}

const MAX_KEEP = 1000;

/** Reads `keep-versions` and `prune-excluded-versions`; undefined when versions are all kept. */
export function readKeepVersions(
  get: (name: string) => string | undefined,
): KeepVersionsPolicy | undefined {
  const raw = get("keep-versions");
  const pruneRaw = get("prune-excluded-versions");
  if (raw === undefined || raw === "") {
    if (parseBoolean("prune-excluded-versions", pruneRaw, false)) {
      throw new InputError(
        "prune-excluded-versions",
        `applies only with ${ref("keep-versions")}, which is empty (every version is kept). Set ${ref("keep-versions")} to the number of versions to keep, or remove it.`,
      );
    }
    return undefined;
  }
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_KEEP) {
    throw new InputError(
      "keep-versions",
      `${quote(raw)} is not a number of versions to keep. Use a whole number from 1 to ${MAX_KEEP} (the newest versions this repository made that are kept, the new one included), or leave it empty to keep every version.`,
    );
  }
  if (!get("gallery-image-id") && !get("template-file")) {
    throw new InputError(
      "keep-versions",
      `applies to the versions of a gallery image definition, and ${ref("gallery-image-id")} is not set. Set it, or remove ${ref("keep-versions")}.`,
    );
  }
  return {
    keep: Number(raw),
    pruneExcluded: parseBoolean("prune-excluded-versions", pruneRaw, false),
  };
}

/** Provisioning states of a version another operation is still working on: never touched. */
const BUSY = new Set(["creating", "updating", "deleting", "migrating"]);

/** 1.10.0 is newer than 1.9.0; names that are not numbers still order the same way every time. */
function compareVersionNames(a: string, b: string): number {
  return compareVersions(a, b) || a.localeCompare(b);
}

function publishedMs(v: GalleryVersionFacts): number {
  const ms = v.publishedDate ? Date.parse(v.publishedDate) : NaN;
  // A version without a date sorts as the oldest: it is never mistaken for a new one.
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** Newest first: by publishedDate, then by version number. */
function newestFirst(a: GalleryVersionFacts, b: GalleryVersionFacts): number {
  const d = publishedMs(b) - publishedMs(a);
  return d || compareVersionNames(b.name, a.name);
}

/**
 * Which versions of one image definition go: only this repository's (by their
 * `bake.repository` tag), never the one just built, never one excluded from latest unless the
 * policy says so, never one another operation is working on; the newest are kept until the
 * policy's count is reached, the one just built counting as one of them.
 */
export function selectVersionsToDelete<V extends GalleryVersionFacts>(
  versions: readonly V[],
  policy: KeepVersionsPolicy,
  repository: string,
  justBuilt: readonly string[],
): KeepVersionsPlan<V> {
  const built = new Set(justBuilt.map((id) => id.toLowerCase()));
  // The tag holds the repository cut to Azure's 256 characters of a tag value.
  const ours = repository.slice(0, 256);
  const candidates = versions
    .filter((v) => v.tags[TAG.repository] === ours)
    .filter((v) => !built.has(v.id.toLowerCase()))
    .filter((v) => policy.pruneExcluded || !v.excludeFromLatest)
    .filter((v) => !BUSY.has((v.provisioningState ?? "").toLowerCase()))
    .sort(newestFirst);
  const room = Math.max(0, policy.keep - 1);
  return { kept: candidates.slice(0, room), deleted: candidates.slice(room).reverse() };
}
