import type { TokenCredential } from "@azure/core-auth";
import { BlobServiceClient, type BlobClient, type ContainerClient } from "@azure/storage-blob";
import { storageClientOptions, type ResourceManager } from "../azure/arm.js";

const STORAGE_API_VERSION = "2023-05-01";
const LOG_CONTAINER = "packerlogs";
const LOG_NAME = /\/customization\.log$/;
const ACCOUNT_LOOKUP_INTERVAL_MS = 60_000;

interface StorageAccountList {
  value?: Array<{
    id?: string;
    name?: string;
    properties?: { primaryEndpoints?: { blob?: string } };
  }>;
}

export type TailProblem =
  { kind: "forbidden"; scope: string } | { kind: "transient"; message: string };

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number })?.statusCode;
}

/**
 * Follows Image Builder's customization.log while the build runs: found through the staging
 * resource group (Resource Manager, then its storage account), read with the pipeline's own
 * token, and only the bytes added since the last read.
 */
export class BuildLogTail {
  private blob: BlobClient | undefined;
  private readonly containers: ContainerClient[] = [];
  private lastAccountLookup = -Infinity;
  private inflight: Promise<void> | undefined;
  private offset = 0;
  private readonly decoder = new TextDecoder("utf-8");
  private stopped = false;
  /** Bytes downloaded so far, to compare with the log's size. */
  bytesRead = 0;
  /** Where the log is, once found; named in messages without any query string. */
  url: string | undefined;

  constructor(
    private readonly arm: ResourceManager,
    private readonly credential: TokenCredential,
    private readonly onText: (text: string) => void,
    private readonly onProblem: (problem: TailProblem) => void,
  ) {}

  /** Reads what was appended since the last call. Never throws: the build matters more than its log. */
  poll(
    stagingResourceGroupId: string | undefined,
    signal: AbortSignal,
    final = false,
  ): Promise<void> {
    // One read at a time: two reads from the same offset would show the same lines twice.
    const previous = this.inflight ?? Promise.resolve();
    const next = previous.then(() => this.pollOnce(stagingResourceGroupId, signal, final));
    this.inflight = next;
    return next;
  }

  private async pollOnce(
    stagingResourceGroupId: string | undefined,
    signal: AbortSignal,
    final: boolean,
  ): Promise<void> {
    if (this.stopped || !stagingResourceGroupId) return;
    try {
      this.blob ??= await this.locate(stagingResourceGroupId, signal, final);
      if (!this.blob) return;
      const text = await this.readNew(this.blob, signal);
      if (text) this.onText(text);
    } catch (error) {
      if (signal.aborted) return;
      const status = statusOf(error);
      if (status === 403) {
        this.stopped = true;
        this.onProblem({ kind: "forbidden", scope: stagingResourceGroupId });
      } else {
        this.onProblem({ kind: "transient", message: (error as Error).message });
      }
    }
  }

  /** The last bytes, and any line still waiting for its newline. */
  async drain(stagingResourceGroupId: string | undefined, signal: AbortSignal): Promise<void> {
    await this.poll(stagingResourceGroupId, signal, true);
    const rest = this.decoder.decode();
    if (rest) this.onText(rest);
  }

  private async locate(
    stagingResourceGroupId: string,
    signal: AbortSignal,
    final: boolean,
  ): Promise<BlobClient | undefined> {
    const containers = await this.logContainers(stagingResourceGroupId, signal, final);
    for (const container of containers) {
      let newest: { name: string; modified: number } | undefined;
      try {
        for await (const b of container.listBlobsFlat({ abortSignal: signal })) {
          const modified = b.properties.lastModified?.getTime() ?? 0;
          if (LOG_NAME.test(b.name) && (!newest || modified >= newest.modified))
            newest = { name: b.name, modified };
        }
      } catch (error) {
        if (statusOf(error) === 404) continue; // the build has not written its log yet
        throw error;
      }
      if (newest) {
        const blob = container.getBlobClient(newest.name);
        this.url = blob.url;
        return blob;
      }
    }
    return undefined;
  }

  /**
   * The staging account's log container, found through Resource Manager once; until Image
   * Builder has made the account, asked again at most once a minute, since Resource Manager's
   * request budget is shared by the whole subscription.
   */
  private async logContainers(
    stagingResourceGroupId: string,
    signal: AbortSignal,
    final: boolean,
  ): Promise<ContainerClient[]> {
    if (this.containers.length) return this.containers;
    if (!final && Date.now() - this.lastAccountLookup < ACCOUNT_LOOKUP_INTERVAL_MS) return [];
    this.lastAccountLookup = Date.now();
    const accounts = await this.arm.get<StorageAccountList>(
      `${stagingResourceGroupId}/providers/Microsoft.Storage/storageAccounts`,
      STORAGE_API_VERSION,
      signal,
    );
    for (const account of accounts.value ?? []) {
      const endpoint = account.properties?.primaryEndpoints?.blob;
      if (!endpoint) continue;
      this.containers.push(
        new BlobServiceClient(
          endpoint,
          this.credential,
          storageClientOptions(this.arm.httpClient),
        ).getContainerClient(LOG_CONTAINER),
      );
    }
    return this.containers;
  }

  private async readNew(blob: BlobClient, signal: AbortSignal): Promise<string> {
    let response;
    try {
      response = await blob.download(this.offset, undefined, { abortSignal: signal });
    } catch (error) {
      // Azure answers a read at the end of the blob with 416; an emulator may answer 206 empty.
      if (statusOf(error) === 416) return "";
      throw error;
    }
    let text = "";
    for await (const chunk of response.readableStreamBody ?? []) {
      const bytes = chunk as Buffer;
      this.offset += bytes.length;
      this.bytesRead += bytes.length;
      text += this.decoder.decode(bytes, { stream: true });
    }
    return text;
  }
}
