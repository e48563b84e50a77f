import { entryLabel, type TimelineEntry } from "./timeline.js";
import { displayNumber } from "./steps.js";

const TAGS: Record<TimelineEntry["status"], string> = {
  succeeded: "done",
  failed: "crit",
  incomplete: "active",
};

/**
 * The timeline as a Mermaid gantt chart, which GitHub renders in job summaries. Undefined when
 * the log carried no times to draw.
 */
export function ganttChart(timeline: readonly TimelineEntry[]): string | undefined {
  const timed = timeline.filter((e) => e.start);
  if (timed.length === 0) return undefined;
  const lines = [
    "gantt",
    "  dateFormat YYYY-MM-DD HH:mm:ss",
    "  axisFormat %H:%M",
    "  section Customizers",
  ];
  timed.forEach((entry, i) => {
    const start = Date.parse(entry.start!);
    // Mermaid draws nothing for a task that ends when it starts, and a running one has no end.
    const end = Math.max(entry.end ? Date.parse(entry.end) : start, start + 1000);
    const label = `${entry.index === null ? "–" : displayNumber(entry.index)} ${taskName(entryLabel(entry))}`;
    lines.push(
      `  ${label} :${TAGS[entry.status]}, s${i}, ${mermaidTime(start)}, ${mermaidTime(end)}`,
    );
  });
  return lines.join("\n");
}

/** Characters that end a task's name (`:`), start a comment or entity (`%`, `#`) or a statement (`;`). */
function taskName(name: string): string {
  const clean = name
    .replace(/[:;#%\r\n]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
  return clean.length > 60 ? `${clean.slice(0, 59)}…` : clean || "step";
}

function mermaidTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
