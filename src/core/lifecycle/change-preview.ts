import type { Host } from "../host.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import type { ResourceManager } from "../azure/arm.js";
import { shownTemplate, type RenderedTemplate } from "../template/render-template.js";
import { findSameImage, type ReusedArtifact } from "./find-same-image.js";
import { imageFingerprint, tagWithFingerprint } from "./fingerprint.js";
import { pinSourceVersion, type PinnedSource } from "./pin-source.js";

/** What a build of this pull request would be, as a reviewer needs to judge it. */
export interface ChangePreview {
  /** Tells this step's comment apart from another bake step's in the same workflow. */
  stepKey: string;
  fingerprint: string;
  source: PinnedSource;
  /** One image per target made from the same inputs; undefined when a build would make new ones. */
  existing?: ReusedArtifact[];
  /** The run that took this preview, and the commit it ran on. */
  runUrl: string;
  commitSha: string;
}

/** The hidden line a later run finds its own comment by. */
export function previewMarker(stepKey: string): string {
  return `<!-- bake-azure-image:${stepKey} -->`;
}

/** The comment's markdown: platform-neutral, from the rendered template and the lookup. */
export function previewMarkdown(rendered: RenderedTemplate, preview: ChangePreview): string {
  const files = new Map(rendered.artifacts.map((a) => [a.source.relativePath, a]));
  const customizers = rendered.customizers.map((c) => {
    const file = c.sourceFile ? files.get(c.sourceFile) : undefined;
    return `| ${c.index + 1} | ${c.type} | ${c.name ? `\`${c.name}\`` : ""} | ${c.sourceFile ? `\`${c.sourceFile}\`` : ""} | ${file ? `\`${file.sha256}\`` : ""} |`;
  });
  const existing = preview.existing
    ? [
        "**An image with this fingerprint already exists** in every target; a build with `if-unchanged: skip` reuses it and builds nothing:",
        "",
        ...preview.existing.map((e) => `- \`${e.id}\``),
      ]
    : [
        preview.source.pinned
          ? "**No image with this fingerprint exists** yet: a build makes a new one."
          : "The source's latest version could not be resolved, so no image can be matched: a build makes a new one.",
      ];
  return [
    previewMarker(preview.stepKey),
    `### bake-azure-image: what this pull request would build`,
    "",
    `Fingerprint: \`${preview.fingerprint}\``,
    `Source version: ${preview.source.version ? `\`${preview.source.version}\`` : "not resolved"}`,
    "",
    ...existing,
    "",
    "| # | Customizer | Name | File | sha256 |",
    "|---|---|---|---|---|",
    ...customizers,
    "",
    `<details><summary>Rendered template</summary>`,
    "",
    "```json",
    shownTemplate(rendered, 2),
    "```",
    "",
    "</details>",
    "",
    `<sub>[Dry run](${preview.runUrl}) on ${preview.commitSha.slice(0, 12)}; updated by each run of this step.</sub>`,
    "",
  ].join("\n");
}

/**
 * A dry run with comment on a pull request: pins the source and fingerprints the template as
 * a real run would, looks for an image already built from the same inputs, and puts it all
 * in one comment on the pull request, updated in place by later runs.
 */
export async function commentChangePreview(
  host: Host,
  inputs: BakeInputs,
  rendered: RenderedTemplate,
): Promise<void> {
  if (!inputs.comment || !host.pullRequest || !host.commentOnPullRequest) return;
  const pullRequest = host.pullRequest();
  if (pullRequest === undefined) {
    host.info(
      `${host.inputDisplayName("comment")}: this run is not for a pull request; no comment is posted.`,
    );
    return;
  }
  const { signIn } = await import("../run/sign-in.js");
  const arm: ResourceManager = await signIn(host, inputs);
  const signal = host.cancellation;
  const source = await pinSourceVersion(arm, rendered.body, signal, (m) => host.debug(m));
  const fingerprint = imageFingerprint(rendered);
  tagWithFingerprint(rendered.body, fingerprint);
  host.info(`Image fingerprint: ${fingerprint}`);
  host.setOutput("fingerprint", fingerprint);
  if (source.version) host.setOutput("source-image-version", source.version);
  const existing = source.pinned
    ? await findSameImage(arm, rendered.body, fingerprint, signal)
    : undefined;
  const { stepKey, runUrl, commitSha } = host.runContext();
  const body = previewMarkdown(rendered, {
    stepKey,
    fingerprint,
    source,
    existing,
    runUrl,
    commitSha,
  });
  const result = await host.commentOnPullRequest(pullRequest, previewMarker(stepKey), body);
  if (result === "forbidden") {
    host.annotate("warning", {
      title: "comment",
      message: `Could not comment on pull request #${pullRequest}: the job's token may not write to pull requests. Add \`permissions: pull-requests: write\` to the job or workflow.`,
    });
    return;
  }
  host.info(
    `${result === "created" ? "Commented on" : "Updated the comment on"} pull request #${pullRequest}.`,
  );
}
