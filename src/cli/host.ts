import { execFileSync } from "node:child_process";
import path from "node:path";
import type {
  Annotation,
  AnnotationLevel,
  Authentication,
  Host,
  RunContext,
} from "../core/host.js";
import { inputSpec } from "../core/inputs/catalog.js";
import { listenForCancellation } from "../core/cancellation.js";
import { authenticationFromEnvironment } from "../core/auth-from-environment.js";

/**
 * The terminal host behind `bake-azure-image`: inputs from command-line flags, results on
 * stdout, everything a person reads on stderr.
 */
export class CliHost implements Host {
  readonly kind = "cli" as const;
  readonly cancellation = listenForCancellation();
  readonly outputs = new Map<string, string>();
  private readonly secrets = new Set<string>();
  /** Groups are collapsed details in CI logs; a terminal shows only their titles. */
  private collapsed = 0;
  failed = false;

  constructor(
    private readonly inputs: Record<string, string>,
    private readonly workspace = process.cwd(),
  ) {}

  getInput(name: string): string | undefined {
    inputSpec(name);
    const value = this.inputs[name]?.trim();
    return value === "" ? undefined : value;
  }

  inputDisplayName(name: string): string {
    return `--${name}`;
  }

  setOutput(name: string, value: string): void {
    this.outputs.set(name, value);
  }

  setSecret(value: string): void {
    if (value) this.secrets.add(value);
  }

  private mask(text: string): string {
    let out = text;
    for (const s of this.secrets) out = out.split(s).join("***");
    return out;
  }

  info(message: string): void {
    if (this.collapsed && !process.env.BAKE_DEBUG) return;
    process.stderr.write(`${this.mask(message)}\n`);
  }

  debug(message: string): void {
    if (process.env.BAKE_DEBUG) process.stderr.write(`debug: ${this.mask(message)}\n`);
  }

  annotate(level: AnnotationLevel, a: Annotation): void {
    const where = a.file ? `${a.file}${a.line ? `:${a.line}` : ""}: ` : "";
    process.stderr.write(
      `${level}: ${where}${a.title ? `${a.title}: ` : ""}${this.mask(a.message)}\n`,
    );
  }

  async group<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.startGroup(title);
    try {
      return await body();
    } finally {
      this.endGroup();
    }
  }

  startGroup(title: string): void {
    process.stderr.write(`${title}\n`);
    this.collapsed++;
  }

  endGroup(): void {
    this.collapsed = Math.max(0, this.collapsed - 1);
  }

  appendSummary(): Promise<void> {
    return Promise.resolve();
  }

  progress(): void {}

  setFailed(): void {
    this.failed = true;
    process.exitCode = 1;
  }

  /** A terminal signs in the way a developer does: with `az login`, or AZURE_* variables. */
  authentication(): Authentication {
    return authenticationFromEnvironment();
  }

  private readonly state = new Map<string, string>();

  saveState(name: string, value: string): void {
    this.state.set(name, value);
  }

  getState(name: string): string | undefined {
    return this.state.get(name);
  }

  runContext(): RunContext {
    const git = (...args: string[]) => {
      try {
        return execFileSync("git", args, {
          cwd: this.workspace,
          stdio: ["ignore", "pipe", "ignore"],
        })
          .toString()
          .trim();
      } catch {
        return "";
      }
    };
    const env = process.env;
    return {
      repository: env.BAKE_REPOSITORY || `local/${path.basename(this.workspace)}`,
      runId: env.BAKE_RUN_ID || "local",
      runAttempt: env.BAKE_RUN_ATTEMPT || "1",
      runNumber: env.BAKE_RUN_NUMBER || "0",
      commitSha: env.BAKE_COMMIT_SHA || git("rev-parse", "HEAD") || "unknown",
      runUrl: env.BAKE_RUN_URL || "local",
      stepKey: "cli",
      workspace: this.workspace,
    };
  }
}
