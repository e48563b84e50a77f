import type { TokenCredential } from "@azure/core-auth";
import {
  BlobSASPermissions,
  BlobServiceClient,
  generateBlobSASQueryParameters,
  SASProtocol,
  type ContainerClient,
} from "@azure/storage-blob";
import type { HttpClient } from "@azure/core-rest-pipeline";
import { storageClientOptions } from "../azure/arm.js";
import type { StagedArtifact } from "./artifacts.js";
import type { StagingAccount } from "./staging-account.js";

const BLOCK_SIZE = 8 * 1024 * 1024;
const CONCURRENCY = 4;
/**
 * The service version the SAS is signed for. Pinned rather than the SDK's newest, so the SAS
 * is understood by every storage endpoint a pipeline may use (sovereign clouds, Azure Stack
 * Hub and emulators lag behind the public cloud).
 */
const SAS_VERSION = "2025-05-05";
/** Storage refuses a start time in the future; clocks of agents and storage differ a little. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;

const CONTENT_TYPES: Record<string, string> = {
  ".sh": "text/x-shellscript",
  ".ps1": "text/plain",
  ".gz": "application/gzip",
  ".zip": "application/zip",
};

function contentType(blobName: string): string {
  const ext = /\.[^./]+$/.exec(blobName)?.[0]?.toLowerCase() ?? "";
  return CONTENT_TYPES[ext] ?? "application/octet-stream";
}

/** Files this large are hashed while they upload; smaller ones are not worth a second request. */
export const HASH_WHILE_UPLOADING_FROM = 32 * 1024 * 1024;

/**
 * Staged files in the staging account, reached with the pipeline's own Entra ID token: never
 * an account key. Image Builder reads them through a user-delegation SAS or its identity.
 */
export class BlobStaging {
  private readonly service: BlobServiceClient;
  private readonly container: ContainerClient;

  constructor(
    account: StagingAccount,
    credential: TokenCredential,
    containerName: string,
    httpClient: HttpClient,
  ) {
    this.service = new BlobServiceClient(
      account.blobEndpoint,
      credential,
      storageClientOptions(httpClient),
    );
    this.container = this.service.getContainerClient(containerName);
  }

  async upload(
    artifacts: StagedArtifact[],
    abortSignal: AbortSignal,
    onUploaded: (a: StagedArtifact) => void,
  ): Promise<void> {
    await this.container.createIfNotExists({ abortSignal });
    for (const artifact of artifacts) {
      const blob = this.container.getBlockBlobClient(artifact.blobName);
      await blob.uploadFile(artifact.uploadPath, {
        abortSignal,
        blockSize: BLOCK_SIZE,
        concurrency: CONCURRENCY,
        metadata: artifact.hashDeferred ? undefined : { sha256: artifact.sha256 },
        blobHTTPHeaders: { blobContentType: contentType(artifact.blobName) },
      });
      if (artifact.hashDeferred) {
        // Hashed while it uploaded: the checksum joins the blob once both are done.
        artifact.sha256 = await artifact.hashed;
        await blob.setMetadata({ sha256: artifact.sha256 }, { abortSignal });
      }
      onUploaded(artifact);
    }
  }

  /**
   * A read-only SAS for each blob, signed with a user-delegation key that lives no longer
   * than the SAS: Image Builder can read exactly these files until the build must be over.
   */
  async readOnlySasUrls(
    artifacts: StagedArtifact[],
    expiresOn: Date,
    abortSignal: AbortSignal,
  ): Promise<Map<string, string>> {
    const startsOn = new Date(Date.now() - CLOCK_SKEW_MS);
    const key = await this.service.getUserDelegationKey(startsOn, expiresOn, { abortSignal });
    const urls = new Map<string, string>();
    for (const artifact of artifacts) {
      const sas = generateBlobSASQueryParameters(
        {
          containerName: this.container.containerName,
          blobName: artifact.blobName,
          permissions: BlobSASPermissions.parse("r"),
          startsOn,
          expiresOn,
          protocol: SASProtocol.Https,
          version: SAS_VERSION,
        },
        key,
        this.service.accountName,
      ).toString();
      urls.set(artifact.blobUrl, `${artifact.blobUrl}?${sas}`);
    }
    return urls;
  }

  /** Deletes every blob under the run's prefix; returns how many were deleted. */
  async deletePrefix(prefix: string, abortSignal?: AbortSignal): Promise<number> {
    let deleted = 0;
    for await (const blob of this.container.listBlobsFlat({ prefix, abortSignal })) {
      const result = await this.container
        .deleteBlob(blob.name, { deleteSnapshots: "include", abortSignal })
        .catch((error: { statusCode?: number }) => {
          if (error.statusCode === 404) return undefined;
          throw error;
        });
      if (result) deleted++;
    }
    return deleted;
  }
}
