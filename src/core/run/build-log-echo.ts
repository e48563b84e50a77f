import type { Host } from "../host.js";
import type { TailProblem } from "./build-log-tail.js";

/** `[<operation-id>] ` and `PACKER OUT ` say nothing a reader of the job log needs. */
const PREFIX = /^(?:\[[0-9a-fA-F-]{8,}\] )?(PACKER OUT |PACKER ERR )?/;

/**
 * Shows customization.log in the job log as it grows: whole lines only, in one collapsed
 * group per read, Packer's own `PACKER ERR` chatter only at log-level verbose.
 */
export class BuildLogEcho {
  private partial = "";
  private warned = false;
  lines = 0;

  constructor(
    private readonly host: Host,
    private readonly level: "quiet" | "normal" | "verbose",
  ) {}

  onText = (text: string): void => {
    const lines = (this.partial + text).split(/\r?\n/);
    this.partial = lines.pop() ?? "";
    this.show(lines);
  };

  /** The last line, when the log ended without a newline. */
  flush(): void {
    if (this.partial) this.show([this.partial]);
    this.partial = "";
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

  private show(lines: string[]): void {
    if (this.level === "quiet") return;
    const shown: string[] = [];
    for (const raw of lines) {
      const m = PREFIX.exec(raw)!;
      if (m[1] === "PACKER ERR " && this.level !== "verbose") continue;
      shown.push(raw.slice(m[0].length));
    }
    if (!shown.length) return;
    this.lines += shown.length;
    this.host.startGroup(
      `customization.log (${shown.length} line${shown.length === 1 ? "" : "s"})`,
    );
    for (const line of shown) this.host.info(line);
    this.host.endGroup();
  }
}
