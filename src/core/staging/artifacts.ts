import { createHash, randomBytes } from "node:crypto";
import { createReadStream, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { LocalPath } from "../inputs/local-paths.js";
import type { OsType } from "../inputs/read-inputs.js";
import { writeTarGz, writeZip } from "./archive.js";

/** One local file, or the archive of one directory, as it will be uploaded. */
export interface StagedArtifact {
  source: LocalPath;
  /** The file whose bytes are uploaded: the source file itself or the archive made of it. */
  uploadPath: string;
  blobName: string;
  blobUrl: string;
  /**
   * The checksum; for a large file hashed while it uploads, a unique stand-in until `hashed`
   * settles (the rendered template is completed with the real value before it is submitted).
   */
  sha256: string;
  /** Settles with the checksum, at once when it was taken before the upload. */
  hashed: Promise<string>;
  /** True when the checksum is being taken alongside the upload rather than before it. */
  hashDeferred: boolean;
  size: number;
  archive?: "tar.gz" | "zip";
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash("sha256");
  // Large reads: hashing is then bound by the digest, not by a callback per 64 KiB.
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 }))
    hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export interface StagingLocation {
  /** e.g. https://account.blob.core.windows.net/ (with trailing slash). */
  blobEndpoint: string;
  container: string;
  prefix: string;
}

export function blobUrl(location: StagingLocation, blobName: string): string {
  const encoded = blobName.split("/").map(encodeURIComponent).join("/");
  return `${location.blobEndpoint.replace(/\/*$/, "/")}${location.container}/${encoded}`;
}

/**
 * Prepares local paths for upload: files as they are, directories archived for the target
 * OS into a scratch directory. Checksums are taken from the bytes that will be uploaded.
 */
export class ArtifactPreparer {
  private scratch: string | undefined;
  private readonly byKey = new Map<string, Promise<StagedArtifact>>();

  /**
   * @param deferHashesFrom files of at least this many bytes are hashed while they upload
   * (one read of the disk's time instead of two); undefined hashes every file first.
   */
  constructor(
    private readonly location: StagingLocation,
    private readonly osType: OsType | undefined,
    private readonly deferHashesFrom?: number,
  ) {}

  prepare(source: LocalPath): Promise<StagedArtifact> {
    const key = source.absolutePath;
    let pending = this.byKey.get(key);
    if (!pending) {
      pending = this.build(source);
      this.byKey.set(key, pending);
    }
    return pending;
  }

  async all(): Promise<StagedArtifact[]> {
    return Promise.all(this.byKey.values());
  }

  /** Removes the archives made; the uploaded copies are what stays. */
  dispose(): void {
    if (this.scratch) rmSync(this.scratch, { recursive: true, force: true });
    this.scratch = undefined;
  }

  private async build(source: LocalPath): Promise<StagedArtifact> {
    const relative = source.relativePath || path.basename(source.absolutePath);
    if (!source.isDirectory) {
      const blobName = `${this.location.prefix}${relative}`;
      const size = statSync(source.absolutePath).size;
      const defer = this.deferHashesFrom !== undefined && size >= this.deferHashesFrom;
      const hashed = sha256OfFile(source.absolutePath);
      if (defer) hashed.catch(() => undefined);
      return {
        source,
        uploadPath: source.absolutePath,
        blobName,
        blobUrl: blobUrl(this.location, blobName),
        sha256: defer ? randomBytes(32).toString("hex") : await hashed,
        hashed,
        hashDeferred: defer,
        size,
      };
    }
    const archive = this.osType === "windows" ? "zip" : "tar.gz";
    this.scratch ??= mkdtempSync(path.join(tmpdir(), "bake-azure-image-"));
    const uploadPath = path.join(
      this.scratch,
      `${this.byKey.size}-${path.basename(source.absolutePath)}.${archive}`,
    );
    if (archive === "zip") await writeZip(source.absolutePath, uploadPath);
    else await writeTarGz(source.absolutePath, uploadPath);
    const blobName = `${this.location.prefix}${relative}.${archive}`;
    const sha256 = await sha256OfFile(uploadPath);
    return {
      source,
      uploadPath,
      blobName,
      blobUrl: blobUrl(this.location, blobName),
      sha256,
      hashed: Promise.resolve(sha256),
      hashDeferred: false,
      size: statSync(uploadPath).size,
      archive,
    };
  }
}
