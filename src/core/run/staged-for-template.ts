import type { ImageTemplate } from "@azure/arm-imagebuilder";
import type { Host } from "../host.js";
import { stagingPrefixOf, TAG } from "../naming.js";
import type { CleanupState } from "./cleanup.js";

/** The URLs a template's customizers and validators fetch, SAS and all. */
function fetchedUrls(template: ImageTemplate): string[] {
  const items = [
    ...((template.customize ?? []) as unknown[]),
    ...((template.validate?.inVMValidations ?? []) as unknown[]),
  ];
  const urls: string[] = [];
  for (const item of items) {
    const fields = (item ?? {}) as Record<string, unknown>;
    for (const key of ["scriptUri", "sourceUri"]) {
      const value = fields[key];
      if (typeof value === "string") urls.push(value);
    }
  }
  return urls;
}

/**
 * The SAS of the files a template fetches are secrets of this step too, though another step or
 * tool made them: the build log may quote the URLs.
 */
export function maskFetchedSas(host: Host, template: ImageTemplate): void {
  for (const url of fetchedUrls(template)) {
    const query = url.indexOf("?");
    if (query >= 0 && query < url.length - 1) host.setSecret(url.slice(query + 1));
  }
}

/** An account's name as its blob endpoint shows it: the host's first label, or the path's first segment (path-style endpoints). */
function accountName(blobEndpoint: string): string {
  const url = new URL(blobEndpoint);
  const segment = url.pathname.split("/").find(Boolean);
  return url.hostname.includes(".blob.") || !segment ? url.hostname.split(".")[0]! : segment;
}

/**
 * What this product made for a build another step started (`wait: false`), found from the
 * template alone: the template is ours when its provenance tags name this repository, and
 * its staged files are those under the prefix the tags give (repository, run, step), at the
 * place its customizers fetch them from. Undefined when the template was made elsewhere.
 */
export function madeForThisRepository(
  template: ImageTemplate,
  resourceGroup: string,
  templateName: string,
  repository: string,
): CleanupState | undefined {
  const tags = template.tags ?? {};
  const step = tags[TAG.step];
  const runId = tags[TAG.runId];
  const runAttempt = tags[TAG.runAttempt];
  if (!step || runId === undefined || runAttempt === undefined) return undefined;
  if (tags[TAG.repository] !== repository.slice(0, 256)) return undefined;
  const state: CleanupState = { resourceGroup, templateName, createdTemplate: true };
  const prefix = stagingPrefixOf(repository, runId, runAttempt, step);
  for (const url of fetchedUrls(template).map((u) => u.split("?")[0]!)) {
    const at = url.indexOf(`/${prefix}`);
    if (at < 0) continue;
    const containerUrl = url.slice(0, at);
    const cut = containerUrl.lastIndexOf("/");
    const blobEndpoint = `${containerUrl.slice(0, cut)}/`;
    state.staging = {
      account: { id: "", name: accountName(blobEndpoint), blobEndpoint },
      container: containerUrl.slice(cut + 1),
      prefix,
    };
    break;
  }
  return state;
}
