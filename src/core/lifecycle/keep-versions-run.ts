import type { Host } from "../host.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import type { ResourceManager } from "../azure/arm.js";
import { describeRefusal, refusalIn } from "../azure/azure-errors.js";
import { deleteGalleryVersion, listGalleryVersions } from "../azure/gallery-versions.js";
import type { JsonObject } from "../template/template-file.js";
import type { RunArtifact } from "../run/image-template-client.js";
import {
  selectVersionsToDelete,
  type GalleryVersionFacts,
  type KeepVersionsPolicy,
  type KeepVersionsPlan,
} from "./keep-versions.js";

const VERSION_ID =
  /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/galleries\/[^/]+\/images\/[^/]+)\/versions\/[^/]+$/i;

/** The gallery image definitions a template distributes to (a version in the ID is cut off). */
export function galleryDefinitionsOf(template: JsonObject): string[] {
  const distribute = (template.properties as JsonObject | undefined)?.distribute;
  const ids = (Array.isArray(distribute) ? (distribute as JsonObject[]) : [])
    .filter((d) => d.type === "SharedImage" && typeof d.galleryImageId === "string")
    .map((d) => (d.galleryImageId as string).replace(/\/versions\/[^/]+$/i, ""));
  // Resource IDs are case-insensitive: the first spelling of each stands.
  return ids.filter((id, i) => ids.findIndex((o) => o.toLowerCase() === id.toLowerCase()) === i);
}

/** The gallery image versions among a run's artifacts. */
export function galleryVersionsOf(artifacts: readonly RunArtifact[]): string[] {
  return artifacts.map((a) => a.artifactId ?? "").filter((id) => VERSION_ID.test(id));
}

/** What one pass of keep-versions is about. */
export interface KeepVersionsTarget {
  /** Image definitions to tidy. */
  definitions: string[];
  /** Versions never deleted: what this run made (or, on a cache hit, found and reused). */
  justBuilt: string[];
  /** Only list what would be deleted. */
  dryRun: boolean;
}

/**
 * After a successful build: the oldest of this repository's versions beyond keep-versions
 * are deleted from each target image definition. Nothing here fails the step: a version that
 * cannot be listed or deleted is a warning that says why and what to do. This is also the
 * entry for a run that built nothing because an identical image exists (pass that image as
 * `justBuilt`).
 */
export async function keepVersions(
  host: Host,
  arm: ResourceManager,
  policy: KeepVersionsPolicy,
  target: KeepVersionsTarget,
  signal: AbortSignal,
): Promise<string[]> {
  const repository = host.runContext().repository;
  const deleted: string[] = [];
  const lines: string[] = [];
  let notDeleted = 0;
  let problems = 0;
  const verb = target.dryRun ? "Would delete" : "Deleted";
  await host.group(
    `keep-versions ${policy.keep}: ${target.dryRun ? "versions a build would delete" : "deleting older versions"} of ${repository}`,
    async () => {
      for (const definition of target.definitions) {
        let plan: KeepVersionsPlan;
        try {
          const versions = await listGalleryVersions(arm, definition, signal);
          plan = selectVersionsToDelete(versions, policy, repository, target.justBuilt);
        } catch (error) {
          if (signal.aborted) throw error;
          problems++;
          warn(host, `Could not list the versions of ${definition}`, error);
          continue;
        }
        const name = definition
          .split("/")
          .slice(-3)
          .filter((_, i) => i !== 1)
          .join("/");
        const newest = target.dryRun ? "the version the build makes" : "the version just built";
        host.info(
          `${name}: keeping ${newest} and ${describe(plan.kept)}; ${target.dryRun ? "would delete" : "deleting"} ${describe(plan.deleted)}.`,
        );
        const done = target.dryRun
          ? plan.deleted
          : await deleteAll(host, arm, plan.deleted, signal);
        problems += plan.deleted.length - done.length;
        notDeleted += plan.deleted.length - done.length;
        for (const v of done) {
          host.info(`${verb} ${v.id}`);
          lines.push(`| \`${name}\` | \`${v.name}\` | ${v.publishedDate ?? ""} |`);
        }
        if (!target.dryRun) deleted.push(...done.map((v) => v.id));
      }
    },
  );
  host.setOutput("deleted-versions", JSON.stringify(deleted));
  const headline = lines.length
    ? `${verb} ${lines.length} older version(s) this repository made:`
    : problems
      ? "No version was deleted."
      : `No version ${target.dryRun ? "would be" : "was"} deleted: ${target.dryRun ? "no more than" : "at most"} ${policy.keep} of this repository's versions are in each image definition.`;
  const trouble = problems
    ? [
        "",
        `⚠️ ${notDeleted ? `${notDeleted} version(s) that should go could not be deleted` : "An image definition could not be read"}; the warnings say why and what to do.`,
      ]
    : [];
  await host.appendSummary(
    [
      `### keep-versions: ${policy.keep}`,
      "",
      headline,
      ...(lines.length
        ? ["", "| Image definition | Version | Published |", "|---|---|---|", ...lines]
        : []),
      ...trouble,
      "",
    ].join("\n"),
  );
  return deleted;
}

