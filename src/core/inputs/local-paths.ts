import { realpathSync, statSync } from "node:fs";
import path from "node:path";
import fg from "fast-glob";
import { InputError, quote } from "../errors.js";

/** A file or directory of the repository that will be uploaded for the build. */
export interface LocalPath {
  absolutePath: string;
  /** Relative to the workspace, with forward slashes: how the user sees it. */
  relativePath: string;
  isDirectory: boolean;
}

const GLOB_CHARS = /[*?[\]{}]/;

export function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/**
 * Resolves a path written by the user against `baseDir` and refuses anything outside the
 * workspace: staged blobs are named after the workspace-relative path, and a pipeline should
 * not ship files from elsewhere on the agent by accident.
 */
export function resolveLocalPath(
  input: string,
  written: string,
  baseDir: string,
  workspace: string,
): LocalPath {
  const absolute = path.resolve(baseDir, written);
  let stats;
  try {
    stats = statSync(absolute);
  } catch {
    throw new InputError(
      input,
      `${quote(written)} does not exist (looked for ${quote(toPosix(path.relative(workspace, absolute)) || ".")} in the workspace). Check the path and that the repository is checked out.`,
    );
  }
  const real = realpathSync(absolute);
  const root = realpathSync(workspace);
  const relative = path.relative(root, real);
  if (relative.startsWith("..") || path.isAbsolute(relative)) {
    throw new InputError(
      input,
      `${quote(written)} is outside the workspace. Use a path inside the repository.`,
    );
  }
  if (!stats.isFile() && !stats.isDirectory()) {
    throw new InputError(input, `${quote(written)} is neither a file nor a directory.`);
  }
  return { absolutePath: real, relativePath: toPosix(relative), isDirectory: stats.isDirectory() };
}

/** Paths and globs, one a line, in the order written; each glob's matches sorted. */
export function resolveScriptLines(input: string, lines: string[], workspace: string): LocalPath[] {
  const out: LocalPath[] = [];
  for (const line of lines) {
    if (!GLOB_CHARS.test(line)) {
      const resolved = resolveLocalPath(input, line, workspace, workspace);
      if (resolved.isDirectory) {
        throw new InputError(
          input,
          `${quote(line)} is a directory. List the scripts in it, or use a glob such as ${quote(`${line.replace(/\/+$/, "")}/*.sh`)}.`,
        );
      }
      out.push(resolved);
      continue;
    }
    const matches = fg
      .sync(line, { cwd: workspace, onlyFiles: true, dot: false, absolute: false })
      .sort((a, b) => a.localeCompare(b, "en"));
    if (matches.length === 0) {
      throw new InputError(input, `the glob ${quote(line)} matches no file in the workspace.`);
    }
    for (const match of matches) out.push(resolveLocalPath(input, match, workspace, workspace));
  }
  return out;
}
