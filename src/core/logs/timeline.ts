import { isoTime } from "./log-line.js";
import type { LoggedCustomizer } from "../template/template-customizer.js";
import type { StepRef } from "./steps.js";

export type StepStatus = "succeeded" | "failed" | "incomplete";

/** One customizer (or the deprovisioning step) on the build's timeline. */
export interface TimelineEntry extends LoggedCustomizer {
  type: string;
  deprovisioning: boolean;
  /** ISO 8601 (UTC), from Packer's log timestamps; null when the log had none. */
  start: string | null;
  end: string | null;
  durationSeconds: number | null;
  status: StepStatus;
}

/** More steps than any template has; a log with more is not a build log worth charting. */
export const MAX_TIMELINE_ENTRIES = 500;

export function beginEntry(step: StepRef, packerTimestamp: string | undefined): TimelineEntry {
  return {
    index: step.index,
    type: step.type,
    name: step.name,
    sourceFile: step.sourceFile,
    deprovisioning: step.deprovisioning === true,
    start: packerTimestamp ? isoTime(packerTimestamp) : null,
    end: null,
    durationSeconds: null,
    status: "incomplete",
  };
}

export function finishEntry(
  entry: TimelineEntry,
  packerTimestamp: string | undefined,
  status: StepStatus,
): void {
  entry.status = status;
  if (packerTimestamp) entry.end = isoTime(packerTimestamp);
  entry.durationSeconds =
    entry.start && entry.end ? (Date.parse(entry.end) - Date.parse(entry.start)) / 1000 : null;
}

/** Steps learn their name after they start (from "Provisioning with shell script: …"). */
export function refreshEntry(entry: TimelineEntry, step: StepRef): void {
  entry.index = step.index;
  entry.type = step.type;
  entry.name = step.name;
  entry.deprovisioning = step.deprovisioning === true;
}

/** 148 → "2m 28s"; 3725 → "1h 02m 05s". */
export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "";
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n: number) => String(n).padStart(2, "0");
  if (h > 0) return `${h}h ${pad(m)}m ${pad(s % 60)}s`;
  if (m > 0) return `${m}m ${pad(s % 60)}s`;
  return `${s}s`;
}

/** "2026-11-23T00:10:12Z" → "00:10:12". */
export function clockTime(iso: string | null): string {
  return iso ? iso.slice(11, 19) : "";
}

/** How a person would name the step in a table or chart. */
export function entryLabel(entry: TimelineEntry): string {
  if (entry.deprovisioning) return "deprovisioning";
  return entry.name ?? entry.type;
}
