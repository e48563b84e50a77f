import { createReadStream } from "node:fs";
import { causeOf, isFailedCommand, isPowershellPosition, type Cause } from "./line-causes.js";
import { FailureExcerpt } from "./failure-excerpt.js";
import { parseLogLine, type LineSource, type LogLine } from "./log-line.js";
import {
  deprovisioningStep,
  implicitStep,
  stepFor,
  templateTypeOf,
  type StepRef,
} from "./steps.js";
import type { LoggedCustomizer, TemplateCustomizer } from "../template/template-customizer.js";
import {
  beginEntry,
  finishEntry,
  MAX_TIMELINE_ENTRIES,
  refreshEntry,
  type TimelineEntry,
} from "./timeline.js";

export type { StepRef } from "./steps.js";
export type { TemplateCustomizer } from "../template/template-customizer.js";
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

/** The customizer a failure happened in; every field null when it was outside customizers. */
export interface FailureStep extends LoggedCustomizer {
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
  /** Opened by Packer's "Provisioning with …" line: the log has no telemetry markers. */
  fromUi: boolean;
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
  private readonly known: readonly TemplateCustomizer[];
  private partial = "";
  private seq = 0;
  private lastTimestamp: string | undefined;
  private started = 0;
  private step: OpenStep | undefined;
  private phase: BuildPhase = "preparation";
  private readonly timeline: TimelineEntry[] = [];
  private readonly excerpt = new FailureExcerpt();
  /** The failing step's ref, read when the result is asked for: what the step is may show later. */
  private failure: { step: StepRef | undefined; phase: BuildPhase } | undefined;
  private artifacts = false;
  /**
   * Packer's builder has been seen at work (deploying the VM). Until then the log is an excerpt
   * that starts inside a customizer, whose lines open an implicit step.
   */
  private builderSeen = false;
  /** The log has Packer's `(telemetry) Starting provisioner` markers (older Packer). */
  private telemetry = false;
  /**
   * The Azure builder is deleting what it created. Its errors from here on (a resource already
   * gone, a deletion retried) explain nothing; its verdict after them still does.
   */
  private tearingDown = false;
  /** An excerpt's implicit step that failed: Packer's later lines may still name its type. */
  private failedImplicit: OpenStep | undefined;
  private finalized = false;

  constructor(customizers: TemplateCustomizer[] = []) {
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
        step: this.failure.step ? toFailureStep(this.failure.step) : { ...NO_STEP },
        phase: this.failure.phase,
        reason,
        excerpt,
        scriptLine: this.failure.step ? scriptLine : null,
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
    else if (open && this.artifacts) this.closeStep("succeeded", events);
  }

  private line(raw: string, events: LogEvent[] | undefined): void {
    const seq = ++this.seq;
    const line = parseLogLine(raw);
    if (line.timestamp) this.lastTimestamp = line.timestamp;
    const noise = line.source === "packer-log";
    if (line.source === "packer" && !this.tearingDown && isTeardownStart(line.text)) {
      this.tearingDown = true;
    }
    const cause = this.tearingDown && line.source === "packer" ? undefined : causeOf(line);
    const failing = isFailureSignal(line);

    if (line.kind === "provisioner-start") {
      this.telemetry = true;
      if (this.step) this.closeStep(this.step.failed ? "failed" : "succeeded", events);
      this.openStep(line.provisioner ?? "unknown", events);
    } else if (!noise && !this.telemetry && this.builderSeen && !this.failure) {
      this.followUiSteps(line, failing, events);
    } else if (!noise && this.step?.ended) {
      // What Packer does after a provisioner's end tells whether the provisioner succeeded;
      // its cleanup after a failure does not, the verdict that follows it does.
      if (failing || !isTeardown(line)) {
        this.closeStep(this.step.failed || failing ? "failed" : "succeeded", events);
      }
    } else if (!this.step && !this.builderSeen && !this.failure && this.started === 0) {
      const provisioner = noise ? provisionerLoggedBy(line, cause) : provisionerShownBy(line);
      if (provisioner !== undefined) this.openImplicitStep(provisioner, events);
    }

    const step = this.step && !this.step.ended ? this.step.ref : undefined;
    events?.push({ kind: "line", text: line.text, noise, source: line.source, step });
    this.excerpt.observe(seq, line.text, cause, noise);

    if (noise) this.onPackerLog(line, cause, events);
    else this.onVisibleLine(line, cause, failing, events);
  }

