import type { Host } from "../host.js";
import type { LogEvent } from "../logs/log-analyzer.js";
import { describeStep, type StepRef } from "../logs/steps.js";
import type { TailProblem } from "./build-log-tail.js";
import { withoutQueryStrings } from "./outputs.js";

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function title(step: StepRef): string {
  return capitalise(describeStep(step));
}

/**
 * Shows customization.log in the job log as it grows: one collapsible group per customizer,
 * opened at Packer's "Starting provisioner" and closed at its end, lines between customizers
 * in a group of their own, and Packer's internal `PACKER ERR` chatter only at log-level
 * verbose. Lines arrive already taken apart by the log analyzer, which keeps one reading of
 * the log for both the job log and the failure report.
 */
export class BuildLogEcho {
  private warned = false;
  /** The group now open: a customizer's, or the lines between customizers. */
  private open: { step: StepRef | undefined } | undefined;
  /** The customizer still running when its group was closed for other output. */
  private interrupted: StepRef | undefined;

  constructor(
    private readonly host: Host,
    private readonly level: "quiet" | "normal" | "verbose",
  ) {}

  show(events: readonly LogEvent[]): void {
    if (this.level === "quiet") return;
    for (const event of events) {
      if (event.kind === "step-start") {
        this.close();
        this.interrupted = undefined;
        this.begin(event.step, title(event.step));
      } else if (event.kind === "step-end") {
        if (this.open?.step === event.step) {
          if (event.status === "failed") this.host.info(`${title(event.step)} failed.`);
          this.close();
        }
        if (this.interrupted === event.step) this.interrupted = undefined;
      } else if (!event.noise || this.level === "verbose") {
        this.line(event.text, event.step);
      }
    }
  }

  /**
   * Closes the open group so that what the run prints next (a change of build state) is not
   * folded away inside a customizer's output; the customizer's group reopens with its next line.
   */
  pause(): void {
    if (this.open?.step) this.interrupted = this.open.step;
    this.close();
  }

  /** Ends the last group, e.g. when the build ended inside a customizer. */
  close(): void {
    if (!this.open) return;
    this.open = undefined;
    this.host.endGroup();
  }

  onProblem = (problem: TailProblem): void => {
    if (problem.kind === "transient") {
      this.host.debug(`Reading customization.log failed this time: ${problem.message}`);
      return;
    }
    if (this.warned) return;
    this.warned = true;
    this.host.annotate("warning", {
      message: `The build log (customization.log) cannot be read: the pipeline's identity needs Storage Blob Data Reader on ${problem.scope}. The build goes on without its log.`,
    });
  };

  private line(text: string, step: StepRef | undefined): void {
    if (!this.open) {
      if (step && step === this.interrupted) this.begin(step, `${title(step)} (continued)`);
      else this.begin(undefined, "customization.log");
    } else if (this.open.step !== step && step === undefined) {
      // A customizer's end shows only in what follows it; its group closes with that line.
      this.close();
      this.begin(undefined, "customization.log");
    }
    // Image Builder logs the URLs it downloads, SAS included; the job log needs no signature.
    this.host.info(withoutQueryStrings(text));
  }

  private begin(step: StepRef | undefined, name: string): void {
    this.open = { step };
    this.host.startGroup(name);
  }
}
