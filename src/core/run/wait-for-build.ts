import { BakeError } from "../errors.js";
import type { ImageTemplateClient, RunStatus, TemplateSnapshot } from "./image-template-client.js";

export const TERMINAL_STATES = new Set(["Succeeded", "PartiallySucceeded", "Failed", "Canceled"]);

/**
 * Poll intervals when Resource Manager does not say: a few seconds at first, when states
 * change quickly, growing to half a minute for the long middle of a build.
 */
export class PollSchedule {
  private next: number;
  constructor(
    private readonly firstMs = 5_000,
    private readonly maxMs = 30_000,
    private readonly factor = 1.5,
  ) {
    this.next = firstMs;
  }
  take(): number {
    const now = this.next;
    this.next = Math.min(this.maxMs, Math.round(this.next * this.factor));
    return now;
  }
}

export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason as Error);
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

export class BuildTimeoutError extends BakeError {}

export interface WaitOptions {
  /** Epoch ms after which the client stops waiting: the build timeout plus a margin. */
  deadline: number;
  signal: AbortSignal;
  onChange(status: RunStatus): void;
  /** Called after every read of the template, e.g. to follow the build log. */
  onPoll?(snapshot: TemplateSnapshot): Promise<void>;
  schedule?: PollSchedule;
}

/** Reads the template until its last run reaches a final state. */
export async function waitForBuild(
  client: ImageTemplateClient,
  options: WaitOptions,
): Promise<TemplateSnapshot> {
  const schedule = options.schedule ?? new PollSchedule();
  let last = "";
  for (;;) {
    const snapshot = await client.snapshot(options.signal);
    const key = `${snapshot.status.runState ?? ""}/${snapshot.status.runSubState ?? ""}`;
    if (key !== last) {
      last = key;
      options.onChange(snapshot.status);
    }
    await options.onPoll?.(snapshot);
    if (snapshot.status.runState && TERMINAL_STATES.has(snapshot.status.runState)) return snapshot;
    if (Date.now() > options.deadline) {
      throw new BuildTimeoutError(
        `The build did not finish within build-timeout-minutes plus a margin; it was last ${snapshot.status.runSubState ?? snapshot.status.runState ?? "in an unknown state"}.`,
      );
    }
    const planned = schedule.take();
    await sleep(snapshot.retryAfterMs ?? planned, options.signal);
  }
}
