import { ArmError, armErrorOf, type ResourceManager } from "./arm.js";
import { retryAfterMs } from "./transport.js";
import { sleep } from "../run/waiting.js";
import type { GalleryVersionFacts } from "../lifecycle/keep-versions.js";

const COMPUTE_GALLERY_API = "2024-03-03";
/** Between polls of a delete when Compute does not say how long to wait. */
const DEFAULT_POLL_MS = 5_000;
const MAX_POLL_MS = 60_000;
/** A delete still running after this long is left to finish on its own. */
const DELETE_PATIENCE_MS = 15 * 60_000;

interface VersionResource {
  id: string;
  name: string;
  tags?: Record<string, string>;
  properties?: {
    provisioningState?: string;
    publishingProfile?: { excludeFromLatest?: boolean; publishedDate?: string };
  };
}

/** Every version of a gallery image definition, across pages. */
export async function listGalleryVersions(
  arm: ResourceManager,
  definitionId: string,
  signal: AbortSignal,
): Promise<GalleryVersionFacts[]> {
  const versions: GalleryVersionFacts[] = [];
  let url: string | undefined =
    `${arm.cloud.resourceManagerEndpoint}${definitionId}/versions?api-version=${COMPUTE_GALLERY_API}`;
  while (url) {
    const answer = await arm.send("GET", url, signal);
    if (answer.status >= 400) throw armErrorOf(answer, `${definitionId}/versions`);
    const page = answer.body as { value?: VersionResource[]; nextLink?: string };
    for (const v of page.value ?? []) {
      versions.push({
        id: v.id,
        name: v.name,
        tags: v.tags ?? {},
        excludeFromLatest: v.properties?.publishingProfile?.excludeFromLatest === true,
        publishedDate: v.properties?.publishingProfile?.publishedDate,
        provisioningState: v.properties?.provisioningState,
      });
    }
    url = page.nextLink || undefined;
  }
  return versions;
}

/**
 * Deletes one gallery image version and waits until Compute says it is gone (a long-running
 * operation: 202, then its Azure-AsyncOperation polled). Throws the ArmError Compute answered.
 */
export async function deleteGalleryVersion(
  arm: ResourceManager,
  versionId: string,
  signal: AbortSignal,
): Promise<void> {
  const url = `${arm.cloud.resourceManagerEndpoint}${versionId}?api-version=${COMPUTE_GALLERY_API}`;
  const answer = await arm.send("DELETE", url, signal);
  if (answer.status >= 400) throw armErrorOf(answer, versionId);
  if (answer.status !== 202 && answer.status !== 201) return;
  const operation = answer.headers.get("azure-asyncoperation");
  const deadline = Date.now() + DELETE_PATIENCE_MS;
  let wait = retryAfterMs(answer.headers);
  for (;;) {
    await sleep(Math.min(wait ?? DEFAULT_POLL_MS, MAX_POLL_MS), signal);
    if (!operation) {
      // Without a status URL the version itself says when it is gone.
      const seen = await arm.send("GET", url, signal);
      if (seen.status === 404) return;
      if (seen.status >= 400) throw armErrorOf(seen, versionId);
      wait = retryAfterMs(seen.headers);
    } else {
      const poll = await arm.send("GET", operation, signal);
      if (poll.status >= 400) throw armErrorOf(poll, versionId);
      const body = poll.body as { status?: string; error?: { code?: string; message?: string } };
      if (body.status === "Succeeded") return;
      if (body.status === "Failed" || body.status === "Canceled") {
        throw new ArmError(
          409,
          body.error?.code ?? body.status,
          body.error?.message ?? `The delete ended ${body.status}.`,
          versionId,
        );
      }
      wait = retryAfterMs(poll.headers);
    }
    if (Date.now() > deadline) {
      throw new ArmError(
        408,
        "DeleteStillRunning",
        `Compute was still deleting it after ${DELETE_PATIENCE_MS / 60_000} minutes; it may yet finish.`,
        versionId,
      );
    }
  }
}
