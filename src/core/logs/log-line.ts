/**
 * One line of Image Builder's customization.log, taken apart. The service prefixes most lines
 * with `[<operation-id>] `, but not all (lines written before the operation is known, logs
 * merged by hand), so every prefix is optional.
 *
 * This runs once per line of logs that reach hundreds of megabytes, so it only compares
 * prefixes and characters at fixed positions; no regular expression runs here.
 */

/** Where a line came from, which decides how a person wants to see it. */
export type LineSource =
  /** Output of a customizer's script (Packer's indented `    azure-arm: ` lines). */
  | "output"
  /** Packer's own messages and scripts' stderr (`==> azure-arm: `). */
  | "packer"
  /** Packer's other UI lines: the build result, artifacts, wait times. */
  | "packer-result"
  /** Packer's internal log (`PACKER ERR`), shown only when asked for. */
  | "packer-log"
  /** Lines Image Builder writes itself, outside Packer (downloads, distribution). */
  | "service";

export type LineKind =
  | "text"
  | "provisioner-start"
  | "provisioner-end"
  /** `PACKER END`: Packer's part of the build is over. */
  | "packer-end";

export interface LogLine {
  source: LineSource;
  kind: LineKind;
  /** The readable part: without the operation id, channel, timestamp or builder prefix. */
  text: string;
  /** `YYYY/MM/DD HH:MM:SS` (UTC) of a `PACKER ERR` line; the only lines that carry a time. */
  timestamp: string | undefined;
  /** For provisioner-start/-end: Packer's provisioner type (shell, powershell, file, …). */
  provisioner: string | undefined;
}

/** Every line gets the same object shape, which keeps the per-line code monomorphic (fast). */
function logLine(
  source: LineSource,
  kind: LineKind,
  text: string,
  timestamp?: string,
  provisioner?: string,
): LogLine {
  return { source, kind, text, timestamp, provisioner };
}

const CHANNEL_LENGTH = 10;
const OUT = "PACKER OUT";
const ERR = "PACKER ERR";
const END = "PACKER END";
const TELEMETRY_START = "[INFO] (telemetry) Starting provisioner ";
const TELEMETRY_END = "[INFO] (telemetry) ending ";
/** Longest operation id accepted in a `[…] ` prefix (a GUID is 36). */
const MAX_ID_LENGTH = 64;

export function parseLogLine(raw: string): LogLine {
  // Offsets into `raw` rather than intermediate strings: each line is sliced once, at the end.
  // Comparisons use substring equality and char codes, which V8 does several times faster
  // than startsWith on these sliced strings.
  const end = raw.charCodeAt(raw.length - 1) === 13 ? raw.length - 1 : raw.length;
  const at = afterOperationId(raw);
  if (raw.charCodeAt(at) === 80 /* P */) {
    const channel = raw.substring(at, at + CHANNEL_LENGTH);
    if (channel === OUT) return parseOut(raw, Math.min(at + CHANNEL_LENGTH + 1, end), end);
    if (channel === ERR) return parseErr(raw.slice(Math.min(at + CHANNEL_LENGTH + 1, end), end));
    if (channel === END) return logLine("packer-result", "packer-end", END);
  }
  return logLine("service", "text", raw.slice(at, end));
}

/** The last prefix found to be an operation id: a log has one, on nearly every line. */
let knownIdPrefix = "";

/** Where the line starts after its `[<operation-id>] ` prefix, or 0 when it has none. */
function afterOperationId(line: string): number {
  if (line.charCodeAt(0) !== 91 /* [ */) return 0;
  const known = knownIdPrefix.length;
  if (known && line.substring(0, known) === knownIdPrefix) return known;
  const close = line.indexOf("]", 1);
  if (close < 9 || close > MAX_ID_LENGTH) return 0;
  // Only ids: `[INFO]`, `[ERROR]` or a bracketed script line must stay as they are.
  for (let i = 1; i < close; i++) if (!isIdChar(line.charCodeAt(i))) return 0;
  const at = line.charCodeAt(close + 1) === 32 ? close + 2 : close + 1;
  knownIdPrefix = line.slice(0, at);
  return at;
}

function isIdChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 45;
}

function parseOut(raw: string, from: number, end: number): LogLine {
  // `==> azure-arm: message` (Packer's messages, stderr) or `    azure-arm: output`.
  const first = raw.charCodeAt(from);
  const arrow = first === 61 /* = */ && raw.substring(from, from + 4) === "==> ";
  if (arrow || (first === 32 && raw.substring(from, from + 4) === "    ")) {
    const text = afterBuilderName(raw, from + 4, end);
    if (text >= 0) {
      const source: LineSource = arrow ? "packer" : "output";
      return logLine(source, "text", raw.slice(text, end));
    }
  }
  return logLine("packer-result", "text", raw.slice(from, end));
}

/**
 * Where the text after `<builder>:` starts when the word at `from` is a builder name
 * (azure-arm, or azure-arm.<source> in HCL templates); -1 for lines such as
 * `==> Builds finished. …`.
 */
function afterBuilderName(raw: string, from: number, end: number): number {
  const limit = Math.min(end, from + 80);
  for (let i = from; i < limit; i++) {
    const c = raw.charCodeAt(i);
    if (c === 58 /* : */) {
      if (i === from) return -1;
      if (i + 1 === end) return end;
      return raw.charCodeAt(i + 1) === 32 ? i + 2 : -1;
    }
    if (c === 32) return -1;
  }
  return -1;
}

function parseErr(text: string): LogLine {
  const timestamp = isPackerTimestamp(text) ? text.slice(0, 19) : undefined;
  const body = timestamp ? text.slice(20) : text;
  if (body.startsWith(TELEMETRY_START)) {
    const provisioner = body.slice(TELEMETRY_START.length).trim();
    return logLine("packer-log", "provisioner-start", body, timestamp, provisioner);
  }
  if (body.startsWith(TELEMETRY_END)) {
    const provisioner = body.slice(TELEMETRY_END.length).trim();
    return logLine("packer-log", "provisioner-end", body, timestamp, provisioner);
  }
  return logLine("packer-log", "text", body, timestamp);
}

/** `2026/11/23 00:10:12 ` at the start. */
function isPackerTimestamp(text: string): boolean {
  return (
    text.length >= 20 &&
    text.charCodeAt(4) === 47 &&
    text.charCodeAt(7) === 47 &&
    text.charCodeAt(10) === 32 &&
    text.charCodeAt(13) === 58 &&
    text.charCodeAt(16) === 58 &&
    text.charCodeAt(19) === 32
  );
}

/** `2026/11/23 00:10:12` → `2026-11-23T00:10:12Z`. */
export function isoTime(packerTimestamp: string): string {
  return `${packerTimestamp.slice(0, 4)}-${packerTimestamp.slice(5, 7)}-${packerTimestamp.slice(8, 10)}T${packerTimestamp.slice(11, 19)}Z`;
}
