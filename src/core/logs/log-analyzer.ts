import { createReadStream } from "node:fs";
import { causeOf, type Cause } from "./line-causes.js";
import { FailureExcerpt } from "./failure-excerpt.js";
import { parseLogLine, type LineSource, type LogLine } from "./log-line.js";
import { deprovisioningStep, stepFor, type KnownCustomizer, type StepRef } from "./steps.js";
import {
  beginEntry,
  finishEntry,
  MAX_TIMELINE_ENTRIES,
  refreshEntry,
  type TimelineEntry,
} from "./timeline.js";

export type { KnownCustomizer, StepRef } from "./steps.js";
export type { TimelineEntry, StepStatus } from "./timeline.js";

export type LogEvent =
  /** A customizer (or the deprovisioning step) begins. */
  | { kind: "step-start"; step: StepRef }
  | { kind: "step-end"; step: StepRef; status: "succeeded" | "failed" }
  /**
   * A line of the log, without the `[opid]`, `PACKER OUT`/`ERR` and `azure-arm:` prefixes.
   * `noise` marks Packer's internal log, which a person wants only at a verbose log level.
   */
  | { kind: "line"; text: string; noise: boolean; source: LineSource; step?: StepRef };

/** The part of the build a failure happened in. */
export type BuildPhase =
  /** Image Builder fetching customizer files, before Packer runs. */
  | "preparation"
  /** Packer deploying and connecting to the build VM. */
  | "deployment"
  | "customization"
  | "deprovisioning"
  /** Powering off, generalizing and capturing the VM. */
  | "capture"
  /** Image Builder publishing the image after Packer's build. */
  | "distribution";

export interface FailureStep {
  index: number | null;
  name: string | null;
  type: string | null;
  sourceFile: string | null;
  deprovisioning: boolean;
}

export interface LogFailure {
  /** The customizer that failed; all fields null when the failure was outside customizers. */
  step: FailureStep;
  phase: BuildPhase;
  /** The one line that best says why, for an annotation's message. */
  reason: string;
  /** A few lines that explain the failure, in log order; never the whole log. */
  excerpt: string[];
  /** The line of the failing script an error points at, when the log names one. */
  scriptLine: number | null;
}

export interface LogAnalysis {
  status: "succeeded" | "failed" | "unknown";
  failure: LogFailure | null;
  timeline: TimelineEntry[];
}

interface OpenStep {
  ref: StepRef;
  entry: TimelineEntry | undefined;
  /** Packer said the step failed ("Script exited with non-zero exit status"). */
  failed: boolean;
  /** Visible lines seen in the step, to look for what it is only near its start. */
  lines: number;
  /**
   * Packer logged the step's end; whether it succeeded shows in what Packer does next, so
   * its step-end event waits for the next line a person would see.
   */
  ended: boolean;
}

const STEP_HEAD_LINES = 12;
/** A line this long without a newline is cut, so one bad line cannot hold all memory. */
const MAX_LINE_CHARS = 1 << 20;
const NO_STEP: FailureStep = {
  index: null,
  name: null,
  type: null,
  sourceFile: null,
  deprovisioning: false,
};

/**
 * Reads customization.log as it grows (or all at once) and keeps what a person needs: which
 * customizer is running, a timeline of them, and if the build fails, where and why. Its state
 * stays small whatever the log's size: a partial line, the timeline, and a bounded excerpt.
 */
export class LogAnalyzer {
  private readonly known: readonly KnownCustomizer[];
  private partial = "";
  private seq = 0;
  private lastTimestamp: string | undefined;
  private started = 0;
  private step: OpenStep | undefined;
  private phase: BuildPhase = "preparation";
  private readonly timeline: TimelineEntry[] = [];
  private readonly excerpt = new FailureExcerpt();
  private failure: { step: FailureStep; phase: BuildPhase } | undefined;
  private artifacts = false;
  private finalized = false;

  constructor(customizers: KnownCustomizer[] = []) {
    this.known = [...customizers].sort((a, b) => a.index - b.index);
  }

