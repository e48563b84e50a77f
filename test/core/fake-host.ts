import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type {
  Annotation,
  AnnotationLevel,
  Authentication,
  Host,
  RunContext,
} from "../../src/core/host.js";
import { inputSpec } from "../../src/core/inputs/catalog.js";

/** An in-memory host: what the core would show a user, captured for assertions. */
export class FakeHost implements Host {
  readonly kind = "cli" as const;
  readonly cancellation = new AbortController().signal;
  readonly outputs = new Map<string, string>();
  readonly annotations: Array<{ level: AnnotationLevel } & Annotation> = [];
  readonly log: string[] = [];
  readonly summaries: string[] = [];
  failed = false;
  context: RunContext;

  constructor(
    private readonly inputs: Record<string, string>,
    context: Partial<RunContext> = {},
  ) {
    this.context = {
      repository: "contoso/golden-images",
      runId: "1234567890",
      runAttempt: "1",
      runNumber: "42",
      commitSha: "0123456789abcdef0123456789abcdef01234567",
      runUrl: "https://github.com/contoso/golden-images/actions/runs/1234567890/attempts/1",
      stepKey: "build/bake",
      workspace: context.workspace ?? mkdtempSync(path.join(tmpdir(), "bake-ws-")),
      ...context,
    };
  }

  getInput(name: string): string | undefined {
    inputSpec(name);
    const v = this.inputs[name]?.trim();
    return v ? v : undefined;
  }
  inputDisplayName(name: string): string {
    return name;
  }
  setOutput(name: string, value: string): void {
    this.outputs.set(name, value);
  }
  setSecret(): void {}
  info(message: string): void {
    this.log.push(message);
  }
  debug(): void {}
  annotate(level: AnnotationLevel, a: Annotation): void {
    this.annotations.push({ level, ...a });
  }
  startGroup(title: string): void {
    this.log.push(`[group] ${title}`);
  }
  endGroup(): void {
    this.log.push("[endgroup]");
  }
  group<T>(title: string, body: () => Promise<T>): Promise<T> {
    this.log.push(`[group] ${title}`);
    return body();
  }
  appendSummary(markdown: string): Promise<void> {
    this.summaries.push(markdown);
    return Promise.resolve();
  }
  readonly progressLog: Array<[number, string]> = [];
  progress(percent: number, description: string): void {
    this.progressLog.push([percent, description]);
  }
  setFailed(): void {
    this.failed = true;
  }
  runContext(): RunContext {
    return this.context;
  }
  authentication: () => Authentication = () => ({ kind: "azure-cli" });
  readonly state = new Map<string, string>();
  saveState(name: string, value: string): void {
    this.state.set(name, value);
  }
  getState(name: string): string | undefined {
    return this.state.get(name);
  }
  errors(): string[] {
    return this.annotations.filter((a) => a.level === "error").map((a) => a.message);
  }
}
