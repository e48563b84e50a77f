import type { Host } from "../host.js";
import type { RunStatus } from "./image-template-client.js";
import { TERMINAL_STATES } from "./waiting.js";

const PROGRESS: Record<string, number> = {
  Queued: 5,
  Building: 15,
  Customizing: 30,
  Optimizing: 60,
  Validating: 70,
  Distributing: 80,
};

function formatElapsed(ms: number): string {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}

/** Shows each change of the build's state, with the time since the step started. */
export function reportProgress(host: Host, status: RunStatus, elapsedMs: number): void {
  const label = status.runSubState ?? status.runState ?? "Unknown";
  host.info(
    `[${formatElapsed(elapsedMs)}] ${status.runState ?? "?"}${status.runSubState ? ` / ${status.runSubState}` : ""}`,
  );
  host.progress(
    status.runState && TERMINAL_STATES.has(status.runState) ? 100 : (PROGRESS[label] ?? 1),
    label,
  );
}