  /** Feeds any piece of the log; only complete lines produce events. */
  push(chunk: string): LogEvent[] {
    const events: LogEvent[] = [];
    this.consume(chunk, events);
    return events;
  }

  /** The log is complete: the last line counts even without its newline. */
  end(): LogEvent[] {
    const events: LogEvent[] = [];
    this.finish(events);
    return events;
  }

  result(): LogAnalysis {
    const timeline = this.timeline.map((e) => ({ ...e }));
    if (!this.failure) {
      return { status: this.artifacts ? "succeeded" : "unknown", failure: null, timeline };
    }
    const fallback =
      this.failure.phase === "distribution"
        ? "Distributing the image failed."
        : "The build failed; customization.log does not say why.";
    const { reason, excerpt, scriptLine } = this.excerpt.explanation(fallback);
    return {
      status: "failed",
      failure: {
        step: { ...this.failure.step },
        phase: this.failure.phase,
        reason,
        excerpt,
        scriptLine: this.failure.step.type === null ? null : scriptLine,
      },
      timeline,
    };
  }

  /**
   * Where the build is, as far as the log tells: changes when Packer moves to another phase,
   * something failed, or Image Builder reports its distribution finished. A change is worth
   * asking Resource Manager about.
   */
  get milestone(): string {
    return `${this.phase}|${this.failure ? "failed" : ""}|${this.finalized ? "finalized" : ""}`;
  }

  /** Packer is running customizers on the build VM, when nothing else happens for a long time. */
  get customizing(): boolean {
    return (this.phase === "customization" || this.phase === "deprovisioning") && !this.failure;
  }

  /** For files: the same work as push(), without building events nobody reads. */
  consumeQuietly(chunk: string): void {
    this.consume(chunk, undefined);
  }

  finishQuietly(): void {
    this.finish(undefined);
  }

  private consume(chunk: string, events: LogEvent[] | undefined): void {
    let start = 0;
    if (this.partial) {
      const nl = chunk.indexOf("\n");
      if (nl < 0) {
        this.partial += chunk;
        if (this.partial.length > MAX_LINE_CHARS) this.flushPartial(events);
        return;
      }
      this.line(this.partial + chunk.slice(0, nl), events);
      this.partial = "";
      start = nl + 1;
    }
    for (;;) {
      const nl = chunk.indexOf("\n", start);
      if (nl < 0) break;
      this.line(chunk.slice(start, nl), events);
      start = nl + 1;
    }
    if (start < chunk.length) {
      this.partial = chunk.slice(start);
      if (this.partial.length > MAX_LINE_CHARS) this.flushPartial(events);
    }
  }

  private flushPartial(events: LogEvent[] | undefined): void {
    const line = this.partial;
    this.partial = "";
    this.line(line.slice(0, MAX_LINE_CHARS), events);
  }

  private finish(events: LogEvent[] | undefined): void {
    if (this.partial) this.flushPartial(events);
    const open = this.step;
    if (open?.ended) this.closeStep(open.failed ? "failed" : "succeeded", events);
    else if (open && this.failure) this.closeStep("failed", events);
  }

  private line(raw: string, events: LogEvent[] | undefined): void {
    const seq = ++this.seq;
    const line = parseLogLine(raw);
    if (line.timestamp) this.lastTimestamp = line.timestamp;
    const noise = line.source === "packer-log";
    const cause = causeOf(line);
    const failing = isFailureSignal(line);

    if (line.kind === "provisioner-start") {
      if (this.step) this.closeStep(this.step.failed ? "failed" : "succeeded", events);
      this.openStep(line.provisioner ?? "unknown", events);
    } else if (!noise && this.step?.ended) {
      // What Packer does after a provisioner's end tells whether the provisioner succeeded.
      this.closeStep(this.step.failed || failing ? "failed" : "succeeded", events);
    }

    const step = this.step && !this.step.ended ? this.step.ref : undefined;
    events?.push({ kind: "line", text: line.text, noise, source: line.source, step });
    this.excerpt.observe(seq, line.text, cause, noise);

    if (noise) this.onPackerLog(line, cause, events);
    else this.onVisibleLine(line, cause, failing, events);
  }

