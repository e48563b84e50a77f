import * as core from "@actions/core";
import * as github from "@actions/github";
import type { Annotation, AnnotationLevel, Host, RunContext } from "../core/host.js";
import { inputSpec } from "../core/inputs/catalog.js";
import { listenForCancellation } from "../core/cancellation.js";

/** The GitHub Actions host: inputs from INPUT_*, workflow commands for everything else. */
export class GitHubHost implements Host {
  readonly kind = "github" as const;
  readonly cancellation = listenForCancellation();

  getInput(name: string): string | undefined {
    inputSpec(name);
    const value = core.getInput(name);
    return value === "" ? undefined : value;
  }

  inputDisplayName(name: string): string {
    return name;
  }

  setOutput(name: string, value: string): void {
    core.setOutput(name, value);
  }

  setSecret(value: string): void {
    core.setSecret(value);
  }

  info(message: string): void {
    core.info(message);
  }

  debug(message: string): void {
    core.debug(message);
  }

  annotate(level: AnnotationLevel, a: Annotation): void {
    const properties: core.AnnotationProperties = {
      title: a.title,
      file: a.file,
      startLine: a.line,
    };
    if (level === "error") core.error(a.message, properties);
    else if (level === "warning") core.warning(a.message, properties);
    else core.notice(a.message, properties);
  }

  group<T>(title: string, body: () => Promise<T>): Promise<T> {
    return core.group(title, body);
  }

  async appendSummary(markdown: string): Promise<void> {
    // Outside a runner (local act runs, tests) there is no summary file to write to.
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(markdown, true).write();
  }

  setFailed(): void {
    process.exitCode = core.ExitCode.Failure;
  }

  private context: RunContext | undefined;

  runContext(): RunContext {
    return (this.context ??= this.readRunContext());
  }

  private readRunContext(): RunContext {
    const ctx = github.context;
    const repository = process.env.GITHUB_REPOSITORY ?? `${ctx.repo.owner}/${ctx.repo.repo}`;
    const attempt = String(ctx.runAttempt || 1);
    return {
      repository,
      runId: String(ctx.runId),
      runAttempt: attempt,
      runNumber: String(ctx.runNumber),
      commitSha: ctx.sha,
      runUrl: `${ctx.serverUrl}/${repository}/actions/runs/${ctx.runId}/attempts/${attempt}`,
      stepKey: `${ctx.job}/${process.env.GITHUB_ACTION ?? ""}`,
      workspace: process.env.GITHUB_WORKSPACE ?? process.cwd(),
    };
  }
}
