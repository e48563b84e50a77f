/**
 * One upload in a fresh process, so its peak RSS is its own: the product's staging (checksum,
 * archive for a directory, BlobStaging.upload) or a bare `uploadFile` of the same bytes (each
 * file of a directory in turn). Input: BENCH_STAGING (JSON); output: one JSON line. The local
 * CA comes from NODE_EXTRA_CA_CERTS.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { BlobServiceClient } from "@azure/storage-blob";
import { RetryingHttpClient } from "../../src/core/azure/transport.js";
import { ArtifactPreparer } from "../../src/core/staging/artifacts.js";
import { BlobStaging } from "../../src/core/staging/blob-staging.js";
import { credentialFor, type LocalAzureAccess } from "./local.js";
import { peakRssMb } from "./rss.js";

export interface StagingChildInput {
  access: LocalAzureAccess;
  account: { id: string; name: string; blobEndpoint: string };
  container: string;
  mode: "product" | "bare";
  source: string;
  isDirectory: boolean;
  prefix: string;
}

export interface StagingChildResult {
  ms: number;
  /** Of `ms`, the product's checksum (and archive) before the upload. */
  prepareMs: number;
  /** Bytes uploaded (the archive's, for the product's directory). */
  bytes: number;
  blobs: number;
  baselineRssMb: number;
  maxRssMb: number;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.BENCH_STAGING ?? "") as StagingChildInput;
  const credential = credentialFor(input.access);
  const baselineRssMb = peakRssMb();
  let bytes = 0;
  let blobs = 0;
  let prepareMs = 0;
  const started = performance.now();
  if (input.mode === "product") {
    const preparer = new ArtifactPreparer(
      {
        blobEndpoint: input.account.blobEndpoint,
        container: input.container,
        prefix: input.prefix,
      },
      "linux",
      // As the real run does by default (if-unchanged: skip): every file is hashed before the
      // upload, since the fingerprint decides whether there is anything to upload. With
      // if-unchanged: build, large files are hashed while they upload instead.
      undefined,
    );
    try {
      void preparer.prepare({
        absolutePath: input.source,
        relativePath: path.basename(input.source),
        isDirectory: input.isDirectory,
      });
      const artifacts = await preparer.all();
      prepareMs = performance.now() - started;
      // The product's transport, as sign-in builds it (its retries report nowhere here).
      const transport = new RetryingHttpClient(() => undefined);
      await new BlobStaging(input.account, credential, input.container, transport).upload(
        artifacts,
        new AbortController().signal,
        (a) => {
          bytes += a.size;
          blobs++;
        },
      );
    } finally {
      preparer.dispose();
    }
  } else {
    const container = new BlobServiceClient(
      input.account.blobEndpoint,
      credential,
    ).getContainerClient(input.container);
    const files = input.isDirectory ? filesUnder(input.source) : [input.source];
    for (const file of files) {
      const name = `${input.prefix}${path.relative(path.dirname(input.source), file)}`;
      const response = await container.getBlockBlobClient(name).uploadFile(file);
      if (!response.etag) throw new Error(`no etag for ${name}`);
      blobs++;
    }
    bytes = -1;
  }
  const result: StagingChildResult = {
    ms: performance.now() - started,
    prepareMs,
    bytes,
    blobs,
    baselineRssMb,
    maxRssMb: peakRssMb(),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
