import * as core from "@actions/core";
import * as github from "@actions/github";
import type {
  Annotation,
  AnnotationLevel,
  Authentication,
  Host,
  RunContext,
} from "../core/host.js";
import { InputError, ref } from "../core/errors.js";
import { inputSpec } from "../core/inputs/catalog.js";
import { listenForCancellation } from "../core/cancellation.js";
import { authenticationFromEnvironment } from "../core/auth-from-environment.js";

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

  startGroup(title: string): void {
    core.startGroup(title);
  }

  endGroup(): void {
    core.endGroup();
  }

  async appendSummary(markdown: string): Promise<void> {
    // Outside a runner (local act runs, tests) there is no summary file to write to.
    if (!process.env.GITHUB_STEP_SUMMARY) return;
    await core.summary.addRaw(markdown, true).write();
  }

  progress(): void {
    // GitHub has no progress display; the log lines say where the build is.
  }

  setFailed(): void {
    // The error annotation is already written; core.setFailed would write it a second time.
    process.exitCode = 1;
  }

  /**
   * client-id and tenant-id sign in with GitHub OIDC; otherwise the environment's service
   * principal or workload identity; otherwise the az session an azure/login step left.
   */
  authentication(): Authentication {
    const clientId = this.getInput("client-id");
    const tenantId = this.getInput("tenant-id");
    if (clientId || tenantId) {
      if (!clientId)
        throw new InputError(
          "client-id",
          `is required with ${ref("tenant-id")}. Give the client ID of the app or managed identity that trusts this repository.`,
        );
      if (!tenantId)
        throw new InputError(
          "tenant-id",
          `is required with ${ref("client-id")}. Give the ID of the Entra tenant.`,
        );
      if (
        !process.env.ACTIONS_ID_TOKEN_REQUEST_URL ||
        !process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN
      ) {
        throw new InputError(
          "client-id",
          "signing in with GitHub OIDC needs an ID token, and this job may not request one. Add `permissions: id-token: write` (with `contents: read`) to the job or workflow.",
        );
      }
      return {
        kind: "federated",
        clientId,
        tenantId,
        getAssertion: (audience) => core.getIDToken(audience),
      };
    }
    return authenticationFromEnvironment();
  }

  readonly cleanupPhase = "the post step";

  saveState(name: string, value: string): void {
    core.saveState(name, value);
  }

  getState(name: string): string | undefined {
    return core.getState(name) || undefined;
  }

  pullRequest(): number | undefined {
    const { eventName, payload } = github.context;
    if (eventName !== "pull_request" && eventName !== "pull_request_target") return undefined;
    const number: unknown = payload.pull_request?.number ?? payload.number;
    return typeof number === "number" ? number : undefined;
  }

  async commentOnPullRequest(
    pullRequest: number,
    marker: string,
    body: string,
  ): Promise<"created" | "updated" | "forbidden"> {
    const token = this.getInput("github-token");
    if (!token)
      throw new InputError(
        "github-token",
        "is empty, and a pull request comment needs a token. Leave it out (the job's token is used) or give one that may write to pull requests.",
      );
    core.setSecret(token);
    // GITHUB_API_URL points it at GitHub Enterprise Server where the workflow runs there.
    const octokit = github.getOctokit(token);
    const where = { ...github.context.repo, issue_number: pullRequest };
    try {
      const comments = await octokit.paginate(octokit.rest.issues.listComments, {
        ...where,
        per_page: 100,
      });
      const ours = comments.find((c) => c.body?.includes(marker));
      if (ours) {
        await octokit.rest.issues.updateComment({
          ...github.context.repo,
          comment_id: ours.id,
          body,
        });
        return "updated";
      }
      await octokit.rest.issues.createComment({ ...where, body });
      return "created";
    } catch (error) {
      const status = (error as { status?: number }).status;
      if (status === 403) return "forbidden";
      if (status === 401)
        throw new InputError(
          "github-token",
          `was refused by GitHub's API at ${process.env.GITHUB_API_URL ?? "https://api.github.com"} (Bad credentials). Leave it out to use the job's token, or give a token that is valid there.`,
        );
      throw error;
    }
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
