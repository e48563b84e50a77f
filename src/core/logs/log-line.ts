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
const PACKER = "PACKER ";
const TELEMETRY_START = "[INFO] (telemetry) Starting provisioner ";
const TELEMETRY_END = "[INFO] (telemetry) ending ";
/** Longest operation id accepted in a `[…] ` prefix (a GUID is 36). */
const MAX_ID_LENGTH = 64;
/** Characters a log pasted into an issue or a pipeline log may carry before its lines: `**`, `` ` ``, `> `. */
const MAX_PASTED_PREFIX = 4;

export function parseLogLine(raw: string): LogLine {
  // Offsets into `raw` rather than intermediate strings: each line is sliced once, at the end.
  // Comparisons use substring equality and char codes, which V8 does several times faster
  // than startsWith on these sliced strings.
  const end = raw.charCodeAt(raw.length - 1) === 13 ? raw.length - 1 : raw.length;
  const from = afterPastedPrefix(raw);
  const at = afterOperationId(raw, from);
  if (raw.charCodeAt(at) === 80 /* P */) {
    const channel = raw.substring(at, at + CHANNEL_LENGTH);
    if (channel === OUT) return parseOut(raw, Math.min(at + CHANNEL_LENGTH + 1, end), end);
    if (channel === ERR) return parseErr(raw, Math.min(at + CHANNEL_LENGTH + 1, end), end);
    if (channel === END) return logLine("packer-result", "packer-end", END);
    if (raw.substring(at, at + PACKER.length) === PACKER) return parseNewer(raw, at + 7, end);
    if (at + 6 === end && raw.substring(at, end) === "PACKER") {
      return logLine("packer-result", "text", "");
    }
  }
  return bareLine(raw, at, end);
}

/**
 * A line without Packer's channel: Image Builder's own, or Packer's output as people post it
 * from a terminal or a pipeline (`==> azure-arm: …`, `Build 'azure-arm' errored: …`, the
 * `<time> ui: …` lines of PACKER_LOG), which Image Builder would have wrapped in its channel.
 */
function bareLine(raw: string, at: number, end: number): LogLine {
  const c = raw.charCodeAt(at);
  if (c === 61 /* = */ || c === 45 /* - */) {
    const head = raw.substring(at, at + 4);
    if (head === "==> " || head === "--> ") return parseOut(raw, at, end);
  } else if (c === 66 /* B */ && raw.substring(at, at + 7) === "Build '") {
    return parseOut(raw, at, end);
  } else if (c >= 48 && c <= 57 && isPackerTimestamp(raw.substring(at, at + 20))) {
    return parseNewer(raw, at, end);
  } else if (c === 97 /* a */ && raw.substring(at, at + 9) === "azure-arm") {
    // `azure-arm: …` with its arrow lost when pasted.
    const text = afterBuilderName(raw, at, end);
    if (text >= 0) return logLine("packer", "text", raw.slice(text, end));
  }
  return logLine("service", "text", raw.slice(at, end));
}

/**
 * Lines copied from an issue or a pipeline log keep a little markdown around them (`` `[id] ``,
 * `**PACKER OUT …**`); the Packer line starts after it. Only skipped when a Packer line or an
 * operation id follows, so the service's own lines stay as written.
 */
function afterPastedPrefix(raw: string): number {
  const first = raw.charCodeAt(0);
  if (first === 91 /* [ */ || first === 80 /* P */) return 0;
  let i = 0;
  while (i < MAX_PASTED_PREFIX && isPasteMark(raw.charCodeAt(i))) i++;
  if (i === 0) return 0;
  const c = raw.charCodeAt(i);
  if (c === 91 /* [ */ || (c === 80 /* P */ && raw.substring(i, i + 6) === "PACKER")) return i;
  return 0;
}

function isPasteMark(c: number): boolean {
  return c === 96 /* ` */ || c === 42 /* * */ || c === 32 || c === 62; /* > */
}

/** The last prefix found to be an operation id: a log has one, on nearly every line. */
let knownIdPrefix = "";

/**
 * Where the line starts after its `[<operation-id>] ` prefix, or `from` when it has none.
 * Any bracketed word counts when Packer's channel follows it, as in documentation that writes
 * `[<log_id>] PACKER …`.
 */
function afterOperationId(line: string, from: number): number {
  if (line.charCodeAt(from) !== 91 /* [ */) return afterUnopenedId(line, from);
  const known = knownIdPrefix.length;
  if (known && line.substring(from, from + known) === knownIdPrefix) return from + known;
  const close = line.indexOf("]", from + 1);
  if (close < 0 || close - from > MAX_ID_LENGTH) return from;
  const at = line.charCodeAt(close + 1) === 32 ? close + 2 : close + 1;
  if (close - from >= 9 && isId(line, from + 1, close)) {
    knownIdPrefix = line.slice(from, at);
    return at;
  }
  // Only ids, or a placeholder before Packer's channel: `[INFO]`, `[Distribute 0]` or a
  // bracketed script line must stay as they are.
  return line.substring(at, at + 6) === "PACKER" ? at : from;
}

/** `fddf68f1-…-abf25c3f8059] PACKER ERR …`: an id whose `[` was lost when the line was pasted. */
function afterUnopenedId(line: string, from: number): number {
  if (!isIdChar(line.charCodeAt(from))) return from;
  const close = line.indexOf("] PACKER", from);
  if (close < 0 || close - from > MAX_ID_LENGTH || close - from < 8) return from;
  return isId(line, from, close) ? close + 2 : from;
}

function isId(line: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isIdChar(line.charCodeAt(i))) return false;
  return true;
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

/**
 * `PACKER ERR <time> …` is Packer's own log; without a time it is Packer's stderr, the error
 * messages it shows a person (`PACKER ERR * client_jwt will expire …`).
 */
function parseErr(raw: string, from: number, end: number): LogLine {
  const text = raw.slice(from, end);
  if (!isPackerTimestamp(text)) return parseOut(raw, from, end);
  return parsePackerLog(text.slice(0, 19), text.slice(20));
}

/**
 * The newer plugin's format: one `PACKER` channel, `PACKER <time> ui: <what a person sees>`
 * for the interface, `PACKER <time> <log>` for Packer's log and `PACKER ==> …` for the rest.
 */
function parseNewer(raw: string, from: number, end: number): LogLine {
  const text = raw.slice(from, end);
  if (!isPackerTimestamp(text)) return parseOut(raw, from, end);
  const body = text.slice(20);
  if (body.startsWith("ui: ")) return timed(parseOut(raw, from + 24, end), text);
  if (body.startsWith("ui error: ")) return timed(parseOut(raw, from + 30, end), text);
  if (body === "ui:" || body === "ui: ") return logLine("packer-result", "text", "");
  return parsePackerLog(text.slice(0, 19), body);
}

function timed(line: LogLine, text: string): LogLine {
  line.timestamp = text.slice(0, 19);
  return line;
}

function parsePackerLog(timestamp: string, body: string): LogLine {
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
