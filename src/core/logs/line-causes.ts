import type { LogLine } from "./log-line.js";

/**
 * What a line says about a failure. Ranked: when several lines explain a failure, the reason
 * given to a person is the line of the highest rank, since a policy or a deadline explains
 * more than the exit code it caused.
 */
export type Cause =
  | "policy"
  | "deadline"
  /**
   * Resource Manager refused a resource of the build: quota, a size not offered in the region,
   * no capacity, a network or template error it names (the innermost `-> Code : message` of the
   * Azure builder's error tree).
   */
  | "deployment"
  | "distribution"
  | "missing-file"
  | "powershell-error"
  | "error"
  | "exit-code"
  | "build-error"
  /**
   * A non-zero exit code that only Packer's own log reports (`command '…' exited with code:
   * 16001`). It says which command failed when nothing else does, but less than Packer's verdict,
   * since a restart or an update exits non-zero on its way to success.
   */
  | "packer-exit"
  /**
   * The detail of an error, shown with it but never its reason: PowerShell's `At C:\…:3 char:1`
   * and `+ CategoryInfo …`, stack frames (`ERROR: at <ScriptBlock>, …`).
   */
  | "detail";

export const CAUSE_RANK: Record<Cause, number> = {
  policy: 9,
  deadline: 8,
  deployment: 8,
  distribution: 7,
  "missing-file": 6,
  "powershell-error": 6,
  error: 5,
  "exit-code": 4,
  "build-error": 3,
  "packer-exit": 2,
  detail: 0,
};

const MAY_EXPLAIN =
  /rror|RROR|ailed|ailure|AILED|AILURE|isallowed|imeout|timed out|deadline|exit status|exit code|exited with|No such f|not found|ot find|not exist|not recogn|atal|FATAL|Exception|HRESULT|^E: |^\* | char:|CategoryInfo|denied|uota|ot available|llocation|apacity/;

/**
 * What Resource Manager says when it will not create a resource of the build, wherever the
 * message sits (Packer's error tree, an HTTP body, a wrapped `Message="…"`).
 */
const ARM_REFUSALS = [
  "QuotaExceeded",
  "exceeding quota",
  "exceeding approved",
  "SkuNotAvailable",
  "is currently not available in location",
  "AllocationFailed",
  "Allocation failed",
  "OverconstrainedAllocationRequest",
  "OverconstrainedZonalAllocationRequest",
  "SubnetIsFull",
  "does not have enough capacity",
  "InvalidResourceReference",
  "StaticPublicIPCountLimitReached",
];

/**
 * Resource Manager's wrappers around the error that matters: they say a deployment failed and
 * point at "details" or "inner errors", which the lines after them carry.
 */
const ARM_WRAPPERS = [
  "At least one resource deployment operation failed",
  "See inner errors for details",
  "Cannot parse the request",
  "Please see details for more information",
];

/** The Azure builder's error tree: `ERROR: -> Code : message`, nested with more indentation. */
const ARM_TREE = /^ERROR: +-> /;

/**
 * "error" as a word: package managers print names such as libgpg-error0 or liberror-perl by
 * the hundred, and those explain nothing.
 */
const ERROR_WORD =
  /(?:^|[^\w-])(?:error|Error|ERROR)(?![\w-])|(?:^|[^\w-])(?:errors|Errors|ERRORS)\b/;

/**
 * Packer's lines that announce a failure without saying anything about it; the lines before
 * or after them carry the reason.
 */
const GENERIC_PACKER = [
  "Provisioning step had errors",
  "Some builds didn't complete successfully",
  "Builds finished but no artifacts were created",
  "error(s) occurred",
];

/**
 * The cause a line points at, or undefined for ordinary output. Cheap substring tests come
 * first, since nearly every line of a large log is ordinary output and must fail fast.
 */
export function causeOf(line: LogLine): Cause | undefined {
  const text = line.text;
  if (line.source === "packer-log") return packerLogCause(text);
  if (line.source === "packer-result") {
    if (text.startsWith("Build '") && text.includes("' errored")) {
      return text.includes("deadline exceeded") ? "deadline" : "build-error";
    }
    if (text.startsWith("Cancelling build after receiving")) return "build-error";
    // Packer's summary of a build's error: the message counts, not the arrow before it.
    if (text.startsWith("--> ")) return summaryCause(text);
    for (const generic of GENERIC_PACKER) if (text.includes(generic)) return undefined;
  } else if (line.source === "packer" && text.startsWith("Provisioning step had errors")) {
    return undefined;
  }
  return textCause(text);
}

function summaryCause(text: string): Cause | undefined {
  const colon = text.indexOf(": ");
  return colon < 0 ? undefined : textCause(text.slice(colon + 2));
}