/** Deletes the versions side by side (each is minutes of Compute's time); those gone are returned. */
async function deleteAll(
  host: Host,
  arm: ResourceManager,
  versions: GalleryVersionFacts[],
  signal: AbortSignal,
): Promise<GalleryVersionFacts[]> {
  const results = await Promise.allSettled(
    versions.map((v) => deleteGalleryVersion(arm, v.id, signal)),
  );
  if (signal.aborted) throw signal.reason;
  const gone: GalleryVersionFacts[] = [];
  results.forEach((r, i) => {
    if (r.status === "fulfilled") gone.push(versions[i]!);
    else warn(host, `Could not delete ${versions[i]!.id}`, r.reason);
  });
  return gone;
}

function describe(versions: GalleryVersionFacts[]): string {
  return versions.length ? versions.map((v) => v.name).join(", ") : "none";
}

function warn(host: Host, what: string, error: unknown): void {
  const e = error as { status?: number; code?: string; message?: string };
  const refusal = refusalIn(e.message ?? "");
  const fix = refusal
    ? describeRefusal("The pipeline's identity", refusal)
    : e.status === 409
      ? `${e.message} It was kept: a version in use (by a VM or scale set, or a replication still running) cannot be deleted; a later run deletes it once it is free.`
      : `${e.message ?? String(error)} It was kept; a later run tries again.`;
  host.annotate("warning", {
    title: "keep-versions",
    message: `${what}: ${fix} The build itself is not affected.`,
  });
}

/** The hook real-run.ts calls after the outcome: tidies the galleries of a successful build. */
export async function keepVersionsAfterBuild(
  host: Host,
  arm: ResourceManager,
  inputs: BakeInputs,
  template: JsonObject,
  run: { runOutputs(signal: AbortSignal): Promise<RunArtifact[]> },
  signal: AbortSignal,
): Promise<void> {
  const definitions = galleryDefinitionsOf(template);
  if (!inputs.keepVersions || !definitions.length) return nothingToTidy(host, inputs);
  await keepVersions(
    host,
    arm,
    inputs.keepVersions,
    { definitions, justBuilt: galleryVersionsOf(await run.runOutputs(signal)), dryRun: false },
    signal,
  );
}

/** A dry run with keep-versions signs in and lists what a successful build would delete. */
export async function previewKeepVersions(
  host: Host,
  inputs: BakeInputs,
  template: JsonObject,
): Promise<void> {
  const definitions = galleryDefinitionsOf(template);
  if (!inputs.keepVersions || !definitions.length) return nothingToTidy(host, inputs);
  const { signIn } = await import("../run/sign-in.js");
  const arm = await signIn(host, inputs);
  // An explicit image-version is the one the build would make: it is never listed for deletion.
  const named = ((template.properties as JsonObject).distribute as JsonObject[])
    .map((d) => d.galleryImageId)
    .filter((id): id is string => typeof id === "string" && VERSION_ID.test(id));
  await keepVersions(
    host,
    arm,
    inputs.keepVersions,
    { definitions, justBuilt: named, dryRun: true },
    host.cancellation,
  );
}

/**
 * The output is set on every run, so a workflow can read it whether or not keep-versions is
 * set; keep-versions with a template that publishes to no gallery is said, not failed.
 */
function nothingToTidy(host: Host, inputs: BakeInputs): void {
  host.setOutput("deleted-versions", "[]");
  if (!inputs.keepVersions) return;
  host.annotate("warning", {
    title: "keep-versions",
    message: `${host.inputDisplayName("keep-versions")} is set, but the template publishes to no gallery image definition: there are no versions to keep or delete. Add a SharedImage distributor, or remove ${host.inputDisplayName("keep-versions")}.`,
  });
}
