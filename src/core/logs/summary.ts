import type { BuildPhase, LogAnalysis } from "./log-analyzer.js";
import { ganttChart } from "./mermaid.js";
import { describeStep, displayNumber } from "./steps.js";
import { clockTime, entryLabel, formatDuration } from "./timeline.js";

export interface SummaryInput {
  title: string;
  /** The run's state as Image Builder reports it (Succeeded, Failed, PartiallySucceeded, …). */
  runStatus: string;
  outputs: Record<string, string>;
  analysis?: LogAnalysis;
  /** Where the full customization.log is, without any secret in its query. */
  logUrl?: string;
}

const STATUS_ICON: Record<string, string> = {
  succeeded: "✅",
  partiallysucceeded: "⚠️",
  failed: "❌",
  canceled: "⚪",
  cancelled: "⚪",
};

const STEP_ICON = { succeeded: "✅", failed: "❌", incomplete: "⏳" } as const;

/**
 * The job summary, the same markdown on GitHub and Azure Pipelines: the result, the outputs,
 * a timeline of the customizers and, when the build failed, the lines that say why.
 */
export function summaryMarkdown(input: SummaryInput): string {
  const { analysis } = input;
  const parts: string[] = [`## ${inline(input.title)}`];
  const icon = STATUS_ICON[input.runStatus.toLowerCase()] ?? "ℹ️";
  let result = `**Result:** ${icon} ${inline(input.runStatus)}`;
  if (analysis?.failure) result += ` — failed in ${failedWhere(analysis)}`;
  parts.push(result);

  const outputs = Object.entries(input.outputs).filter(([, v]) => v !== "");
  if (outputs.length) {
    parts.push(
      [
        "| Output | Value |",
        "| --- | --- |",
        ...outputs.map(([name, value]) => `| ${code(name)} | ${code(value)} |`),
      ].join("\n"),
    );
  }

  if (analysis?.timeline.length) {
    parts.push("### Customizers");
    const chart = ganttChart(analysis.timeline);
    if (chart) parts.push(`\`\`\`mermaid\n${chart}\n\`\`\``);
    parts.push(
      [
        "| # | Customizer | Type | Start (UTC) | End (UTC) | Duration | Status |",
        "| --- | --- | --- | --- | --- | --- | --- |",
        ...analysis.timeline
          .map((e) =>
            [
              e.index === null ? "" : displayNumber(e.index),
              cell(entryLabel(e)) +
                (e.sourceFile && e.sourceFile !== e.name ? ` (${code(e.sourceFile)})` : ""),
              cell(e.type),
              clockTime(e.start),
              clockTime(e.end),
              formatDuration(e.durationSeconds),
              `${STEP_ICON[e.status]} ${e.status}`,
            ].join(" | "),
          )
          .map((row) => `| ${row} |`),
      ].join("\n"),
    );
  }

  if (analysis?.failure) {
    const { failure } = analysis;
    parts.push("### Why it failed");
    const lineNote = failure.scriptLine !== null ? ` (line ${failure.scriptLine})` : "";
    parts.push(
      `**${inline(capitalise(failedWhere(analysis)))}**${lineNote}: ${inline(failure.reason)}`,
    );
    if (failure.excerpt.length) parts.push(fenced(failure.excerpt.join("\n"), "text"));
  }

  if (input.logUrl) parts.push(`Full log: [customization.log](${input.logUrl})`);
  return `${parts.join("\n\n")}\n`;
}

function failedWhere(analysis: LogAnalysis): string {
  const failure = analysis.failure!;
  if (failure.step.type !== null) return describeStep(failure.step);
  return PHASE_TEXT[failure.phase];
}

export const PHASE_TEXT: Record<BuildPhase, string> = {
  preparation: "preparing the customizer files",
  deployment: "deploying the build VM",
  customization: "customization",
  deprovisioning: "deprovisioning",
  capture: "capturing the image",
  distribution: "distributing the image",
};

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Markdown that Packer's text cannot break: no emphasis, links or HTML from log content. */
function inline(text: string): string {
  return text.replace(/[\r\n]+/g, " ").replace(/([\\`*_[\]<>|#])/g, "\\$1");
}

function cell(text: string): string {
  return inline(text);
}

/** A code span that holds any text, backticks included. */
function code(text: string): string {
  const clean = text.replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|");
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
  const ticks = "`".repeat(longest + 1);
  const pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
  return `${ticks}${pad}${clean}${pad}${ticks}`;
}

/** A fenced block longer than any run of backticks inside, so log lines cannot close it. */
function fenced(text: string, language: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(Math.max(3, longest + 1));
  return `${fence}${language}\n${text}\n${fence}`;
}
