import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

export const UPSTREAM_REPOSITORY = "Azure/azure-rest-api-specs";

export interface SpecFileSource {
  /** Path inside the spec folder, e.g. "imagebuilder.json" or "examples/GetImageTemplate.json". */
  file: string;
  /** Path in the upstream repository, or null when the folder's README does not say. */
  upstreamPath: string | null;
  /** Upstream commit of the version in the folder, or null when the folder's README does not say. */
  commit: string | null;
  sha256: string;
}

/**
 * Where each spec file came from: as the spec folder's README table records it
 * (`| \`saved as\` | \`upstream path\` | \`commit\` | bytes |`), or else as `known` (the committed
 * record) says for the very same bytes, so generated files name exactly what they were derived
 * from.
 */
export function specSources(
  directory: string,
  files: string[],
  known: SpecFileSource[] = [],
): SpecFileSource[] {
  const readme = path.join(directory, "README.md");
  const rows = new Map<string, { upstreamPath: string; commit: string }>();
  if (existsSync(readme)) {
    for (const line of readFileSync(readme, "utf8").split("\n")) {
      const m = /^\|\s*`([^`]+)`\s*\|\s*`([^`]+)`\s*\|\s*`([0-9a-f]{40})`\s*\|/.exec(line);
      if (m) rows.set(m[1]!, { upstreamPath: m[2]!, commit: m[3]! });
    }
  }
  return [...files].sort().map((file) => {
    const sha256 = createHash("sha256")
      .update(readFileSync(path.join(directory, file)))
      .digest("hex");
    const same = known.find((k) => k.file === file && k.sha256 === sha256);
    const row = rows.get(file) ?? same;
    return {
      file,
      upstreamPath: row?.upstreamPath ?? null,
      commit: row?.commit ?? null,
      sha256,
    };
  });
}

/** "Azure/azure-rest-api-specs specification/…/imagebuilder.json@091bea4…" for headers. */
export function describeSource(source: SpecFileSource): string {
  const where = source.upstreamPath ?? source.file;
  return `${UPSTREAM_REPOSITORY} ${where}@${source.commit ?? "unknown-commit"}`;
}
