import type { Host } from "../host.js";
import type { RenderedTemplate, RunOutputPlan } from "../template/render-template.js";
import type { RunArtifact } from "./image-template-client.js";

/**
 * What reporting needs to know of the template beside the run: which kind of image each run
 * output is, and the template's identity. A rendered template is one; a template read from
 * Azure gives the same.
 */
export type BuildPlan = Pick<RenderedTemplate, "runOutputs" | "body">;

export interface RunResult {
  runStatus: string;
  templateName: string;
  templateId: string;
  stagingResourceGroup?: string;
  sourceImageVersion?: string;
  artifacts: RunArtifact[];
}

/** The artifact a following step most likely wants first: a gallery version, else a managed image, else a VHD. */
const PREFERENCE: RunOutputPlan["kind"][] = ["gallery", "managed", "vhd"];

export function artifactIds(
  plan: BuildPlan,
  artifacts: RunArtifact[],
): Array<{ kind: RunOutputPlan["kind"]; id: string }> {
  const kindOf = new Map(plan.runOutputs.map((r) => [r.name, r.kind]));
  return artifacts
    .map((a) => {
      const kind = kindOf.get(a.runOutputName) ?? "vhd";
      const id = kind === "vhd" ? (a.artifactUri ?? a.artifactId) : (a.artifactId ?? a.artifactUri);
      return id ? { kind, id } : undefined;
    })
    .filter((x): x is { kind: RunOutputPlan["kind"]; id: string } => Boolean(x))
    .sort((a, b) => PREFERENCE.indexOf(a.kind) - PREFERENCE.indexOf(b.kind));
}

/** Sets the step's outputs and returns them, for the job summary. */
export function setRunOutputs(
  host: Host,
  plan: BuildPlan,
  result: RunResult,
): Record<string, string> {
  const ids = artifactIds(plan, result.artifacts);
  const outputs: Record<string, string> = {};
  const set = (name: string, value: string) => {
    outputs[name] = value;
    host.setOutput(name, value);
  };
  set("image-version-id", ids[0]?.id ?? "");
  set("image-version-ids", JSON.stringify(ids.map((i) => i.id)));
  set(
    "run-outputs",
    JSON.stringify(
      Object.fromEntries(
        result.artifacts.map((a) => [
          a.runOutputName,
          { artifactId: a.artifactId ?? null, artifactUri: a.artifactUri ?? null },
        ]),
      ),
    ),
  );
  set("run-status", result.runStatus);
  set("template-name", result.templateName);
  set("template-id", result.templateId);
  set("staging-resource-group", result.stagingResourceGroup ?? "");
  set("source-image-version", result.sourceImageVersion ?? "");
  return outputs;
}

/** Log URLs in service messages may carry a SAS; the place is enough for a person. */
export function withoutQueryStrings(text: string): string {
  return text.replace(/(https?:\/\/[^\s?"']+)\?[^\s"']*?(?=[.,;:)]*(?:\s|$|["']))/g, "$1");
}