  private onVisibleLine(
    line: LogLine,
    cause: Cause | undefined,
    failing: boolean,
    events: LogEvent[] | undefined,
  ): void {
    const text = line.text;
    if (line.source === "packer-result" && text.startsWith("==> Builds finished. The")) {
      this.artifacts = true;
    }
    const open = this.step;
    if (open) {
      this.learnAboutStep(open, text);
      const packerSays = line.source === "packer" || line.source === "packer-result";
      if (
        failing ||
        (packerSays && cause === "exit-code" && text.includes("non-zero exit status"))
      ) {
        open.failed = true;
        this.failAt(toFailureStep(open.ref), this.stepPhase(open.ref), true);
        // A customizer interrupted by the end of the build never logs its own end.
        if (!open.ended && line.source === "packer-result" && failing)
          this.closeStep("failed", events);
      }
      return;
    }
    if (failing) {
      this.failAt(NO_STEP, this.phase, false);
    } else if (line.kind === "packer-end" || this.artifacts) {
      this.enterPhase("distribution");
    } else if (line.source === "packer") {
      this.trackPhase(text);
    }
    if (line.source === "service") this.onServiceLine(text, cause);
  }

  private onPackerLog(line: LogLine, cause: Cause | undefined, events: LogEvent[] | undefined) {
    if (line.kind === "provisioner-end" && this.step && !this.step.ended) {
      this.step.ended = true;
      if (this.step.entry) finishEntry(this.step.entry, line.timestamp, "incomplete");
      // A step Packer already reported as failed need not wait for the next line.
      if (this.step.failed) this.closeStep("failed", events);
    } else if (cause === "build-error" && this.step) {
      // "Cancelling build after receiving terminated": the running customizer is the victim.
      this.step.failed = true;
      this.failAt(toFailureStep(this.step.ref), this.stepPhase(this.step.ref), true);
    }
  }

  private onServiceLine(text: string, cause: Cause | undefined): void {
    if (this.phase === "distribution") {
      const finalizing = /^Finalizing: (\d+) of (\d+) /.exec(text);
      if (finalizing) this.finalized = true;
      const failedTargets = finalizing && Number(finalizing[1]) < Number(finalizing[2]);
      if (failedTargets || (cause && cause !== "detail")) {
        this.failAt(NO_STEP, "distribution", false);
      }
    } else if (text.startsWith("Failed to download") || text.startsWith("Checksum mismatch")) {
      this.failAt(NO_STEP, "preparation", false);
    }
  }

  private openStep(provisioner: string, events: LogEvent[] | undefined): void {
    const ref = stepFor(this.started++, provisioner, this.known);
    const entry =
      this.timeline.length < MAX_TIMELINE_ENTRIES ? beginEntry(ref, this.lastTimestamp) : undefined;
    if (entry) this.timeline.push(entry);
    this.step = { ref, entry, failed: false, ended: false, lines: 0 };
    this.phase = ref.deprovisioning ? "deprovisioning" : "customization";
    this.excerpt.newSegment();
    events?.push({ kind: "step-start", step: ref });
  }

  private closeStep(status: "succeeded" | "failed", events: LogEvent[] | undefined): void {
    const open = this.step;
    if (!open) return;
    this.step = undefined;
    // A step that logged its end keeps that time; an interrupted one ends with the last seen.
    if (open.entry) finishEntry(open.entry, open.ended ? undefined : this.lastTimestamp, status);
    if (status === "failed") this.failAt(toFailureStep(open.ref), this.stepPhase(open.ref), true);
    else this.excerpt.newSegment();
    events?.push({ kind: "step-end", step: open.ref, status });
  }