  /**
   * Newer logs carry no telemetry markers: a customizer starts with Packer's "Provisioning with
   * …" (or the File, Windows Update and restart provisioners' first line) and ends where the
   * next one starts or Packer turns to capturing the image.
   */
  private followUiSteps(line: LogLine, failing: boolean, events: LogEvent[] | undefined): void {
    const open = this.step;
    if (open && open.fromUi && !failing && line.source === "packer" && isCaptureLine(line.text)) {
      this.closeStep(open.failed ? "failed" : "succeeded", events);
      return;
    }
    const head = uiStepHead(line, open?.ref.type);
    if (head === undefined) return;
    if (open) this.closeStep(open.failed ? "failed" : "succeeded", events);
    if (head === AIB_UPLOAD) {
      // Image Builder's own upload of its deprovisioning script, before the customizers.
      this.excerpt.newSegment();
      return;
    }
    this.openStep(head, events);
    this.step!.fromUi = true;
  }

  /** The log starts inside a customizer (an excerpt): its lines belong to a step of their own. */
  private openImplicitStep(provisioner: string, events: LogEvent[] | undefined): void {
    this.openStepRef(implicitStep(templateTypeOf(provisioner)), events);
  }

  private onVisibleLine(
    line: LogLine,
    cause: Cause | undefined,
    failing: boolean,
    events: LogEvent[] | undefined,
  ): void {
    const text = line.text;
    if (line.source === "packer-result" && isSuccessVerdict(text)) this.artifacts = true;
    if (line.source === "packer" && !this.builderSeen && isBuilderLine(text)) {
      this.builderSeen = true;
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
        this.failAt(open.ref, this.stepPhase(open.ref), true);
        // A customizer interrupted by the end of the build never logs its own end.
        if (!open.ended && line.source === "packer-result" && failing)
          this.closeStep("failed", events);
      }
      return;
    }
    if (failing) {
      this.failAt(undefined, failingPhase(this.phase, text), false);
    } else if (line.source === "packer" && cause === "distribution") {
      // The builder publishing to a gallery itself: `ERROR: -> … Replication failed …`.
      this.failAt(undefined, "distribution", false);
    } else if (this.refusedDeployment(line, cause)) {
      // Resource Manager refused the build VM's deployment: no customizer ever ran.
      this.failAt(undefined, "deployment", false);
    } else if (line.kind === "packer-end" || this.artifacts) {
      this.enterPhase("distribution");
    } else if (line.source === "packer") {
      this.trackPhase(text);
    }
    if (line.source === "service") this.onServiceLine(text, cause);
  }

  /**
   * Resource Manager's refusal of the build VM, as the builder shows it, or as posted without
   * Packer's prefixes (a service line here). Not while the builder deletes what it created.
   */
  private refusedDeployment(line: LogLine, cause: Cause | undefined): boolean {
    if (this.started > 0 || this.tearingDown || this.phase === "distribution") return false;
    if (line.source !== "packer" && line.source !== "service") return false;
    if (line.source === "service" && isDistributionError(line.text)) return false;
    return cause === "deployment" || isDeploymentError(line.text);
  }

  private onPackerLog(line: LogLine, cause: Cause | undefined, events: LogEvent[] | undefined) {
    // Packer starting up: the log is whole, and its plugins' names are no customizer at work.
    if (!this.builderSeen && isPackerStartup(line.text)) this.builderSeen = true;
    const open = this.step ?? this.failedImplicit;
    if (open && !open.ended) this.learnFromPackerLog(open, line.text);
    if (line.kind === "provisioner-end" && this.step && !this.step.ended) {
      this.step.ended = true;
      if (this.step.entry) finishEntry(this.step.entry, line.timestamp, "incomplete");
      // A step Packer already reported as failed need not wait for the next line.
      if (this.step.failed) this.closeStep("failed", events);
    } else if (cause === "build-error" && this.step) {
      // "Cancelling build after receiving terminated": the running customizer is the victim.
      this.step.failed = true;
      this.failAt(this.step.ref, this.stepPhase(this.step.ref), true);
    } else if (
      open &&
      !open.ended &&
      cause === "packer-exit" &&
      line.text.includes("[ERROR] Remote command exited") &&
      isFailedCommand(line.text)
    ) {
      // Over SSH a script's failure may be logged only here, as an error with its exit code.
      open.failed = true;
      this.failAt(open.ref, this.stepPhase(open.ref), true);
    }
  }

  /** Packer's log names the provisioner plugin at work and the deprovisioning script it runs. */
  private learnFromPackerLog(open: OpenStep, text: string): void {
    const ref = open.ref;
    if (ref.implicit && ref.type === UNKNOWN_TYPE) {
      const plugin = provisionerPluginIn(text);
      if (plugin) {
        ref.type = templateTypeOf(plugin);
        if (open.entry) refreshEntry(open.entry, ref);
      }
    }
    if (!ref.deprovisioning && this.mayLearn(ref) && text.includes("DeprovisioningScript")) {
      this.markDeprovisioning(open);
    }
  }

  private onServiceLine(text: string, cause: Cause | undefined): void {
    if (isDistributionError(text)) {
      this.failAt(undefined, "distribution", false);
    } else if (this.phase === "distribution") {
      const finalizing = /^Finalizing: (\d+) of (\d+) /.exec(text);
      if (finalizing) this.finalized = true;
      const failedTargets = finalizing && Number(finalizing[1]) < Number(finalizing[2]);
      if (failedTargets || (cause && cause !== "detail")) {
        this.failAt(undefined, "distribution", false);
      }
    } else if (isDownloadFailure(text)) {
      this.failAt(undefined, "preparation", false);
    }
  }

  private openStep(provisioner: string, events: LogEvent[] | undefined): void {
    this.openStepRef(stepFor(this.started++, provisioner, this.known), events);
  }

  private openStepRef(ref: StepRef, events: LogEvent[] | undefined): void {
    const entry =
      this.timeline.length < MAX_TIMELINE_ENTRIES ? beginEntry(ref, this.lastTimestamp) : undefined;
    if (entry) this.timeline.push(entry);
    this.step = { ref, entry, failed: false, ended: false, lines: 0, fromUi: false };
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
    if (status === "failed") {
      this.failAt(open.ref, this.stepPhase(open.ref), true);
      // What it was may still show in Packer's log as it winds the build down.
      if (open.ref.implicit) this.failedImplicit = open;
    } else this.excerpt.newSegment();
    events?.push({ kind: "step-end", step: open.ref, status });
  }

  /** Names steps from the log when the template is unknown, and spots deprovisioning. */
  private learnAboutStep(open: OpenStep, text: string): void {
    const ref = open.ref;
    if (ref.type === "File" && open.lines === 0 && isAibUpload(text)) {
      this.unnumberAibUpload(open);
      return;
    }
    if (!this.mayLearn(ref)) return;
    if (ref.implicit && ref.type === UNKNOWN_TYPE && isPowershellPosition(text)) {
      ref.type = "PowerShell";
      if (open.entry) refreshEntry(open.entry, ref);
    }
    // The deprovisioning script names itself in PowerShell's error positions, anywhere.
    if (!ref.deprovisioning && text.includes("DeprovisioningScript")) {
      this.markDeprovisioning(open);
      return;
    }
    // Otherwise what a step is shows in its first lines: Packer's "Provisioning with …",
    // waagent's warnings, Sysprep's command line.
    if (++open.lines > STEP_HEAD_LINES) return;
    if (
      !ref.deprovisioning &&
      (text.includes("-deprovision") ||
        text.includes("The waagent service will be stopped") ||
        text.includes("Sysprep.exe"))
    ) {
      this.markDeprovisioning(open);
    } else if (ref.name === null && !ref.deprovisioning) {
      const name = nameFromPackerLine(text);
      if (name) ref.name = name;
      if (open.entry) refreshEntry(open.entry, ref);
    }
  }

  /**
   * Image Builder uploads its deprovisioning script with a File provisioner of its own before
   * the template's customizers: it is none of them, and the numbering starts after it.
   */
  private unnumberAibUpload(open: OpenStep): void {
    if (!open.ref.implicit) this.started--;
    if (open.entry) {
      const at = this.timeline.indexOf(open.entry);
      if (at >= 0) this.timeline.splice(at, 1);
      open.entry = undefined;
    }
    Object.assign(open.ref, { index: null, name: "Image Builder's deprovisioning script" });
    open.ref.sourceFile = null;
  }

  /** The template tells what each numbered step is; the log tells only for the others. */
  private mayLearn(ref: StepRef): boolean {
    return this.known.length === 0 || ref.implicit === true;
  }

  private markDeprovisioning(open: OpenStep): void {
    // The step was numbered as a customizer when it started; the ref is shared with the
    // events already given out, so they read right from here on.
    Object.assign(open.ref, deprovisioningStep(open.ref.type));
    if (this.phase === "customization") this.phase = "deprovisioning";
    if (open.entry) refreshEntry(open.entry, open.ref);
  }

  private trackPhase(text: string): void {
    // Packer's builder speaks only once Image Builder has prepared the customizers' files.
    if (this.phase === "preparation") this.enterPhase("deployment");
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
  private failAt(step: StepRef | undefined, phase: BuildPhase, withContext: boolean): void {
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

const UNKNOWN_TYPE = "unknown";

/**
 * Lines with which Packer gives up on the build. "Builds finished but no artifacts" is not one:
 * Image Builder captures the image itself, so Packer says so after every successful build.
 */
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
      text.startsWith("==> Some builds didn't complete") ||
      // Image Builder stops Packer when the build's time is up or the run is cancelled.
      text.startsWith("Cancelling build after receiving") ||
      text.startsWith("Error: Failed to prepare build")
    );
  }
  return false;
}

