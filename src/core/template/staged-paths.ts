import { InputError, quote } from "../errors.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import { resolveLocalPath, type LocalPath } from "../inputs/local-paths.js";
import type { ArtifactPreparer } from "../staging/artifacts.js";
import { localUriKey } from "./customizers.js";
import type { Json, JsonObject, TemplateResource } from "./template-file.js";

const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** A template's URI field that names a repository file to upload rather than a URL. */
export function isLocalUri(uri: Json | undefined): uri is string {
  return typeof uri === "string" && !URL_SCHEME.test(uri);
}

export function resolveTemplatePath(
  uri: string,
  at: string,
  baseDir: string,
  workspace: string,
): LocalPath {
  try {
    return resolveLocalPath("template-file", uri, baseDir, workspace);
  } catch (error) {
    if (error instanceof InputError) {
      throw new InputError(
        "template-file",
        `${at}: ${error.problem} (Relative paths are resolved against the template file's directory.)`,
      );
    }
    throw error;
  }
}

function countTemplateLocalPaths(properties: JsonObject): number {
  let count = 0;
  const visit = (c: Json | undefined, key: string) => {
    if (c && typeof c === "object" && !Array.isArray(c) && isLocalUri(c[key])) count++;
  };
  for (const c of Array.isArray(properties.customize) ? properties.customize : []) {
    visit(c, localUriKey((c as JsonObject)?.type));
  }
  for (const v of validatorsOf(properties)) visit(v, localUriKey(v.type));
  const workload = (properties.optimize as JsonObject | undefined)?.workload;
  visit(workload, "scriptUri");
  return count;
}

/** How many local files the run uploads, counted before anything is staged. */
export function countLocalPaths(
  inputs: BakeInputs,
  file: { resource: TemplateResource } | undefined,
): number {
  return (
    inputs.scripts.length +
    inputs.files.length +
    (file ? countTemplateLocalPaths(file.resource.properties) : 0)
  );
}

function validatorsOf(properties: JsonObject): JsonObject[] {
  const validate = properties.validate as JsonObject | undefined;
  const list = validate?.inVMValidations;
  return Array.isArray(list)
    ? (list.filter((v) => v && typeof v === "object" && !Array.isArray(v)) as JsonObject[])
    : [];
}

/** In-VM validators and the workload optimisation script may point at local files too. */
export async function stageValidatorPaths(
  properties: JsonObject,
  preparer: ArtifactPreparer,
  baseDir: string | undefined,
  workspace: string,
) {
  if (!baseDir) return;
  const stage = async (holder: JsonObject, key: string, at: string) => {
    const uri = holder[key];
    if (!isLocalUri(uri)) return;
    const local = resolveTemplatePath(uri, at, baseDir, workspace);
    if (local.isDirectory)
      throw new InputError(
        "template-file",
        `${at}.${key} ${quote(uri)} is a directory; name a file.`,
      );
    const artifact = await preparer.prepare(local);
    holder[key] = artifact.blobUrl;
    holder.sha256Checksum = artifact.sha256;
  };
  for (const [i, v] of validatorsOf(properties).entries()) {
    await stage(v, localUriKey(v.type), `properties.validate.inVMValidations[${i}]`);
  }
  const workload = (properties.optimize as JsonObject | undefined)?.workload;
  if (workload && typeof workload === "object" && !Array.isArray(workload)) {
    await stage(workload, "scriptUri", "properties.optimize.workload");
  }
}