function textCause(text: string): Cause | undefined {
  // One scan for every word the checks below look for, so that ordinary output (nearly
  // every line) is dismissed at once. Keep it in step with those checks.
  if (!MAY_EXPLAIN.test(text)) return undefined;
  const detail = errorDetail(text);
  if (detail) return detail;

  const hasError = (text.includes("rror") || text.includes("RROR")) && ERROR_WORD.test(text);
  const hasFail =
    text.includes("ailed") ||
    text.includes("ailure") ||
    text.includes("AILED") ||
    text.includes("AILURE");
  if (text.includes("olicy")) {
    // "…failed because of policy violation" comes first but names no policy; the line that
    // does is the one to show.
    if (text.includes("RequestDisallowedByPolicy") || text.includes("disallowed by policy"))
      return "policy";
  }
  if (text.includes("deadline exceeded") || text.includes("imeout") || text.includes("timed out")) {
    if (
      hasError ||
      hasFail ||
      text.includes("deadline") ||
      text.includes("reached") ||
      text.startsWith("Timeout waiting for")
    )
      return "deadline";
  }
  if ((hasError || hasFail) && (text.includes("istribut") || text.includes("eplicat")))
    return "distribution";
  const arm = armCause(text);
  if (arm) return arm;
  if (text.includes("exit status") || text.includes("exit code") || text.includes("exited with")) {
    // A script printing "exit code 0" explains nothing.
    if (!text.includes("code 0") && !text.includes("code: 0") && !text.includes("status: 0"))
      return "exit-code";
  }
  if (
    text.includes("No such file") ||
    text.includes("not found") ||
    text.includes("annot find") ||
    text.includes("ould not find") ||
    text.includes("does not exist") ||
    text.includes("not recognized as")
  )
    return "missing-file";
  if (
    hasError ||
    text.startsWith("E: ") ||
    text.includes("atal") ||
    text.includes("FATAL") ||
    text.includes("Exception") ||
    text.includes("HRESULT") ||
    text.includes("ermission denied") ||
    // Packer lists what is wrong with a build's configuration as `* <problem>`.
    text.startsWith("* ") ||
    hasFail
  )
    return "error";
  return undefined;
}

/**
 * A line of Resource Manager's answer to the build's deployment: the refusal itself, or the
 * wrapper around it, which is shown but is never the reason when the refusal is there too.
 */
function armCause(text: string): Cause | undefined {
  for (const refusal of ARM_REFUSALS) if (text.includes(refusal)) return "deployment";
  const tree = text.startsWith("ERROR:") && ARM_TREE.test(text);
  for (const wrapper of ARM_WRAPPERS) if (text.includes(wrapper)) return "build-error";
  if (!tree) return undefined;
  // `ERROR:   -> BadRequest`: a code without its message says nothing yet.
  return text.includes(" : ") ? "deployment" : "build-error";
}

/**
 * Packer's internal log is mostly plugin chatter (HTTP traces full of "error" fields), so only
 * unmistakable lines count, and the `ui:` copies of lines already seen on the OUT channel never.
 */
function packerLogCause(text: string): Cause | undefined {
  if (text.startsWith("ui") || text.includes(" ui: ") || text.includes(" ui error: "))
    return undefined;
  if (text.includes("deadline exceeded") || text.includes("timeout reached")) return "deadline";
  if (text.includes("Cancelling build")) return "build-error";
  if (text.includes("RequestDisallowedByPolicy")) return "policy";
  if (isFailedCommand(text)) return "packer-exit";
  // A plugin that crashed: Packer's own verdict then says no more than "unexpected EOF".
  if (text.includes("panic: ") && PANIC.test(text)) return "error";
  return undefined;
}

/** `packer: panic: interface conversion: …`, `packer-plugin-azure plugin: panic: …`. */
const PANIC = /(?:^|: )panic: /;

const EXITED_WITH_CODE = "' exited with code: ";

/**
 * Packer's record of a remote command that failed: `[INFO] command '…' exited with code: 16001`
 * (WinRM), `[ERROR] Remote command exited with '1': …` (SSH), or a command that lost its
 * connection (`Remote command exited without exit status or exit signal`).
 */
export function isFailedCommand(text: string): boolean {
  const at = text.lastIndexOf(EXITED_WITH_CODE);
  if (at >= 0) return text.slice(at + EXITED_WITH_CODE.length).trim() !== "0";
  if (text.includes("Remote command exited with '")) return !text.includes("exited with '0'");
  return text.includes("Remote command exited without exit status");
}

function errorDetail(text: string): Cause | undefined {
  let i = 0;
  while (text.charCodeAt(i) === 32) i++;
  const c = text.charCodeAt(i);
  if (c === 65 /* A */ && text.startsWith("At ", i) && text.includes(" char:")) return "detail";
  if (
    c === 43 /* + */ &&
    (text.startsWith("+ CategoryInfo", i) || text.startsWith("+ FullyQualifiedErrorId", i))
  )
    return "detail";
  if (c === 69 /* E */ && text.startsWith("ERROR", i)) {
    // Windows update's stack: `ERROR: at <ScriptBlock>, …` / `ERROR EXCEPTION:    at System.…`.
    const colon = text.indexOf(":", i);
    if (colon > 0 && colon < i + 16) {
      let j = colon + 1;
      while (text.charCodeAt(j) === 32) j++;
      if (text.startsWith("at ", j)) return "detail";
    }
  }
  return undefined;
}

/** `At C:\Windows\Temp\script-….ps1:12 char:1` → true: the line that follows an error's message. */
export function isPowershellPosition(text: string): boolean {
  return text.trimStart().startsWith("At ") && text.includes(" char:");
}

const POWERSHELL_LINE = /^\s*At .*:(\d+) char:\d+/;
const SHELL_LINE = /^\S+: line (\d+): /;

/** The script line a message points at (PowerShell's `At …:12 char:1`, bash's `…: line 12:`). */
export function scriptLineOf(text: string): number | undefined {
  const match = POWERSHELL_LINE.exec(text) ?? SHELL_LINE.exec(text);
  return match ? Number(match[1]) : undefined;
}
