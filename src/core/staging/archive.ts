import { createWriteStream, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { create as createTar } from "tar";
import yazl from "yazl";

/** Fixed timestamps make an archive's bytes, and so its checksum, depend only on content. */
const EPOCH = new Date("2000-01-01T00:00:00Z");

/** Every file below `dir`, relative, sorted, so the archive's order does not depend on the disk. */
function listFiles(dir: string, prefix = ""): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(path.join(dir, prefix), { withFileTypes: true }).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...listFiles(dir, rel));
    else if (entry.isFile() || entry.isSymbolicLink()) out.push(rel);
  }
  return out;
}

/** A gzipped tarball for Linux, where `tar` is always present on the build VM. */
export async function writeTarGz(dir: string, outFile: string): Promise<void> {
  const files = listFiles(dir);
  await pipeline(
    createTar(
      { cwd: dir, gzip: true, portable: true, mtime: EPOCH, follow: true, noDirRecurse: true },
      files,
    ),
    createWriteStream(outFile),
  );
}

/** A zip for Windows, where Expand-Archive reads it without extra tools. */
export async function writeZip(dir: string, outFile: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const rel of listFiles(dir)) {
    const mode = statSync(path.join(dir, rel)).mode & 0o111 ? 0o100755 : 0o100644;
    zip.addFile(path.join(dir, rel), rel, { mtime: EPOCH, mode });
  }
  zip.end();
  await pipeline(zip.outputStream, createWriteStream(outFile));
}
