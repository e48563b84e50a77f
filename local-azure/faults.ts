import { faultReply } from "./fault-replies.js";
import { sleep, type Reply } from "./http-kit.js";
import type { FaultRule, FaultTarget } from "./scenario.js";

export type Surface = Exclude<FaultTarget, "any">;

/** What must happen to one request, decided before it is handled. */
export interface FaultDecision {
  rule: FaultRule;
  latencyMs: number;
  /** Replace the answer with this status (and Retry-After) or reset the connection. */
  status?: number;
  retryAfterSeconds?: number;
  reset: boolean;
  afterHandling: boolean;
}

/**
 * Decides, from the scenario's fault rules, per route or globally, what happens to a request. Counters live here, keyed by the
 * rule object, so a test can push a burst rule at any time and it starts counting from then.
 */
export class FaultInjector {
  private readonly seen = new WeakMap<FaultRule, { matched: number; hit: number }>();

  constructor(
    private readonly rules: () => FaultRule[],
    private readonly random: () => number = Math.random,
  ) {}

  decide(surface: Surface, method: string, path: string): FaultDecision | undefined {
    let latencyMs = 0;
    let chosen: FaultDecision | undefined;
    for (const rule of this.rules()) {
      if (!matches(rule, surface, method, path)) continue;
      const counters = this.seen.get(rule) ?? { matched: 0, hit: 0 };
      this.seen.set(rule, counters);
      counters.matched++;
      if (counters.matched <= (rule.skip ?? 0)) continue;
      if (rule.count !== undefined && counters.hit >= rule.count) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      counters.hit++;
      latencyMs += rule.latencyMs ?? 0;
      if (!chosen && (rule.status !== undefined || rule.reset)) {
        chosen = {
          rule,
          latencyMs: 0,
          ...(rule.status !== undefined ? { status: rule.status } : {}),
          ...(rule.retryAfterSeconds !== undefined
            ? { retryAfterSeconds: rule.retryAfterSeconds }
            : {}),
          reset: rule.reset === true,
          afterHandling: rule.afterHandling === true,
        };
      } else if (!chosen && latencyMs > 0) {
        chosen = { rule, latencyMs: 0, reset: false, afterHandling: false };
      }
    }
    if (chosen) chosen.latencyMs = latencyMs;
    return chosen;
  }
}

function matches(rule: FaultRule, surface: Surface, method: string, path: string): boolean {
  if (rule.target && rule.target !== "any" && rule.target !== surface) return false;
  if (rule.method && rule.method.toUpperCase() !== method) return false;
  if (rule.path !== undefined) {
    if (typeof rule.path === "string") {
      if (!path.toLowerCase().includes(rule.path.toLowerCase())) return false;
    } else if (!rule.path.test(path)) return false;
  }
  return true;
}

/** The name the request log gives a fault: its rule's, or what it does. */
export function faultName(f: FaultDecision): string {
  if (f.rule.name) return f.rule.name;
  if (f.reset) return "reset";
  if (f.status !== undefined) return `status ${f.status}`;
  return `latency ${f.latencyMs}ms`;
}

/** One request as a surface serves it, in the terms a fault needs. */
export interface FaultableExchange {
  /** Handles the request and sends its answer. */
  serve(): void | Promise<void>;
  /** Handles the request but keeps its answer from the client; resolves once it is handled. */
  serveUnanswered(): Promise<void>;
  /** Sends this answer. */
  answer(reply: Reply): void;
  /** Destroys the connection without an answer. */
  reset(): void;
}

/**
 * The one way a decided fault happens, on every surface: the latency first; then a status or a
 * reset in place of the handler's answer, either before the request is handled or, with
 * afterHandling, once it has been (the effect happened, the client never learns it). Without a
 * fault, or with latency alone, the request is served as usual.
 */
export async function applyFault(
  fault: FaultDecision | undefined,
  surface: Surface,
  exchange: FaultableExchange,
  signal: AbortSignal,
): Promise<void> {
  if (fault?.latencyMs) await sleep(fault.latencyMs, signal);
  if (!fault || (!fault.reset && fault.status === undefined)) return exchange.serve();
  if (fault.afterHandling) await exchange.serveUnanswered();
  if (fault.reset) exchange.reset();
  else exchange.answer(faultReply(surface, fault));
}
