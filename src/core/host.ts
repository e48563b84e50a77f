/**
 * The only way the core talks to the CI system it runs in. Each host (GitHub Actions,
 * Azure Pipelines, the terminal) implements it; the core never imports a CI library.
 */
export type AnnotationLevel = "error" | "warning" | "notice";

export interface Annotation {
  message: string;
  title?: string;
  /** Repository-relative path of the file the annotation points at. */
  file?: string;
  line?: number;
}

/** Facts about the CI run that make names, tags and provenance run-specific. */
export interface RunContext {
  /** "owner/name" on GitHub, "project/repository" on Azure Pipelines. */
  repository: string;
  runId: string;
  runAttempt: string;
  runNumber: string;
  commitSha: string;
  /** A link a person can open to see the run. */
  runUrl: string;
  /**
   * Tells apart two steps of one attempt (matrix legs, several bake steps in a job) and is
   * the same for a step's main and post phases.
   */
  stepKey: string;
  /** Absolute path of the checked-out repository; relative input paths resolve against it. */
  workspace: string;
}

/**
 * How the pipeline signs in to Entra ID. Each host derives it from its own configuration
 * (GitHub inputs and OIDC, an Azure Pipelines service connection); the core turns it into a
 * credential for the cloud in use.
 */
export type Authentication =
  | {
      kind: "federated";
      tenantId: string;
      clientId: string;
      /** Asked again each time Entra ID needs an assertion, since they expire within minutes. */
      getAssertion: (audience: string) => Promise<string>;
    }
  | {
      kind: "azure-pipelines";
      tenantId: string;
      clientId: string;
      serviceConnectionId: string;
      systemAccessToken: string;
    }
  | { kind: "client-secret"; tenantId: string; clientId: string; clientSecret: string }
  | { kind: "client-certificate"; tenantId: string; clientId: string; certificatePem: string }
  | { kind: "managed-identity"; clientId?: string }
  /** The session an earlier `azure/login` (or `az login`) left. */
  | { kind: "azure-cli" }
  /** AZURE_CLIENT_ID, AZURE_TENANT_ID and a secret, certificate or federated token file. */
  | { kind: "environment" };

export interface Host {
  /** Identifies the host in messages: "github", "ado" or "cli". */
  readonly kind: "github" | "ado" | "cli";
  /**
   * The raw value of an input, trimmed, or undefined when it was not given. `name` is the
   * kebab-case name; each host maps it to its own spelling.
   */
  getInput(name: string): string | undefined;
  /** The input's name as the user wrote it in this host (kebab-case or camelCase). */
  inputDisplayName(name: string): string;
  setOutput(name: string, value: string): void;
  /** Registers a value that must never appear in the log. */
  setSecret(value: string): void;
  info(message: string): void;
  debug(message: string): void;
  annotate(level: AnnotationLevel, annotation: Annotation): void;
  group<T>(title: string, body: () => Promise<T>): Promise<T>;
  /** For output that arrives over time (the build log): a group left open until endGroup. */
  startGroup(title: string): void;
  endGroup(): void;
  /** Appends markdown to the run's summary page. */
  appendSummary(markdown: string): Promise<void>;
  /** Shows how far the step has come, where the CI system has a progress display (0–100). */
  progress(percent: number, description: string): void;
  /** Marks the step as failed without writing a second annotation. */
  setFailed(): void;
  runContext(): RunContext;
  /** Throws an error naming the input or setting to fix when sign-in is not configured. */
  authentication(): Authentication;
  /**
   * Values kept from the main phase for a later cleanup phase of the same step (GitHub's
   * post step). Hosts without such a phase keep them in memory.
   */
  saveState(name: string, value: string): void;
  getState(name: string): string | undefined;
  /**
   * How the log names the later phase that runs after a cancelled or killed main step and
   * removes what it left (GitHub's post step, Azure Pipelines' post-job step); undefined where
   * there is none.
   */
  readonly cleanupPhase?: string;
  /** The pull request this run is for (GitHub's pull_request events); absent on other hosts. */
  pullRequest?(): number | undefined;
  /**
   * Posts `body` on the pull request, or replaces the comment that carries `marker`;
   * "forbidden" when the token may not write to pull requests.
   */
  commentOnPullRequest?(
    pullRequest: number,
    marker: string,
    body: string,
  ): Promise<"created" | "updated" | "forbidden">;
  /** Aborted when the CI system asks the step to stop (cancellation, timeout). */
  readonly cancellation: AbortSignal;
}