/** `Build 'azure-arm' finished after 3 minutes 13 seconds.`, or older Packer's artifact list. */
function isSuccessVerdict(text: string): boolean {
  return (
    text.startsWith("==> Builds finished. The") ||
    (text.startsWith("Build '") && text.includes("' finished"))
  );
}

/** Where a failure outside any customizer happened, when the failing line tells. */
function failingPhase(phase: BuildPhase, text: string): BuildPhase {
  if (text.startsWith("Provisioning step had errors")) return "customization";
  if (text.startsWith("Error: Failed to prepare build")) return "preparation";
  return phase;
}

const BUILDER_LINES = [
  "Running builder",
  "Validating deployment template",
  "Deploying deployment template",
  "Getting tokens",
  "Waiting for SSH",
  "Waiting for WinRM",
];

/** Packer's builder at work before any customizer: the log is whole, not an excerpt. */
function isBuilderLine(text: string): boolean {
  return startsWithAny(text, BUILDER_LINES);
}

const DEPLOYMENT_ERRORS = ["ERROR: -> ", "resources.DeploymentsClient#CreateOrUpdate: F"];

/**
 * The Azure builder's report of a refused deployment: `ERROR: -> InvalidTemplateDeployment : …`,
 * or in older builders the SDK's `resources.DeploymentsClient#CreateOrUpdate: Failure …`.
 */
