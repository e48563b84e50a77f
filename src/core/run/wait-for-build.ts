import { BakeError } from "../errors.js";
import type { ImageTemplateClient, RunStatus, TemplateSnapshot } from "./image-template-client.js";
import { sleep, TERMINAL_STATES } from "./waiting.js";

/**
 * Poll intervals of the template when Resource Manager does not say: a few seconds at first,
 * when states change quickly, growing to a ceiling. The ceiling is high while the build log
 * is followed (it tells when something happens, and a nudge polls at once) and lower when
 * nothing else would notice the end of the build: Resource Manager's request budget is
 * shared by the whole subscription, so a long build should cost tens of requests an hour,
 * not thousands.
 */
export class PollSchedule {
  private next: number;
  constructor(
    private readonly firstMs = 5_000,
    private ceilingMs = 30_000,
    private readonly factor = 1.5,
  ) {
    this.next = firstMs;
  }
  take(): number {
    const now = Math.min(this.next, this.ceilingMs);
    this.next = Math.min(this.ceilingMs, Math.round(this.next * this.factor));
    return now;
  }
  /** Something changed: look again soon. */
  restart(): void {
    this.next = this.firstMs;
  }
  setCeiling(ms: number): void {
    this.ceilingMs = ms;
  }
}

/** Cuts a wait short when something else (the build log) saw the build move on. */
export class Nudge {
  private wake: (() => void) | undefined;
  private pending = false;

  fire(): void {
    this.pending = true;
    this.wake?.();
  }

  /** Waits `ms`, or less if nudged meanwhile; true when nudged. */
  async wait(ms: number, signal: AbortSignal): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return true;
    }
    const early = new AbortController();
    this.wake = () => early.abort();
    try {
      await sleep(ms, AbortSignal.any([signal, early.signal]));
      return false;
    } catch (error) {
      if (signal.aborted) throw error;
      this.pending = false;
      return true;
    } finally {
      this.wake = undefined;
    }
  }
}

export class BuildTimeoutError extends BakeError {}

export interface WaitOptions {
  /** Epoch ms after which the client stops waiting: the build timeout plus a margin. */
  deadline: number;
  signal: AbortSignal;
  /** Resource Manager's Retry-After on the run's acceptance, waited out before the first look. */
  firstPollAfterMs?: number;
  onChange(status: RunStatus): void;
  /** Called after every read of the template, e.g. to follow the build log. */
  onPoll?(snapshot: TemplateSnapshot): Promise<void>;
  schedule?: PollSchedule;
  nudge?: Nudge;
}

/** Reads the template until its last run reaches a final state. */
export async function waitForBuild(
  client: ImageTemplateClient,
  options: WaitOptions,
): Promise<TemplateSnapshot> {
  const schedule = options.schedule ?? new PollSchedule();
  let last = "";
  if (options.firstPollAfterMs) await sleep(options.firstPollAfterMs, options.signal);
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
    const wait = snapshot.retryAfterMs ?? planned;
    if (options.nudge) {
      if (await options.nudge.wait(wait, options.signal)) schedule.restart();
    } else {
      await sleep(wait, options.signal);
    }
  }
}
