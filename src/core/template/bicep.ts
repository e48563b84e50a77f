import { spawnSync } from "node:child_process";
import { accessSync, constants } from "node:fs";
import path from "node:path";
import { InputError, quote } from "../errors.js";

/** Finds an executable on PATH the way a shell would (PATHEXT on Windows). */
function onPath(name: string): string | undefined {
  const extensions =
    process.platform === "win32" ? (process.env.PATHEXT ?? ".EXE;.CMD").split(";") : [""];
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (!dir) continue;
    for (const ext of extensions) {
      const candidate = path.join(dir, name + ext);
      try {
        accessSync(candidate, constants.X_OK);
        return candidate;
      } catch {
        // not here
      }
    }
  }
  return undefined;
}

/**
 * Compiles a .bicep file to its ARM JSON with the Bicep CLI on the PATH: `bicep`, else the
 * Azure CLI's `az bicep`. Nothing is downloaded: a runner without either is told what to install.
 */
export function compileBicep(absolutePath: string, shownPath: string): string {
  const bicep = onPath("bicep");
  const az = bicep ? undefined : onPath("az");
  if (!bicep && !az) {
    throw new InputError(
      "template-file",
      `${quote(shownPath)} is a Bicep file, and compiling it needs the Bicep CLI on the PATH, which this runner lacks. Install it before this step (\`az bicep install\` with the Azure CLI, or the bicep binary: https://aka.ms/bicep-install), or commit the compiled template (\`bicep build ${path.basename(shownPath)}\`) and name the .json file.`,
    );
  }
  const [command, args] = bicep
    ? [bicep, ["build", "--stdout", absolutePath]]
    : [az!, ["bicep", "build", "--stdout", "--file", absolutePath]];
  const result = spawnSync(command, args, {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    timeout: 5 * 60_000,
    shell: process.platform === "win32" && /\.cmd$/i.test(command),
  });
  if (result.error || result.status !== 0) {
    const said = (result.stderr || result.error?.message || "")
      .split(/\r?\n/)
      .filter((l) => /error|BCP\d+/i.test(l))
      .slice(0, 3)
      .join(" ");
    throw new InputError(
      "template-file",
      `${quote(shownPath)} did not compile (${bicep ? "bicep build" : "az bicep build"} exited ${result.status ?? "without a status"})${said ? `: ${said}` : ""}. Fix the Bicep file.`,
    );
  }
  return result.stdout;
}