function isDeploymentError(text: string): boolean {
  return startsWithAny(text, DEPLOYMENT_ERRORS);
}

/** Image Builder's distribution errors, alone or inside its run status (`Deployment failed. …`). */
function isDistributionError(text: string): boolean {
  return (
    (text.startsWith("[Distribute ") && text.includes("rror")) ||
    text.includes("Failed in distributing")
  );
}

const TEARDOWN_STARTS = [
  "Deleting resource group",
  "Cleanup requested, deleting",
  "Deleting individual resources",
  "The resource group was created by Packer",
  "The resource group was not created by Packer",
  "Removing the created Deployment object",
];

/** The Azure builder's first words as it deletes what it created, after a build or a failure. */
function isTeardownStart(text: string): boolean {
  return startsWithAny(text, TEARDOWN_STARTS);
}

/** Image Builder could not fetch a customizer's file before Packer started. */
function isDownloadFailure(text: string): boolean {
  return (
    text.startsWith("Failed to download") ||
    text.startsWith("Checksum mismatch") ||
    (text.startsWith("Downloading external file") && text.includes("] failed"))
  );
}

const TEARDOWN_LINES = [
  "Provisioning step had errors",
  "The resource group was not created by Packer",
  "Deleting ",
  "Removing the created Deployment object",
  "Cleanup requested",
  "Resource group has been deleted",
  "Waiting for deletion",
  "Adding to deletion queue",
  "Error deleting resource",
  " -> ",
];

/** Packer tearing the build down; an ended step's fate shows in the verdict after it. */
function isTeardown(line: LogLine): boolean {
  if (line.source !== "packer" && line.source !== "output") return false;
  const text = line.text;
  return text === "" || startsWithAny(text, TEARDOWN_LINES);
}

const AIB_UPLOAD = "aib-upload";