  /** Names steps from the log when the template is unknown, and spots deprovisioning. */
  private learnAboutStep(open: OpenStep, text: string): void {
    const ref = open.ref;
    // What a step is shows in its first lines: Packer's "Provisioning with …", waagent's
    // warnings, the deprovisioning script's name.
    if (this.known.length > 0 || ++open.lines > STEP_HEAD_LINES) return;
    if (
      !ref.deprovisioning &&
      (text.includes("-deprovision") ||
        text.includes("The waagent service will be stopped") ||
        text.includes("DeprovisioningScript.ps1") ||
        text.includes("Sysprep.exe"))
    ) {
      // The step was numbered as a customizer when it started; the ref is shared with the
      // events already given out, so they read right from here on.
      Object.assign(ref, deprovisioningStep(ref.type));
      this.phase = "deprovisioning";
    } else if (ref.name === null && !ref.deprovisioning) {
      const name = nameFromPackerLine(text);
      if (name) ref.name = name;
    }
    if (open.entry) refreshEntry(open.entry, ref);
  }

  private trackPhase(text: string): void {
    if (
      text.startsWith("Validating deployment template") ||
      text.startsWith("Deploying deployment template")
    ) {
      this.enterPhase("deployment");
    } else if (
      text.startsWith("Querying the machine's properties") ||
      text.startsWith("Powering off machine") ||
      text.startsWith("Capturing image")
    ) {
      this.enterPhase("capture");
    }
  }

  private enterPhase(phase: BuildPhase): void {
    if (this.phase === phase) return;
    this.phase = phase;
    this.excerpt.newSegment();
  }

  private stepPhase(ref: StepRef): BuildPhase {
    return ref.deprovisioning ? "deprovisioning" : "customization";
  }

  /** The first failure is the one to explain; what follows is its consequence. */
  private failAt(step: FailureStep, phase: BuildPhase, withContext: boolean): void {
    if (this.failure) return;
    this.failure = { step, phase };
    this.excerpt.freeze(withContext);
  }
}

function toFailureStep(ref: StepRef): FailureStep {
  return {
    index: ref.index,
    name: ref.name,
    type: ref.type,
    sourceFile: ref.sourceFile,
    deprovisioning: ref.deprovisioning === true,
  };
}

/** Lines with which Packer gives up on the build. */
function isFailureSignal(line: LogLine): boolean {
  const text = line.text;
  if (line.source === "packer") {
    return (
      text.startsWith("Provisioning step had errors") || text.startsWith("Build was cancelled")
    );
  }
  if (line.source === "packer-result") {
    return (
      (text.startsWith("Build '") && text.includes("' errored")) ||
      text.startsWith("==> Builds finished but no artifacts") ||
      text.startsWith("==> Some builds didn't complete")
    );
  }
  return false;
}

const SCRIPT_PREFIXES = [
  "Provisioning with shell script: ",
  "Provisioning with powershell script: ",
  "Uploading ",
];

function nameFromPackerLine(text: string): string | undefined {
  for (const prefix of SCRIPT_PREFIXES) {
    if (!text.startsWith(prefix)) continue;
    const rest = text.slice(prefix.length);
    const arrow = rest.indexOf(" => ");
    const name = (arrow >= 0 ? rest.slice(0, arrow) : rest).trim();
    return name && !name.endsWith("...") ? name : undefined;
  }
  return undefined;
}

/**
 * Reads a downloaded customization.log as a stream, so memory stays flat however large the
 * file is. Rejects when the file cannot be read.
 */
export async function analyzeLogFile(
  path: string,
  customizers?: KnownCustomizer[],
): Promise<LogAnalysis> {
  const analyzer = new LogAnalyzer(customizers);
  // Chunks small enough to be young-generation strings: larger ones are allocated as old
  // objects and pile up until a full collection, which shows as memory growing with the log.
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 64 * 1024 });
  for await (const chunk of stream) analyzer.consumeQuietly(chunk as string);
  analyzer.finishQuietly();
  return analyzer.result();
}
