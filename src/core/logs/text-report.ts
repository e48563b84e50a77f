import type { LogAnalysis } from "./log-analyzer.js";
import { describeStep, displayNumber } from "./steps.js";
import { PHASE_TEXT } from "./summary.js";
import { clockTime, entryLabel, formatDuration } from "./timeline.js";

/** The analysis as a person reads it in a terminal (`bake-azure-image logs <file>`). */
export function textReport(analysis: LogAnalysis): string {
  const out: string[] = [`Build status: ${analysis.status}`];
  const { failure } = analysis;
  if (failure) {
    const where =
      failure.step.type !== null ? describeStep(failure.step) : PHASE_TEXT[failure.phase];
    out.push(`Failed in:    ${where}`);
    if (failure.scriptLine !== null) out.push(`Script line:  ${failure.scriptLine}`);
    out.push(`Reason:       ${failure.reason}`);
    if (failure.excerpt.length) {
      out.push("", "Excerpt:", ...failure.excerpt.map((line) => `  | ${line}`));
    }
  } else if (analysis.status === "unknown") {
    out.push("The log ends before the build finished (still running, or cut short).");
  }
  if (analysis.timeline.length) {
    const header = ["#", "Customizer", "Type", "Start", "End", "Duration", "Status"];
    const rows = analysis.timeline.map((e) => [
      e.index === null ? "-" : String(displayNumber(e.index)),
      clip(entryLabel(e) + (e.sourceFile && e.sourceFile !== e.name ? ` (${e.sourceFile})` : "")),
      e.type,
      clockTime(e.start),
      clockTime(e.end),
      formatDuration(e.durationSeconds),
      e.status,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const format = (r: string[]) =>
      r
        .map((c, i) => c.padEnd(widths[i]!))
        .join("  ")
        .trimEnd();
    out.push("", "Timeline (UTC):", `  ${format(header)}`, ...rows.map((r) => `  ${format(r)}`));
  }
  return `${out.join("\n")}\n`;
}

function clip(text: string): string {
  return text.length > 48 ? `${text.slice(0, 47)}…` : text;
}
