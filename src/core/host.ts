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
  /** Appends markdown to the run's summary page. */
  appendSummary(markdown: string): Promise<void>;
  /** Marks the step as failed without writing a second annotation. */
  setFailed(): void;
  runContext(): RunContext;
  /** Aborted when the CI system asks the step to stop (cancellation, timeout). */
  readonly cancellation: AbortSignal;
}
