import type { Host } from "../host.js";
import type { RenderedTemplate } from "../template/render-template.js";
import { shownTemplate } from "../template/render-template.js";
import type { ReusedArtifact } from "./find-same-image.js";

const PREFERENCE: ReusedArtifact["kind"][] = ["gallery", "managed"];

/**
 * Sets every output from the images an earlier run made from the same inputs, as a build
 * would have: run-status Succeeded, no template (template-name and template-id empty).
 */
export async function reportReuse(
  host: Host,
  rendered: RenderedTemplate,
  reused: ReusedArtifact[],
  fingerprint: string,
  sourceVersion: string | undefined,
): Promise<void> {
  const ids = [...reused]
    .sort((a, b) => PREFERENCE.indexOf(a.kind) - PREFERENCE.indexOf(b.kind))
    .map((r) => r.id);
  const outputs: Record<string, string> = {
    "image-version-id": ids[0] ?? "",
    "image-version-ids": JSON.stringify(ids),
    "run-outputs": JSON.stringify(
      Object.fromEntries(
        reused.map((r) => [r.runOutputName, { artifactId: r.id, artifactUri: null }]),
      ),
    ),
    "run-status": "Succeeded",
    "template-name": "",
    "template-id": "",
    "staging-resource-group": "",
    "source-image-version": sourceVersion ?? "",
    template: shownTemplate(rendered),
    "cache-hit": "true",
    fingerprint,
  };
  for (const [name, value] of Object.entries(outputs)) host.setOutput(name, value);
  const force = `${host.inputDisplayName("if-unchanged")}: build`;
  const message = `Nothing to build: ${ids.join(" and ")} ${ids.length > 1 ? "were" : "was"} built from the same inputs (fingerprint ${fingerprint}) and ${ids.length > 1 ? "are" : "is"} reused. To build anyway, set ${force}.`;
  host.annotate("notice", { message, title: "Image reused" });
  await host.appendSummary(
    [
      `### bake-azure-image: image reused`,
      "",
      `Nothing was built: an image with the same fingerprint already exists (\`${host.inputDisplayName("if-unchanged")}: skip\`).`,
      "",
      ...ids.map((id) => `- \`${id}\``),
      "",
      `Fingerprint \`${fingerprint}\`${sourceVersion ? `; source version ${sourceVersion}` : ""}. Set \`${force}\` to build anyway.`,
      "",
    ].join("\n"),
  );
}
