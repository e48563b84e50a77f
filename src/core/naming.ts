import { createHash } from "node:crypto";
import type { RunContext } from "./host.js";

/** Image Builder's rule for template and run output names. */
export const ARM_NAME = /^[A-Za-z0-9-_.]{1,64}$/;
// Leaves room for "-gallery" and a two-digit count, the longest run output suffix.
const MAX_BASE = 54;

export interface RunNames {
  templateName: string;
  runOutputName(kind: "gallery" | "managed" | "vhd"): string;
  /** Blob prefix for this step's staged files, ending with "/". */
  stagingPrefix: string;
  /** Tags that tie every resource of the run to its repository, commit and run. */
  provenanceTags: Record<string, string>;
}

export const TAG = {
  repository: "bake.repository",
  commit: "bake.commit",
  runUrl: "bake.run-url",
  runId: "bake.run-id",
  runAttempt: "bake.run-attempt",
  step: "bake.step",
} as const;

function slug(value: string): string {
  return value
    .replace(/[^A-Za-z0-9-_.]+/g, "-")
    .replace(/-{2,}/g, "-")
    .replace(/^[-.]+|[-.]+$/g, "");
}

function shortHash(value: string, length = 6): string {
  return createHash("sha256").update(value).digest("hex").slice(0, length);
}

/**
 * Where one step's files are staged: repository, run and step. A later step finds them again
 * from the template's provenance tags, which hold the same three.
 */
export function stagingPrefixOf(
  repository: string,
  runId: string,
  runAttempt: string,
  step: string,
): string {
  const run = slug(`${runId}-${runAttempt}`) || "run";
  const repoPath = repository
    .split("/")
    .map((part) => slug(part))
    .filter(Boolean)
    .join("/");
  return `${repoPath || "local"}/${run}/${step}/`;
}

/**
 * Names are derived only from the run context and the image's target, so every phase of one
 * step computes the same names, and another attempt or run never collides with them.
 */
export function runNames(ctx: RunContext, target: string): RunNames {
  const step = shortHash(`${ctx.stepKey}\n${target}`);
  const run = slug(`${ctx.runId}-${ctx.runAttempt}`) || "run";
  const fixed = `-${run}-${step}`;
  const repoName = slug(ctx.repository.split("/").pop() ?? "") || "image";
  const room = MAX_BASE - "bake-".length - fixed.length;
  const templateName =
    room >= 1
      ? `bake-${repoName.slice(0, room).replace(/[-.]+$/, "")}${fixed}`
      : `bake${fixed}`.slice(0, MAX_BASE);
  return {
    templateName,
    runOutputName: (kind) => `${templateName}-${kind}`,
    stagingPrefix: stagingPrefixOf(ctx.repository, ctx.runId, ctx.runAttempt, step),
    provenanceTags: {
      [TAG.repository]: ctx.repository.slice(0, 256),
      [TAG.commit]: ctx.commitSha.slice(0, 256),
      [TAG.runUrl]: ctx.runUrl.slice(0, 256),
      [TAG.runId]: ctx.runId.slice(0, 256),
      [TAG.runAttempt]: ctx.runAttempt.slice(0, 256),
      [TAG.step]: step,
    },
  };
}