/** `Uploading /aib/packerInput/DeprovisioningScript.txt => c:\DeprovisioningScript.ps1`. */
function isAibUpload(text: string): boolean {
  return (
    text.startsWith("Uploading ") && text.includes(" => ") && text.includes("DeprovisioningScript")
  );
}

/**
 * The provisioner a Packer line starts, in a log without telemetry markers; undefined when it
 * starts none, or continues the step `current` (PowerShell's second line, Windows Update's).
 */
function uiStepHead(line: LogLine, current: string | undefined): string | undefined {
  if (line.source !== "packer") return undefined;
  const text = line.text;
  if (text.startsWith("Uploading ") && text.includes(" => ")) {
    return isAibUpload(text) ? AIB_UPLOAD : "file";
  }
  if (text.startsWith("Provisioning with shell script")) return "shell";
  if (text.startsWith("Provisioning with Powershell")) return "powershell";
  if (text.startsWith("Provisioning with powershell script")) {
    return current === "PowerShell" ? undefined : "powershell";
  }
  if (
    text.startsWith("Uploading the Windows update") ||
    text.startsWith("Running Windows update")
  ) {
    return current === "WindowsUpdate" ? undefined : "windows-update";
  }
  if (text.startsWith("Restarting Machine")) {
    return current === "WindowsRestart" ? undefined : "windows-restart";
  }
  return undefined;
}

const CAPTURE_LINES = [
  "Querying the machine's properties",
  "Powering off machine",
  "Capturing image",
  "Skipping image creation",
  "Deleting individual resources",
];

/** Packer past the customizers: generalizing and capturing the VM, or handing it back. */
function isCaptureLine(text: string): boolean {
  return startsWithAny(text, CAPTURE_LINES);
}

const PACKER_STARTUP = [
  "[INFO] Packer version",
  "[INFO] Starting external plugin",
  "Starting plugin:",
];

/** Packer's first lines: its version and plugins, before any customizer. */
function isPackerStartup(text: string): boolean {
  return startsWithAny(text, PACKER_STARTUP);
}

const PROVISIONER_HEADS: ReadonlyArray<[string, string]> = [
  ["Provisioning with shell script", "shell"],
  ["Provisioning with Powershell", "powershell"],
  ["Provisioning with powershell script", "powershell"],
  ["Running Windows update", "windows-update"],
  ["Restarting Machine", "windows-restart"],
];

/**
 * The provisioner a line of an excerpt shows at work: Packer's "Provisioning with …", or any
 * script output (its provisioner unknown). Undefined for lines that belong to no customizer.
 */
function provisionerShownBy(line: LogLine): string | undefined {
  if (line.source === "packer") {
    for (const [head, provisioner] of PROVISIONER_HEADS) {
      if (line.text.startsWith(head)) return provisioner;
    }
    // A script's stderr comes through Packer's messages; PowerShell's error records say so.
    return isPowershellPosition(line.text) ? UNKNOWN_TYPE : undefined;
  }
  return line.source === "output" ? UNKNOWN_TYPE : undefined;
}

/**
 * In an excerpt, Packer's log names the provisioner at work, or (over SSH, which only the shell
 * provisioner uses) reports a script's failed command.
 */
function provisionerLoggedBy(line: LogLine, cause: Cause | undefined): string | undefined {
  const plugin = provisionerPluginIn(line.text);
  if (plugin) return plugin;
  if (cause === "packer-exit" && line.text.includes("[ERROR] Remote command exited"))
    return "shell";
  return undefined;
}

/** `packer-provisioner-windows-restart plugin:` or `packer-plugin-windows-update_v0.16.9… plugin:`. */
function provisionerPluginIn(text: string): string | undefined {
  const named = /packer-provisioner-([a-z-]+?)(?:\.exe)?(?: plugin)?:/.exec(text);
  if (named) return named[1];
  if (text.includes("packer-plugin-windows-update")) return "windows-update";
  return undefined;
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
  customizers?: TemplateCustomizer[],
): Promise<LogAnalysis> {
  const analyzer = new LogAnalyzer(customizers);
  // Chunks small enough to be young-generation strings: larger ones are allocated as old
  // objects and pile up until a full collection, which shows as memory growing with the log.
  const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 64 * 1024 });
  for await (const chunk of stream) analyzer.consumeQuietly(chunk as string);
  analyzer.finishQuietly();
  return analyzer.result();
}

function startsWithAny(text: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => text.startsWith(prefix));
}
