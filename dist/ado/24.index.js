export const id = 24;
export const ids = [24];
export const modules = {

/***/ 4024:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  realRun: () => (/* binding */ realRun)
});

// EXTERNAL MODULE: ./.build/src/core/naming.js
var naming = __webpack_require__(8543);
// EXTERNAL MODULE: ./.build/src/core/template/render-template.js + 21 modules
var render_template = __webpack_require__(4765);
// EXTERNAL MODULE: ./.build/src/core/staging/blob-staging.js
var blob_staging = __webpack_require__(7698);
// EXTERNAL MODULE: ./.build/src/core/errors.js
var errors = __webpack_require__(6512);
// EXTERNAL MODULE: ./.build/src/core/azure/arm.js + 1 modules
var azure_arm = __webpack_require__(7701);
// EXTERNAL MODULE: ./.build/src/core/azure/resource-id.js
var resource_id = __webpack_require__(1325);
;// CONCATENATED MODULE: ./.build/src/core/staging/staging-account.js



const STORAGE_API_VERSION = "2023-05-01";
async function resolveStagingAccount(arm, account, resourceGroup, abortSignal) {
    const id = account.id ??
        `${(0,resource_id/* resourceGroupId */.x6)(arm.subscriptionId, resourceGroup)}/providers/Microsoft.Storage/storageAccounts/${account.name}`;
    let resource;
    try {
        resource = await arm.get(id, STORAGE_API_VERSION, abortSignal);
    }
    catch (error) {
        if (error instanceof azure_arm/* ArmError */.dW && error.code === "ResourceGroupNotFound" && !account.id) {
            throw new errors/* InputError */.dz("resource-group", `names a resource group that does not exist in subscription ${arm.subscriptionId}: ${resourceGroup}. Create it first, or name an existing one.`);
        }
        if (error instanceof azure_arm/* ArmError */.dW &&
            (error.status === 404 ||
                error.code === "ResourceNotFound" ||
                error.code === "ResourceGroupNotFound")) {
            throw new errors/* InputError */.dz("staging-storage-account", `the storage account ${id} was not found (${error.message}). Check the name and resource group, or give its resource ID.`);
        }
        throw error;
    }
    const blob = resource.properties?.primaryEndpoints?.blob;
    if (!blob)
        throw new errors/* BakeError */.oU(`The storage account ${id} has no blob endpoint. Use a general-purpose v2 or BlockBlobStorage account.`);
    return {
        id: resource.id ?? id,
        name: resource.name ?? account.name,
        blobEndpoint: blob.endsWith("/") ? blob : `${blob}/`,
    };
}

// EXTERNAL MODULE: ./.build/src/core/run/image-template-client.js
var image_template_client = __webpack_require__(4111);
// EXTERNAL MODULE: ./.build/src/core/run/cleanup.js
var cleanup = __webpack_require__(4701);
// EXTERNAL MODULE: ./.build/src/core/run/sign-in.js + 2 modules
var sign_in = __webpack_require__(592);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
;// CONCATENATED MODULE: ./.build/src/core/logs/line-causes.js
const CAUSE_RANK = {
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
const MAY_EXPLAIN = /rror|RROR|ailed|ailure|AILED|AILURE|isallowed|imeout|timed out|deadline|exit status|exit code|exited with|No such f|not found|ot find|not exist|not recogn|atal|FATAL|Exception|HRESULT|^E: |^\* | char:|CategoryInfo|denied|uota|ot available|llocation|apacity/;
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
const ERROR_WORD = /(?:^|[^\w-])(?:error|Error|ERROR)(?![\w-])|(?:^|[^\w-])(?:errors|Errors|ERRORS)\b/;
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
function causeOf(line) {
    const text = line.text;
    if (line.source === "packer-log")
        return packerLogCause(text);
    if (line.source === "packer-result") {
        if (text.startsWith("Build '") && text.includes("' errored")) {
            return text.includes("deadline exceeded") ? "deadline" : "build-error";
        }
        if (text.startsWith("Cancelling build after receiving"))
            return "build-error";
        // Packer's summary of a build's error: the message counts, not the arrow before it.
        if (text.startsWith("--> "))
            return summaryCause(text);
        for (const generic of GENERIC_PACKER)
            if (text.includes(generic))
                return undefined;
    }
    else if (line.source === "packer" && text.startsWith("Provisioning step had errors")) {
        return undefined;
    }
    return textCause(text);
}
function summaryCause(text) {
    const colon = text.indexOf(": ");
    return colon < 0 ? undefined : textCause(text.slice(colon + 2));
}
function textCause(text) {
    // One scan for every word the checks below look for, so that ordinary output (nearly
    // every line) is dismissed at once. Keep it in step with those checks.
    if (!MAY_EXPLAIN.test(text))
        return undefined;
    const detail = errorDetail(text);
    if (detail)
        return detail;
    const hasError = (text.includes("rror") || text.includes("RROR")) && ERROR_WORD.test(text);
    const hasFail = text.includes("ailed") ||
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
        if (hasError ||
            hasFail ||
            text.includes("deadline") ||
            text.includes("reached") ||
            text.startsWith("Timeout waiting for"))
            return "deadline";
    }
    if ((hasError || hasFail) && (text.includes("istribut") || text.includes("eplicat")))
        return "distribution";
    const arm = armCause(text);
    if (arm)
        return arm;
    if (text.includes("exit status") || text.includes("exit code") || text.includes("exited with")) {
        // A script printing "exit code 0" explains nothing.
        if (!text.includes("code 0") && !text.includes("code: 0") && !text.includes("status: 0"))
            return "exit-code";
    }
    if (text.includes("No such file") ||
        text.includes("not found") ||
        text.includes("annot find") ||
        text.includes("ould not find") ||
        text.includes("does not exist") ||
        text.includes("not recognized as"))
        return "missing-file";
    if (hasError ||
        text.startsWith("E: ") ||
        text.includes("atal") ||
        text.includes("FATAL") ||
        text.includes("Exception") ||
        text.includes("HRESULT") ||
        text.includes("ermission denied") ||
        // Packer lists what is wrong with a build's configuration as `* <problem>`.
        text.startsWith("* ") ||
        hasFail)
        return "error";
    return undefined;
}
/**
 * A line of Resource Manager's answer to the build's deployment: the refusal itself, or the
 * wrapper around it, which is shown but is never the reason when the refusal is there too.
 */
function armCause(text) {
    for (const refusal of ARM_REFUSALS)
        if (text.includes(refusal))
            return "deployment";
    const tree = text.startsWith("ERROR:") && ARM_TREE.test(text);
    for (const wrapper of ARM_WRAPPERS)
        if (text.includes(wrapper))
            return "build-error";
    if (!tree)
        return undefined;
    // `ERROR:   -> BadRequest`: a code without its message says nothing yet.
    return text.includes(" : ") ? "deployment" : "build-error";
}
/**
 * Packer's internal log is mostly plugin chatter (HTTP traces full of "error" fields), so only
 * unmistakable lines count, and the `ui:` copies of lines already seen on the OUT channel never.
 */
function packerLogCause(text) {
    if (text.startsWith("ui") || text.includes(" ui: ") || text.includes(" ui error: "))
        return undefined;
    if (text.includes("deadline exceeded") || text.includes("timeout reached"))
        return "deadline";
    if (text.includes("Cancelling build"))
        return "build-error";
    if (text.includes("RequestDisallowedByPolicy"))
        return "policy";
    if (isFailedCommand(text))
        return "packer-exit";
    // A plugin that crashed: Packer's own verdict then says no more than "unexpected EOF".
    if (text.includes("panic: ") && PANIC.test(text))
        return "error";
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
function isFailedCommand(text) {
    const at = text.lastIndexOf(EXITED_WITH_CODE);
    if (at >= 0)
        return text.slice(at + EXITED_WITH_CODE.length).trim() !== "0";
    if (text.includes("Remote command exited with '"))
        return !text.includes("exited with '0'");
    return text.includes("Remote command exited without exit status");
}
function errorDetail(text) {
    let i = 0;
    while (text.charCodeAt(i) === 32)
        i++;
    const c = text.charCodeAt(i);
    if (c === 65 /* A */ && text.startsWith("At ", i) && text.includes(" char:"))
        return "detail";
    if (c === 43 /* + */ &&
        (text.startsWith("+ CategoryInfo", i) || text.startsWith("+ FullyQualifiedErrorId", i)))
        return "detail";
    if (c === 69 /* E */ && text.startsWith("ERROR", i)) {
        // Windows update's stack: `ERROR: at <ScriptBlock>, …` / `ERROR EXCEPTION:    at System.…`.
        const colon = text.indexOf(":", i);
        if (colon > 0 && colon < i + 16) {
            let j = colon + 1;
            while (text.charCodeAt(j) === 32)
                j++;
            if (text.startsWith("at ", j))
                return "detail";
        }
    }
    return undefined;
}
/** `At C:\Windows\Temp\script-….ps1:12 char:1` → true: the line that follows an error's message. */
function isPowershellPosition(text) {
    return text.trimStart().startsWith("At ") && text.includes(" char:");
}
const POWERSHELL_LINE = /^\s*At .*:(\d+) char:\d+/;
const SHELL_LINE = /^\S+: line (\d+): /;
/** The script line a message points at (PowerShell's `At …:12 char:1`, bash's `…: line 12:`). */
function scriptLineOf(text) {
    const match = POWERSHELL_LINE.exec(text) ?? SHELL_LINE.exec(text);
    return match ? Number(match[1]) : undefined;
}

;// CONCATENATED MODULE: ./.build/src/core/logs/failure-excerpt.js

/** Lines of output kept before the failure, for what the script was doing when it stopped. */
const CONTEXT_LINES = 6;
/** Explaining lines kept per segment; the first is always kept, as it is often the root cause. */
const MAX_EXPLAINING = 16;
/** Explaining lines kept after the failure (the build's verdict, other regions). */
const MAX_AFTER = 8;
const MAX_EXCERPT_LINES = 30;
const MAX_LINE_LENGTH = 500;
/** Lines a PowerShell error message may wrap onto before its `At …` position. */
const MESSAGE_LINES = 3;
/**
 * Picks the lines that explain a failure while the log streams past, keeping bounded state:
 * the last few lines of the current segment (a customizer, or the stretch between two), the
 * lines of it that look like causes, and once the build failed, the segment it failed in.
 */
class FailureExcerpt {
    // The last lines of output, as parallel arrays: most lines pass through here and nowhere
    // else, so they should cost no allocation.
    ringSeq = [];
    ringText = [];
    ringCause = [];
    ringNext = 0;
    explaining = [];
    frozen;
    after = [];
    get isFrozen() {
        return this.frozen !== undefined;
    }
    /** A customizer starts or ends: earlier lines no longer explain what happens next. */
    newSegment() {
        if (this.frozen)
            return;
        this.ringSeq = [];
        this.ringText = [];
        this.ringCause = [];
        this.ringNext = 0;
        this.explaining = [];
    }
    observe(seq, text, cause, noise) {
        if (this.frozen) {
            if (cause && cause !== "detail")
                this.addAfter({ seq, text: clip(text), cause, noise });
            return;
        }
        if (cause === "detail" && isPowershellPosition(text))
            this.promoteMessageLine();
        if (cause)
            this.addExplaining({ seq, text: clip(text), cause, noise });
        if (!noise)
            this.addContext(seq, text, cause);
    }
    /**
     * The build failed in the current segment. `withContext` keeps the last lines of output
     * too, which matter for a script and not for, say, the cleanup after a failed deployment.
     */
    freeze(withContext) {
        if (this.frozen)
            return;
        const context = withContext ? this.contextLines() : [];
        const bySeq = new Map();
        for (const c of [...this.explaining, ...context])
            bySeq.set(c.seq, c);
        this.frozen = { lines: [...bySeq.values()].sort((a, b) => a.seq - b.seq), withContext };
    }
    explanation(fallback) {
        const lines = this.frozen?.lines ?? this.explaining;
        const all = [...lines, ...this.after];
        let best;
        let bestRank = 0;
        for (const c of all) {
            if (!c.cause || CAUSE_RANK[c.cause] === 0)
                continue;
            const rank = CAUSE_RANK[c.cause] - (c.noise ? 0.5 : 0);
            // The first mention of a policy or deadline is the cleanest; Packer repeats it wrapped
            // in its summary. For script errors the last one, right before the exit, is the one.
            if (rank > bestRank || (rank === bestRank && rank <= CAUSE_RANK["missing-file"])) {
                best = c;
                bestRank = rank;
            }
        }
        let scriptLine = null;
        for (const c of lines) {
            if (!c.cause)
                continue;
            const line = scriptLineOf(c.text);
            if (line !== undefined)
                scriptLine = line;
        }
        const reason = best ? reasonText(best) : fallback;
        return { reason, excerpt: this.excerptLines(), scriptLine };
    }
    excerptLines() {
        const lines = this.frozen?.lines ?? this.explaining;
        const out = [];
        for (const c of lines)
            if (out[out.length - 1] !== c.text)
                out.push(c.text);
        for (const c of this.after) {
            // Packer's verdict often repeats a line already shown ("…errored after 3 minutes: Script
            // exited with non-zero exit status: 100…"), and its summary (`--> azure-arm: …`) repeats
            // the verdict; once is enough.
            if (out.some((shown) => shown.trim().length > 20 && c.text.includes(shown.trim())))
                continue;
            const summary = summarised(c.text);
            if (summary && out.some((shown) => shown.includes(summary)))
                continue;
            if (!out.includes(c.text))
                out.push(c.text);
        }
        if (out.length <= MAX_EXCERPT_LINES)
            return out;
        return [out[0], "…", ...out.slice(out.length - (MAX_EXCERPT_LINES - 2))];
    }
    addExplaining(c) {
        if (this.explaining.length >= MAX_EXPLAINING)
            this.explaining.splice(1, 1);
        this.explaining.push(c);
    }
    addAfter(c) {
        if (this.after.length >= MAX_AFTER)
            return;
        this.after.push(c);
    }
    addContext(seq, text, cause) {
        // A loop printing the same line (IMAGE_STATE_UNDEPLOYABLE every 5 s) shows it once.
        const last = (this.ringNext + CONTEXT_LINES - 1) % CONTEXT_LINES;
        if (this.ringSeq.length > 0 && this.ringText[last] === text)
            return;
        const i = this.ringNext;
        this.ringSeq[i] = seq;
        this.ringText[i] = text;
        this.ringCause[i] = cause;
        this.ringNext = (i + 1) % CONTEXT_LINES;
    }
    /** The ring's lines, oldest first. */
    contextLines() {
        const out = [];
        const size = this.ringSeq.length;
        const first = size < CONTEXT_LINES ? 0 : this.ringNext;
        for (let k = 0; k < size; k++) {
            const i = (first + k) % CONTEXT_LINES;
            const text = clip(this.ringText[i]);
            out.push({ seq: this.ringSeq[i], text, cause: this.ringCause[i], noise: false });
        }
        return out;
    }
    /**
     * PowerShell writes an error's message before its `At …` position, starting with the command
     * that failed (`Get-Service : Cannot find …`); a long message wraps onto further lines.
     */
    promoteMessageLine() {
        const size = this.ringSeq.length;
        if (size === 0)
            return;
        let last = (this.ringNext + CONTEXT_LINES - 1) % CONTEXT_LINES;
        let probe = last;
        for (let back = 0; back < Math.min(size, MESSAGE_LINES); back++) {
            if (this.ringText[probe].includes(" : ")) {
                last = probe;
                break;
            }
            probe = (probe + CONTEXT_LINES - 1) % CONTEXT_LINES;
        }
        const text = this.ringText[last];
        const cause = this.ringCause[last];
        if (text.trim() === "" || (cause && cause !== "error" && cause !== "missing-file"))
            return;
        this.ringCause[last] = "powershell-error";
        const seq = this.ringSeq[last];
        const listed = this.explaining.find((c) => c.seq === seq);
        if (listed)
            listed.cause = "powershell-error";
        else
            this.addExplaining({ seq, text: clip(text), cause: "powershell-error", noise: false });
    }
}
/** Longest command a reason quotes whole; Packer's WinRM wrappers run to hundreds of characters. */
const MAX_REASON_COMMAND = 100;
/**
 * A line as a reason: Packer's summary without its `--> azure-arm: ` arrow, a failed command
 * without the plugin's prefix and with the middle of a long command left out.
 */
function reasonText(c) {
    const text = c.text.trim();
    const summary = summarised(text);
    if (summary)
        return summary;
    if (c.cause !== "packer-exit")
        return text;
    const tag = text.search(/\[(?:INFO|ERROR)\] /);
    const bare = tag >= 0 ? text.slice(tag + text.slice(tag).indexOf("] ") + 2) : text;
    const open = bare.indexOf("'");
    const close = bare.lastIndexOf("'");
    if (open < 0 || close - open <= MAX_REASON_COMMAND)
        return bare;
    const keep = Math.floor(MAX_REASON_COMMAND / 2);
    return `${bare.slice(0, open + keep)} … ${bare.slice(close - keep)}`;
}
/** The message of Packer's `--> azure-arm: <message>` summary line. */
function summarised(text) {
    if (!text.startsWith("--> "))
        return undefined;
    const colon = text.indexOf(": ");
    return colon < 0 ? undefined : text.slice(colon + 2).trim() || undefined;
}
/**
 * A long line keeps its start and its end: Azure's nested errors put what happened first and
 * the innermost cause (`Code="ResourceNotFound" …`) last.
 */
function clip(text) {
    if (text.length <= MAX_LINE_LENGTH)
        return text;
    const half = Math.floor((MAX_LINE_LENGTH - 3) / 2);
    return `${text.slice(0, half)} … ${text.slice(text.length - half)}`;
}

;// CONCATENATED MODULE: ./.build/src/core/logs/log-line.js
/**
 * One line of Image Builder's customization.log, taken apart. The service prefixes most lines
 * with `[<operation-id>] `, but not all (lines written before the operation is known, logs
 * merged by hand), so every prefix is optional.
 *
 * This runs once per line of logs that reach hundreds of megabytes, so it only compares
 * prefixes and characters at fixed positions; no regular expression runs here.
 */
/** Every line gets the same object shape, which keeps the per-line code monomorphic (fast). */
function logLine(source, kind, text, timestamp, provisioner) {
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
function parseLogLine(raw) {
    // Offsets into `raw` rather than intermediate strings: each line is sliced once, at the end.
    // Comparisons use substring equality and char codes, which V8 does several times faster
    // than startsWith on these sliced strings.
    const end = raw.charCodeAt(raw.length - 1) === 13 ? raw.length - 1 : raw.length;
    const from = afterPastedPrefix(raw);
    const at = afterOperationId(raw, from);
    if (raw.charCodeAt(at) === 80 /* P */) {
        const channel = raw.substring(at, at + CHANNEL_LENGTH);
        if (channel === OUT)
            return parseOut(raw, Math.min(at + CHANNEL_LENGTH + 1, end), end);
        if (channel === ERR)
            return parseErr(raw, Math.min(at + CHANNEL_LENGTH + 1, end), end);
        if (channel === END)
            return logLine("packer-result", "packer-end", END);
        if (raw.substring(at, at + PACKER.length) === PACKER)
            return parseNewer(raw, at + 7, end);
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
function bareLine(raw, at, end) {
    const c = raw.charCodeAt(at);
    if (c === 61 /* = */ || c === 45 /* - */) {
        const head = raw.substring(at, at + 4);
        if (head === "==> " || head === "--> ")
            return parseOut(raw, at, end);
    }
    else if (c === 66 /* B */ && raw.substring(at, at + 7) === "Build '") {
        return parseOut(raw, at, end);
    }
    else if (c >= 48 && c <= 57 && isPackerTimestamp(raw.substring(at, at + 20))) {
        return parseNewer(raw, at, end);
    }
    else if (c === 97 /* a */ && raw.substring(at, at + 9) === "azure-arm") {
        // `azure-arm: …` with its arrow lost when pasted.
        const text = afterBuilderName(raw, at, end);
        if (text >= 0)
            return logLine("packer", "text", raw.slice(text, end));
    }
    return logLine("service", "text", raw.slice(at, end));
}
/**
 * Lines copied from an issue or a pipeline log keep a little markdown around them (`` `[id] ``,
 * `**PACKER OUT …**`); the Packer line starts after it. Only skipped when a Packer line or an
 * operation id follows, so the service's own lines stay as written.
 */
function afterPastedPrefix(raw) {
    const first = raw.charCodeAt(0);
    if (first === 91 /* [ */ || first === 80 /* P */)
        return 0;
    let i = 0;
    while (i < MAX_PASTED_PREFIX && isPasteMark(raw.charCodeAt(i)))
        i++;
    if (i === 0)
        return 0;
    const c = raw.charCodeAt(i);
    if (c === 91 /* [ */ || (c === 80 /* P */ && raw.substring(i, i + 6) === "PACKER"))
        return i;
    return 0;
}
function isPasteMark(c) {
    return c === 96 /* ` */ || c === 42 /* * */ || c === 32 || c === 62; /* > */
}
/** The last prefix found to be an operation id: a log has one, on nearly every line. */
let knownIdPrefix = "";
/**
 * Where the line starts after its `[<operation-id>] ` prefix, or `from` when it has none.
 * Any bracketed word counts when Packer's channel follows it, as in documentation that writes
 * `[<log_id>] PACKER …`.
 */
function afterOperationId(line, from) {
    if (line.charCodeAt(from) !== 91 /* [ */)
        return afterUnopenedId(line, from);
    const known = knownIdPrefix.length;
    if (known && line.substring(from, from + known) === knownIdPrefix)
        return from + known;
    const close = line.indexOf("]", from + 1);
    if (close < 0 || close - from > MAX_ID_LENGTH)
        return from;
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
function afterUnopenedId(line, from) {
    if (!isIdChar(line.charCodeAt(from)))
        return from;
    const close = line.indexOf("] PACKER", from);
    if (close < 0 || close - from > MAX_ID_LENGTH || close - from < 8)
        return from;
    return isId(line, from, close) ? close + 2 : from;
}
function isId(line, from, to) {
    for (let i = from; i < to; i++)
        if (!isIdChar(line.charCodeAt(i)))
            return false;
    return true;
}
function isIdChar(c) {
    return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 45;
}
function parseOut(raw, from, end) {
    // `==> azure-arm: message` (Packer's messages, stderr) or `    azure-arm: output`.
    const first = raw.charCodeAt(from);
    const arrow = first === 61 /* = */ && raw.substring(from, from + 4) === "==> ";
    if (arrow || (first === 32 && raw.substring(from, from + 4) === "    ")) {
        const text = afterBuilderName(raw, from + 4, end);
        if (text >= 0) {
            const source = arrow ? "packer" : "output";
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
function afterBuilderName(raw, from, end) {
    const limit = Math.min(end, from + 80);
    for (let i = from; i < limit; i++) {
        const c = raw.charCodeAt(i);
        if (c === 58 /* : */) {
            if (i === from)
                return -1;
            if (i + 1 === end)
                return end;
            return raw.charCodeAt(i + 1) === 32 ? i + 2 : -1;
        }
        if (c === 32)
            return -1;
    }
    return -1;
}
/**
 * `PACKER ERR <time> …` is Packer's own log; without a time it is Packer's stderr, the error
 * messages it shows a person (`PACKER ERR * client_jwt will expire …`).
 */
function parseErr(raw, from, end) {
    const text = raw.slice(from, end);
    if (!isPackerTimestamp(text))
        return parseOut(raw, from, end);
    return parsePackerLog(text.slice(0, 19), text.slice(20));
}
/**
 * The newer plugin's format: one `PACKER` channel, `PACKER <time> ui: <what a person sees>`
 * for the interface, `PACKER <time> <log>` for Packer's log and `PACKER ==> …` for the rest.
 */
function parseNewer(raw, from, end) {
    const text = raw.slice(from, end);
    if (!isPackerTimestamp(text))
        return parseOut(raw, from, end);
    const body = text.slice(20);
    if (body.startsWith("ui: "))
        return timed(parseOut(raw, from + 24, end), text);
    if (body.startsWith("ui error: "))
        return timed(parseOut(raw, from + 30, end), text);
    if (body === "ui:" || body === "ui: ")
        return logLine("packer-result", "text", "");
    return parsePackerLog(text.slice(0, 19), body);
}
function timed(line, text) {
    line.timestamp = text.slice(0, 19);
    return line;
}
function parsePackerLog(timestamp, body) {
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
function isPackerTimestamp(text) {
    return (text.length >= 20 &&
        text.charCodeAt(4) === 47 &&
        text.charCodeAt(7) === 47 &&
        text.charCodeAt(10) === 32 &&
        text.charCodeAt(13) === 58 &&
        text.charCodeAt(16) === 58 &&
        text.charCodeAt(19) === 32);
}
/** `2026/11/23 00:10:12` → `2026-11-23T00:10:12Z`. */
function isoTime(packerTimestamp) {
    return `${packerTimestamp.slice(0, 4)}-${packerTimestamp.slice(5, 7)}-${packerTimestamp.slice(8, 10)}T${packerTimestamp.slice(11, 19)}Z`;
}

;// CONCATENATED MODULE: ./.build/src/core/logs/steps.js
/** Packer's provisioner names for Image Builder's customizer types. */
const TEMPLATE_TYPE = {
    shell: "Shell",
    powershell: "PowerShell",
    file: "File",
    "windows-restart": "WindowsRestart",
    "windows-update": "WindowsUpdate",
};
function templateTypeOf(provisioner) {
    return TEMPLATE_TYPE[provisioner] ?? provisioner;
}
/**
 * The k-th provisioner Packer starts is the template's customizer k: Image Builder turns each
 * customizer into one provisioner, in order, and adds its deprovisioning provisioner after
 * them. Without the template, provisioners are numbered in order and named from the log.
 */
function stepFor(k, provisioner, known) {
    const type = templateTypeOf(provisioner);
    if (known.length === 0)
        return { index: k, name: null, type, sourceFile: null };
    const customizer = known[k];
    if (customizer) {
        return {
            index: customizer.index,
            name: customizer.name ?? null,
            type: customizer.type,
            sourceFile: customizer.sourceFile ?? null,
        };
    }
    if (k === known.length)
        return deprovisioningStep(type);
    // Past deprovisioning: in-VM validation runs provisioners of its own.
    return { index: null, name: null, type, sourceFile: null };
}
function implicitStep(type) {
    return { index: null, name: null, type, sourceFile: null, implicit: true };
}
function deprovisioningStep(type) {
    return { index: null, name: null, type, sourceFile: null, deprovisioning: true };
}
/**
 * "customizer 3 'install-tools' (Shell) from scripts/install-tools.sh". People count customizers
 * from 1, as they read the template's list; `index` counts from 0.
 */
function describeStep(step) {
    const known = step.type && step.type !== "unknown" ? step.type : null;
    if (step.deprovisioning)
        return known ? `deprovisioning (${known})` : "deprovisioning";
    const parts = [step.index === null ? "customizer" : `customizer ${displayNumber(step.index)}`];
    if (step.name)
        parts.push(`'${step.name}'`);
    if (known)
        parts.push(`(${known})`);
    if (step.sourceFile && step.sourceFile !== step.name)
        parts.push(`from ${step.sourceFile}`);
    return parts.join(" ");
}
/** A customizer's number as people count it: the template's first customizer is 1. */
function displayNumber(index) {
    return index + 1;
}

;// CONCATENATED MODULE: ./.build/src/core/logs/timeline.js

/** More steps than any template has; a log with more is not a build log worth charting. */
const MAX_TIMELINE_ENTRIES = 500;
function beginEntry(step, packerTimestamp) {
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
function finishEntry(entry, packerTimestamp, status) {
    entry.status = status;
    if (packerTimestamp)
        entry.end = isoTime(packerTimestamp);
    entry.durationSeconds =
        entry.start && entry.end ? (Date.parse(entry.end) - Date.parse(entry.start)) / 1000 : null;
}
/** Steps learn their name after they start (from "Provisioning with shell script: …"). */
function refreshEntry(entry, step) {
    entry.index = step.index;
    entry.type = step.type;
    entry.name = step.name;
    entry.deprovisioning = step.deprovisioning === true;
}
/** 148 → "2m 28s"; 3725 → "1h 02m 05s". */
function formatDuration(seconds) {
    if (seconds === null)
        return "";
    const s = Math.max(0, Math.round(seconds));
    const h = Math.floor(s / 3600);
    const m = Math.floor((s % 3600) / 60);
    const pad = (n) => String(n).padStart(2, "0");
    if (h > 0)
        return `${h}h ${pad(m)}m ${pad(s % 60)}s`;
    if (m > 0)
        return `${m}m ${pad(s % 60)}s`;
    return `${s}s`;
}
/** "2026-11-23T00:10:12Z" → "00:10:12". */
function clockTime(iso) {
    return iso ? iso.slice(11, 19) : "";
}
/** How a person would name the step in a table or chart. */
function entryLabel(entry) {
    if (entry.deprovisioning)
        return "deprovisioning";
    return entry.name ?? entry.type;
}

;// CONCATENATED MODULE: ./.build/src/core/logs/log-analyzer.js






const STEP_HEAD_LINES = 12;
/** A line this long without a newline is cut, so one bad line cannot hold all memory. */
const MAX_LINE_CHARS = 1 << 20;
const NO_STEP = {
    index: null,
    name: null,
    type: null,
    sourceFile: null,
    deprovisioning: false,
};
/**
 * Reads customization.log as it grows (or all at once) and keeps what a person needs: which
 * customizer is running, a timeline of them, and if the build fails, where and why. Its state
 * stays small whatever the log's size: a partial line, the timeline, and a bounded excerpt.
 */
class LogAnalyzer {
    known;
    partial = "";
    seq = 0;
    lastTimestamp;
    started = 0;
    step;
    phase = "preparation";
    timeline = [];
    excerpt = new FailureExcerpt();
    /** The failing step's ref, read when the result is asked for: what the step is may show later. */
    failure;
    artifacts = false;
    /**
     * Packer's builder has been seen at work (deploying the VM). Until then the log is an excerpt
     * that starts inside a customizer, whose lines open an implicit step.
     */
    builderSeen = false;
    /** The log has Packer's `(telemetry) Starting provisioner` markers (older Packer). */
    telemetry = false;
    /**
     * The Azure builder is deleting what it created. Its errors from here on (a resource already
     * gone, a deletion retried) explain nothing; its verdict after them still does.
     */
    tearingDown = false;
    /** An excerpt's implicit step that failed: Packer's later lines may still name its type. */
    failedImplicit;
    finalized = false;
    constructor(customizers = []) {
        this.known = [...customizers].sort((a, b) => a.index - b.index);
    }
    /** Feeds any piece of the log; only complete lines produce events. */
    push(chunk) {
        const events = [];
        this.consume(chunk, events);
        return events;
    }
    /** The log is complete: the last line counts even without its newline. */
    end() {
        const events = [];
        this.finish(events);
        return events;
    }
    result() {
        const timeline = this.timeline.map((e) => ({ ...e }));
        if (!this.failure) {
            return { status: this.artifacts ? "succeeded" : "unknown", failure: null, timeline };
        }
        const fallback = this.failure.phase === "distribution"
            ? "Distributing the image failed."
            : "The build failed; customization.log does not say why.";
        const { reason, excerpt, scriptLine } = this.excerpt.explanation(fallback);
        return {
            status: "failed",
            failure: {
                step: this.failure.step ? toFailureStep(this.failure.step) : { ...NO_STEP },
                phase: this.failure.phase,
                reason,
                excerpt,
                scriptLine: this.failure.step ? scriptLine : null,
            },
            timeline,
        };
    }
    /**
     * Where the build is, as far as the log tells: changes when Packer moves to another phase,
     * something failed, or Image Builder reports its distribution finished. A change is worth
     * asking Resource Manager about.
     */
    get milestone() {
        return `${this.phase}|${this.failure ? "failed" : ""}|${this.finalized ? "finalized" : ""}`;
    }
    /** Packer is running customizers on the build VM, when nothing else happens for a long time. */
    get customizing() {
        return (this.phase === "customization" || this.phase === "deprovisioning") && !this.failure;
    }
    /** For files: the same work as push(), without building events nobody reads. */
    consumeQuietly(chunk) {
        this.consume(chunk, undefined);
    }
    finishQuietly() {
        this.finish(undefined);
    }
    consume(chunk, events) {
        let start = 0;
        if (this.partial) {
            const nl = chunk.indexOf("\n");
            if (nl < 0) {
                this.partial += chunk;
                if (this.partial.length > MAX_LINE_CHARS)
                    this.flushPartial(events);
                return;
            }
            this.line(this.partial + chunk.slice(0, nl), events);
            this.partial = "";
            start = nl + 1;
        }
        for (;;) {
            const nl = chunk.indexOf("\n", start);
            if (nl < 0)
                break;
            this.line(chunk.slice(start, nl), events);
            start = nl + 1;
        }
        if (start < chunk.length) {
            this.partial = chunk.slice(start);
            if (this.partial.length > MAX_LINE_CHARS)
                this.flushPartial(events);
        }
    }
    flushPartial(events) {
        const line = this.partial;
        this.partial = "";
        this.line(line.slice(0, MAX_LINE_CHARS), events);
    }
    finish(events) {
        if (this.partial)
            this.flushPartial(events);
        const open = this.step;
        if (open?.ended)
            this.closeStep(open.failed ? "failed" : "succeeded", events);
        else if (open && this.failure)
            this.closeStep("failed", events);
        else if (open && this.artifacts)
            this.closeStep("succeeded", events);
    }
    line(raw, events) {
        const seq = ++this.seq;
        const line = parseLogLine(raw);
        if (line.timestamp)
            this.lastTimestamp = line.timestamp;
        const noise = line.source === "packer-log";
        if (line.source === "packer" && !this.tearingDown && isTeardownStart(line.text)) {
            this.tearingDown = true;
        }
        const cause = this.tearingDown && line.source === "packer" ? undefined : causeOf(line);
        const failing = isFailureSignal(line);
        if (line.kind === "provisioner-start") {
            this.telemetry = true;
            if (this.step)
                this.closeStep(this.step.failed ? "failed" : "succeeded", events);
            this.openStep(line.provisioner ?? "unknown", events);
        }
        else if (!noise && !this.telemetry && this.builderSeen && !this.failure) {
            this.followUiSteps(line, failing, events);
        }
        else if (!noise && this.step?.ended) {
            // What Packer does after a provisioner's end tells whether the provisioner succeeded;
            // its cleanup after a failure does not, the verdict that follows it does.
            if (failing || !isTeardown(line)) {
                this.closeStep(this.step.failed || failing ? "failed" : "succeeded", events);
            }
        }
        else if (!this.step && !this.builderSeen && !this.failure && this.started === 0) {
            const provisioner = noise ? provisionerLoggedBy(line, cause) : provisionerShownBy(line);
            if (provisioner !== undefined)
                this.openImplicitStep(provisioner, events);
        }
        const step = this.step && !this.step.ended ? this.step.ref : undefined;
        events?.push({ kind: "line", text: line.text, noise, source: line.source, step });
        this.excerpt.observe(seq, line.text, cause, noise);
        if (noise)
            this.onPackerLog(line, cause, events);
        else
            this.onVisibleLine(line, cause, failing, events);
    }
    /**
     * Newer logs carry no telemetry markers: a customizer starts with Packer's "Provisioning with
     * …" (or the File, Windows Update and restart provisioners' first line) and ends where the
     * next one starts or Packer turns to capturing the image.
     */
    followUiSteps(line, failing, events) {
        const open = this.step;
        if (open && open.fromUi && !failing && line.source === "packer" && isCaptureLine(line.text)) {
            this.closeStep(open.failed ? "failed" : "succeeded", events);
            return;
        }
        const head = uiStepHead(line, open?.ref.type);
        if (head === undefined)
            return;
        if (open)
            this.closeStep(open.failed ? "failed" : "succeeded", events);
        if (head === AIB_UPLOAD) {
            // Image Builder's own upload of its deprovisioning script, before the customizers.
            this.excerpt.newSegment();
            return;
        }
        this.openStep(head, events);
        this.step.fromUi = true;
    }
    /** The log starts inside a customizer (an excerpt): its lines belong to a step of their own. */
    openImplicitStep(provisioner, events) {
        this.openStepRef(implicitStep(templateTypeOf(provisioner)), events);
    }
    onVisibleLine(line, cause, failing, events) {
        const text = line.text;
        if (line.source === "packer-result" && isSuccessVerdict(text))
            this.artifacts = true;
        if (line.source === "packer" && !this.builderSeen && isBuilderLine(text)) {
            this.builderSeen = true;
        }
        const open = this.step;
        if (open) {
            this.learnAboutStep(open, text);
            const packerSays = line.source === "packer" || line.source === "packer-result";
            if (failing ||
                (packerSays && cause === "exit-code" && text.includes("non-zero exit status"))) {
                open.failed = true;
                this.failAt(open.ref, this.stepPhase(open.ref), true);
                // A customizer interrupted by the end of the build never logs its own end.
                if (!open.ended && line.source === "packer-result" && failing)
                    this.closeStep("failed", events);
            }
            return;
        }
        if (failing) {
            this.failAt(undefined, failingPhase(this.phase, text), false);
        }
        else if (line.source === "packer" && cause === "distribution") {
            // The builder publishing to a gallery itself: `ERROR: -> … Replication failed …`.
            this.failAt(undefined, "distribution", false);
        }
        else if (this.refusedDeployment(line, cause)) {
            // Resource Manager refused the build VM's deployment: no customizer ever ran.
            this.failAt(undefined, "deployment", false);
        }
        else if (line.kind === "packer-end" || this.artifacts) {
            this.enterPhase("distribution");
        }
        else if (line.source === "packer") {
            this.trackPhase(text);
        }
        if (line.source === "service")
            this.onServiceLine(text, cause);
    }
    /**
     * Resource Manager's refusal of the build VM, as the builder shows it, or as posted without
     * Packer's prefixes (a service line here). Not while the builder deletes what it created.
     */
    refusedDeployment(line, cause) {
        if (this.started > 0 || this.tearingDown || this.phase === "distribution")
            return false;
        if (line.source !== "packer" && line.source !== "service")
            return false;
        if (line.source === "service" && isDistributionError(line.text))
            return false;
        return cause === "deployment" || isDeploymentError(line.text);
    }
    onPackerLog(line, cause, events) {
        // Packer starting up: the log is whole, and its plugins' names are no customizer at work.
        if (!this.builderSeen && isPackerStartup(line.text))
            this.builderSeen = true;
        const open = this.step ?? this.failedImplicit;
        if (open && !open.ended)
            this.learnFromPackerLog(open, line.text);
        if (line.kind === "provisioner-end" && this.step && !this.step.ended) {
            this.step.ended = true;
            if (this.step.entry)
                finishEntry(this.step.entry, line.timestamp, "incomplete");
            // A step Packer already reported as failed need not wait for the next line.
            if (this.step.failed)
                this.closeStep("failed", events);
        }
        else if (cause === "build-error" && this.step) {
            // "Cancelling build after receiving terminated": the running customizer is the victim.
            this.step.failed = true;
            this.failAt(this.step.ref, this.stepPhase(this.step.ref), true);
        }
        else if (open &&
            !open.ended &&
            cause === "packer-exit" &&
            line.text.includes("[ERROR] Remote command exited") &&
            isFailedCommand(line.text)) {
            // Over SSH a script's failure may be logged only here, as an error with its exit code.
            open.failed = true;
            this.failAt(open.ref, this.stepPhase(open.ref), true);
        }
    }
    /** Packer's log names the provisioner plugin at work and the deprovisioning script it runs. */
    learnFromPackerLog(open, text) {
        const ref = open.ref;
        if (ref.implicit && ref.type === UNKNOWN_TYPE) {
            const plugin = provisionerPluginIn(text);
            if (plugin) {
                ref.type = templateTypeOf(plugin);
                if (open.entry)
                    refreshEntry(open.entry, ref);
            }
        }
        if (!ref.deprovisioning && this.mayLearn(ref) && text.includes("DeprovisioningScript")) {
            this.markDeprovisioning(open);
        }
    }
    onServiceLine(text, cause) {
        if (isDistributionError(text)) {
            this.failAt(undefined, "distribution", false);
        }
        else if (this.phase === "distribution") {
            const finalizing = /^Finalizing: (\d+) of (\d+) /.exec(text);
            if (finalizing)
                this.finalized = true;
            const failedTargets = finalizing && Number(finalizing[1]) < Number(finalizing[2]);
            if (failedTargets || (cause && cause !== "detail")) {
                this.failAt(undefined, "distribution", false);
            }
        }
        else if (isDownloadFailure(text)) {
            this.failAt(undefined, "preparation", false);
        }
    }
    openStep(provisioner, events) {
        this.openStepRef(stepFor(this.started++, provisioner, this.known), events);
    }
    openStepRef(ref, events) {
        const entry = this.timeline.length < MAX_TIMELINE_ENTRIES ? beginEntry(ref, this.lastTimestamp) : undefined;
        if (entry)
            this.timeline.push(entry);
        this.step = { ref, entry, failed: false, ended: false, lines: 0, fromUi: false };
        this.phase = ref.deprovisioning ? "deprovisioning" : "customization";
        this.excerpt.newSegment();
        events?.push({ kind: "step-start", step: ref });
    }
    closeStep(status, events) {
        const open = this.step;
        if (!open)
            return;
        this.step = undefined;
        // A step that logged its end keeps that time; an interrupted one ends with the last seen.
        if (open.entry)
            finishEntry(open.entry, open.ended ? undefined : this.lastTimestamp, status);
        if (status === "failed") {
            this.failAt(open.ref, this.stepPhase(open.ref), true);
            // What it was may still show in Packer's log as it winds the build down.
            if (open.ref.implicit)
                this.failedImplicit = open;
        }
        else
            this.excerpt.newSegment();
        events?.push({ kind: "step-end", step: open.ref, status });
    }
    /** Names steps from the log when the template is unknown, and spots deprovisioning. */
    learnAboutStep(open, text) {
        const ref = open.ref;
        if (ref.type === "File" && open.lines === 0 && isAibUpload(text)) {
            this.unnumberAibUpload(open);
            return;
        }
        if (!this.mayLearn(ref))
            return;
        if (ref.implicit && ref.type === UNKNOWN_TYPE && isPowershellPosition(text)) {
            ref.type = "PowerShell";
            if (open.entry)
                refreshEntry(open.entry, ref);
        }
        // The deprovisioning script names itself in PowerShell's error positions, anywhere.
        if (!ref.deprovisioning && text.includes("DeprovisioningScript")) {
            this.markDeprovisioning(open);
            return;
        }
        // Otherwise what a step is shows in its first lines: Packer's "Provisioning with …",
        // waagent's warnings, Sysprep's command line.
        if (++open.lines > STEP_HEAD_LINES)
            return;
        if (!ref.deprovisioning &&
            (text.includes("-deprovision") ||
                text.includes("The waagent service will be stopped") ||
                text.includes("Sysprep.exe"))) {
            this.markDeprovisioning(open);
        }
        else if (ref.name === null && !ref.deprovisioning) {
            const name = nameFromPackerLine(text);
            if (name)
                ref.name = name;
            if (open.entry)
                refreshEntry(open.entry, ref);
        }
    }
    /**
     * Image Builder uploads its deprovisioning script with a File provisioner of its own before
     * the template's customizers: it is none of them, and the numbering starts after it.
     */
    unnumberAibUpload(open) {
        if (!open.ref.implicit)
            this.started--;
        if (open.entry) {
            const at = this.timeline.indexOf(open.entry);
            if (at >= 0)
                this.timeline.splice(at, 1);
            open.entry = undefined;
        }
        Object.assign(open.ref, { index: null, name: "Image Builder's deprovisioning script" });
        open.ref.sourceFile = null;
    }
    /** The template tells what each numbered step is; the log tells only for the others. */
    mayLearn(ref) {
        return this.known.length === 0 || ref.implicit === true;
    }
    markDeprovisioning(open) {
        // The step was numbered as a customizer when it started; the ref is shared with the
        // events already given out, so they read right from here on.
        Object.assign(open.ref, deprovisioningStep(open.ref.type));
        if (this.phase === "customization")
            this.phase = "deprovisioning";
        if (open.entry)
            refreshEntry(open.entry, open.ref);
    }
    trackPhase(text) {
        // Packer's builder speaks only once Image Builder has prepared the customizers' files.
        if (this.phase === "preparation")
            this.enterPhase("deployment");
        if (text.startsWith("Validating deployment template") ||
            text.startsWith("Deploying deployment template")) {
            this.enterPhase("deployment");
        }
        else if (text.startsWith("Querying the machine's properties") ||
            text.startsWith("Powering off machine") ||
            text.startsWith("Capturing image")) {
            this.enterPhase("capture");
        }
    }
    enterPhase(phase) {
        if (this.phase === phase)
            return;
        this.phase = phase;
        this.excerpt.newSegment();
    }
    stepPhase(ref) {
        return ref.deprovisioning ? "deprovisioning" : "customization";
    }
    /** The first failure is the one to explain; what follows is its consequence. */
    failAt(step, phase, withContext) {
        if (this.failure)
            return;
        this.failure = { step, phase };
        this.excerpt.freeze(withContext);
    }
}
function toFailureStep(ref) {
    return {
        index: ref.index,
        name: ref.name,
        type: ref.type,
        sourceFile: ref.sourceFile,
        deprovisioning: ref.deprovisioning === true,
    };
}
const UNKNOWN_TYPE = "unknown";
/**
 * Lines with which Packer gives up on the build. "Builds finished but no artifacts" is not one:
 * Image Builder captures the image itself, so Packer says so after every successful build.
 */
function isFailureSignal(line) {
    const text = line.text;
    if (line.source === "packer") {
        return (text.startsWith("Provisioning step had errors") || text.startsWith("Build was cancelled"));
    }
    if (line.source === "packer-result") {
        return ((text.startsWith("Build '") && text.includes("' errored")) ||
            text.startsWith("==> Some builds didn't complete") ||
            // Image Builder stops Packer when the build's time is up or the run is cancelled.
            text.startsWith("Cancelling build after receiving") ||
            text.startsWith("Error: Failed to prepare build"));
    }
    return false;
}
/** `Build 'azure-arm' finished after 3 minutes 13 seconds.`, or older Packer's artifact list. */
function isSuccessVerdict(text) {
    return (text.startsWith("==> Builds finished. The") ||
        (text.startsWith("Build '") && text.includes("' finished")));
}
/** Where a failure outside any customizer happened, when the failing line tells. */
function failingPhase(phase, text) {
    if (text.startsWith("Provisioning step had errors"))
        return "customization";
    if (text.startsWith("Error: Failed to prepare build"))
        return "preparation";
    return phase;
}
const BUILDER_LINES = [
    "Running builder",
    "Validating deployment template",
    "Deploying deployment template",
    "Getting tokens",
    "Waiting for SSH",
    "Waiting for WinRM",
];
/** Packer's builder at work before any customizer: the log is whole, not an excerpt. */
function isBuilderLine(text) {
    return startsWithAny(text, BUILDER_LINES);
}
const DEPLOYMENT_ERRORS = ["ERROR: -> ", "resources.DeploymentsClient#CreateOrUpdate: F"];
/**
 * The Azure builder's report of a refused deployment: `ERROR: -> InvalidTemplateDeployment : …`,
 * or in older builders the SDK's `resources.DeploymentsClient#CreateOrUpdate: Failure …`.
 */
function isDeploymentError(text) {
    return startsWithAny(text, DEPLOYMENT_ERRORS);
}
/** Image Builder's distribution errors, alone or inside its run status (`Deployment failed. …`). */
function isDistributionError(text) {
    return ((text.startsWith("[Distribute ") && text.includes("rror")) ||
        text.includes("Failed in distributing"));
}
const TEARDOWN_STARTS = [
    "Deleting resource group",
    "Cleanup requested, deleting",
    "Deleting individual resources",
    "The resource group was created by Packer",
    "The resource group was not created by Packer",
    "Removing the created Deployment object",
];
/** The Azure builder's first words as it deletes what it created, after a build or a failure. */
function isTeardownStart(text) {
    return startsWithAny(text, TEARDOWN_STARTS);
}
/** Image Builder could not fetch a customizer's file before Packer started. */
function isDownloadFailure(text) {
    return (text.startsWith("Failed to download") ||
        text.startsWith("Checksum mismatch") ||
        (text.startsWith("Downloading external file") && text.includes("] failed")));
}
const TEARDOWN_LINES = [
    "Provisioning step had errors",
    "The resource group was not created by Packer",
    "Deleting ",
    "Removing the created Deployment object",
    "Cleanup requested",
    "Resource group has been deleted",
    "Waiting for deletion",
    "Adding to deletion queue",
    "Error deleting resource",
    " -> ",
];
/** Packer tearing the build down; an ended step's fate shows in the verdict after it. */
function isTeardown(line) {
    if (line.source !== "packer" && line.source !== "output")
        return false;
    const text = line.text;
    return text === "" || startsWithAny(text, TEARDOWN_LINES);
}
const AIB_UPLOAD = "aib-upload";
/** `Uploading /aib/packerInput/DeprovisioningScript.txt => c:\DeprovisioningScript.ps1`. */
function isAibUpload(text) {
    return (text.startsWith("Uploading ") && text.includes(" => ") && text.includes("DeprovisioningScript"));
}
/**
 * The provisioner a Packer line starts, in a log without telemetry markers; undefined when it
 * starts none, or continues the step `current` (PowerShell's second line, Windows Update's).
 */
function uiStepHead(line, current) {
    if (line.source !== "packer")
        return undefined;
    const text = line.text;
    if (text.startsWith("Uploading ") && text.includes(" => ")) {
        return isAibUpload(text) ? AIB_UPLOAD : "file";
    }
    if (text.startsWith("Provisioning with shell script"))
        return "shell";
    if (text.startsWith("Provisioning with Powershell"))
        return "powershell";
    if (text.startsWith("Provisioning with powershell script")) {
        return current === "PowerShell" ? undefined : "powershell";
    }
    if (text.startsWith("Uploading the Windows update") ||
        text.startsWith("Running Windows update")) {
        return current === "WindowsUpdate" ? undefined : "windows-update";
    }
    if (text.startsWith("Restarting Machine")) {
        return current === "WindowsRestart" ? undefined : "windows-restart";
    }
    return undefined;
}
const CAPTURE_LINES = [
    "Querying the machine's properties",
    "Powering off machine",
    "Capturing image",
    "Skipping image creation",
    "Deleting individual resources",
];
/** Packer past the customizers: generalizing and capturing the VM, or handing it back. */
function isCaptureLine(text) {
    return startsWithAny(text, CAPTURE_LINES);
}
const PACKER_STARTUP = [
    "[INFO] Packer version",
    "[INFO] Starting external plugin",
    "Starting plugin:",
];
/** Packer's first lines: its version and plugins, before any customizer. */
function isPackerStartup(text) {
    return startsWithAny(text, PACKER_STARTUP);
}
const PROVISIONER_HEADS = [
    ["Provisioning with shell script", "shell"],
    ["Provisioning with Powershell", "powershell"],
    ["Provisioning with powershell script", "powershell"],
    ["Running Windows update", "windows-update"],
    ["Restarting Machine", "windows-restart"],
];
/**
 * The provisioner a line of an excerpt shows at work: Packer's "Provisioning with …", or any
 * script output (its provisioner unknown). Undefined for lines that belong to no customizer.
 */
function provisionerShownBy(line) {
    if (line.source === "packer") {
        for (const [head, provisioner] of PROVISIONER_HEADS) {
            if (line.text.startsWith(head))
                return provisioner;
        }
        // A script's stderr comes through Packer's messages; PowerShell's error records say so.
        return isPowershellPosition(line.text) ? UNKNOWN_TYPE : undefined;
    }
    return line.source === "output" ? UNKNOWN_TYPE : undefined;
}
/**
 * In an excerpt, Packer's log names the provisioner at work, or (over SSH, which only the shell
 * provisioner uses) reports a script's failed command.
 */
function provisionerLoggedBy(line, cause) {
    const plugin = provisionerPluginIn(line.text);
    if (plugin)
        return plugin;
    if (cause === "packer-exit" && line.text.includes("[ERROR] Remote command exited"))
        return "shell";
    return undefined;
}
/** `packer-provisioner-windows-restart plugin:` or `packer-plugin-windows-update_v0.16.9… plugin:`. */
function provisionerPluginIn(text) {
    const named = /packer-provisioner-([a-z-]+?)(?:\.exe)?(?: plugin)?:/.exec(text);
    if (named)
        return named[1];
    if (text.includes("packer-plugin-windows-update"))
        return "windows-update";
    return undefined;
}
const SCRIPT_PREFIXES = [
    "Provisioning with shell script: ",
    "Provisioning with powershell script: ",
    "Uploading ",
];
function nameFromPackerLine(text) {
    for (const prefix of SCRIPT_PREFIXES) {
        if (!text.startsWith(prefix))
            continue;
        const rest = text.slice(prefix.length);
        const arrow = rest.indexOf(" => ");
        const name = (arrow >= 0 ? rest.slice(0, arrow) : rest).trim();
        return name && !name.endsWith("...") ? name : undefined;
    }
    return undefined;
}
/**
 * Reads a downloaded customization.log as a stream, so memory stays flat however large the
 * file is. Rejects when the file cannot be read.
 */
async function analyzeLogFile(path, customizers) {
    const analyzer = new LogAnalyzer(customizers);
    // Chunks small enough to be young-generation strings: larger ones are allocated as old
    // objects and pile up until a full collection, which shows as memory growing with the log.
    const stream = createReadStream(path, { encoding: "utf8", highWaterMark: 64 * 1024 });
    for await (const chunk of stream)
        analyzer.consumeQuietly(chunk);
    analyzer.finishQuietly();
    return analyzer.result();
}
function startsWithAny(text, prefixes) {
    return prefixes.some((prefix) => text.startsWith(prefix));
}

;// CONCATENATED MODULE: ./.build/src/core/run/outputs.js
/** The artifact a following step most likely wants first: a gallery version, else a managed image, else a VHD. */
const PREFERENCE = ["gallery", "managed", "vhd"];
function artifactIds(rendered, artifacts) {
    const kindOf = new Map(rendered.runOutputs.map((r) => [r.name, r.kind]));
    return artifacts
        .map((a) => {
        const kind = kindOf.get(a.runOutputName) ?? "vhd";
        const id = kind === "vhd" ? (a.artifactUri ?? a.artifactId) : (a.artifactId ?? a.artifactUri);
        return id ? { kind, id } : undefined;
    })
        .filter((x) => Boolean(x))
        .sort((a, b) => PREFERENCE.indexOf(a.kind) - PREFERENCE.indexOf(b.kind));
}
/** Sets the step's outputs and returns them, for the job summary. */
function setRunOutputs(host, rendered, result) {
    const ids = artifactIds(rendered, result.artifacts);
    const outputs = {};
    const set = (name, value) => {
        outputs[name] = value;
        host.setOutput(name, value);
    };
    set("image-version-id", ids[0]?.id ?? "");
    set("image-version-ids", JSON.stringify(ids.map((i) => i.id)));
    set("run-outputs", JSON.stringify(Object.fromEntries(result.artifacts.map((a) => [
        a.runOutputName,
        { artifactId: a.artifactId ?? null, artifactUri: a.artifactUri ?? null },
    ]))));
    set("run-status", result.runStatus);
    set("template-name", result.templateName);
    set("template-id", result.templateId);
    set("staging-resource-group", result.stagingResourceGroup ?? "");
    set("source-image-version", result.sourceImageVersion ?? "");
    return outputs;
}
/** Log URLs in service messages may carry a SAS; the place is enough for a person. */
function withoutQueryStrings(text) {
    return text.replace(/(https?:\/\/[^\s?"']+)\?[^\s"']*?(?=[.,;:)]*(?:\s|$|["']))/g, "$1");
}

;// CONCATENATED MODULE: ./.build/src/core/run/build-log-echo.js


function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
function title(step) {
    return capitalise(describeStep(step));
}
/**
 * Shows customization.log in the job log as it grows: one collapsible group per customizer,
 * opened at Packer's "Starting provisioner" and closed at its end, lines between customizers
 * in a group of their own, and Packer's internal `PACKER ERR` chatter only at log-level
 * verbose. Lines arrive already taken apart by the log analyzer, which keeps one reading of
 * the log for both the job log and the failure report.
 */
class BuildLogEcho {
    host;
    level;
    warned = false;
    /** The group now open: a customizer's, or the lines between customizers. */
    open;
    /** The customizer still running when its group was closed for other output. */
    interrupted;
    constructor(host, level) {
        this.host = host;
        this.level = level;
    }
    show(events) {
        if (this.level === "quiet")
            return;
        for (const event of events) {
            if (event.kind === "step-start") {
                this.close();
                this.interrupted = undefined;
                this.begin(event.step, title(event.step));
            }
            else if (event.kind === "step-end") {
                if (this.open?.step === event.step) {
                    if (event.status === "failed")
                        this.host.info(`${title(event.step)} failed.`);
                    this.close();
                }
                if (this.interrupted === event.step)
                    this.interrupted = undefined;
            }
            else if (!event.noise || this.level === "verbose") {
                this.line(event.text, event.step);
            }
        }
    }
    /**
     * Closes the open group so that what the run prints next (a change of build state) is not
     * folded away inside a customizer's output; the customizer's group reopens with its next line.
     */
    pause() {
        if (this.open?.step)
            this.interrupted = this.open.step;
        this.close();
    }
    /** Ends the last group, e.g. when the build ended inside a customizer. */
    close() {
        if (!this.open)
            return;
        this.open = undefined;
        this.host.endGroup();
    }
    onProblem = (problem) => {
        if (problem.kind === "transient") {
            this.host.debug(`Reading customization.log failed this time: ${problem.message}`);
            return;
        }
        if (this.warned)
            return;
        this.warned = true;
        this.host.annotate("warning", {
            message: `The build log (customization.log) cannot be read: the pipeline's identity needs Storage Blob Data Reader on ${problem.scope}. The build goes on without its log.`,
        });
    };
    line(text, step) {
        if (!this.open) {
            if (step && step === this.interrupted)
                this.begin(step, `${title(step)} (continued)`);
            else
                this.begin(undefined, "customization.log");
        }
        else if (this.open.step !== step && step === undefined) {
            // A customizer's end shows only in what follows it; its group closes with that line.
            this.close();
            this.begin(undefined, "customization.log");
        }
        // Image Builder logs the URLs it downloads, SAS included; the job log needs no signature.
        this.host.info(withoutQueryStrings(text));
    }
    begin(step, name) {
        this.open = { step };
        this.host.startGroup(name);
    }
}

// EXTERNAL MODULE: ./node_modules/@azure/storage-blob/dist/esm/index.js + 139 modules
var esm = __webpack_require__(2978);
;// CONCATENATED MODULE: ./.build/src/core/run/build-log-tail.js


const build_log_tail_STORAGE_API_VERSION = "2023-05-01";
const LOG_CONTAINER = "packerlogs";
const LOG_NAME = /\/customization\.log$/;
const ACCOUNT_LOOKUP_INTERVAL_MS = 60_000;
function statusOf(error) {
    return error?.statusCode;
}
/**
 * Follows Image Builder's customization.log while the build runs: found through the staging
 * resource group (Resource Manager, then its storage account), read with the pipeline's own
 * token, and only the bytes added since the last read.
 */
class BuildLogTail {
    arm;
    credential;
    onText;
    onProblem;
    blob;
    containers = [];
    lastAccountLookup = -Infinity;
    inflight;
    offset = 0;
    decoder = new TextDecoder("utf-8");
    stopped = false;
    /** Bytes downloaded so far, to compare with the log's size. */
    bytesRead = 0;
    /** Where the log is, once found; named in messages without any query string. */
    url;
    constructor(arm, credential, onText, onProblem) {
        this.arm = arm;
        this.credential = credential;
        this.onText = onText;
        this.onProblem = onProblem;
    }
    /** Reads what was appended since the last call. Never throws: the build matters more than its log. */
    poll(stagingResourceGroupId, signal, final = false) {
        // One read at a time: two reads from the same offset would show the same lines twice.
        const previous = this.inflight ?? Promise.resolve();
        const next = previous.then(() => this.pollOnce(stagingResourceGroupId, signal, final));
        this.inflight = next;
        return next;
    }
    async pollOnce(stagingResourceGroupId, signal, final) {
        if (this.stopped || !stagingResourceGroupId)
            return;
        try {
            this.blob ??= await this.locate(stagingResourceGroupId, signal, final);
            if (!this.blob)
                return;
            const text = await this.readNew(this.blob, signal);
            if (text)
                this.onText(text);
        }
        catch (error) {
            if (signal.aborted)
                return;
            const status = statusOf(error);
            if (status === 403) {
                this.stopped = true;
                this.onProblem({ kind: "forbidden", scope: stagingResourceGroupId });
            }
            else {
                this.onProblem({ kind: "transient", message: error.message });
            }
        }
    }
    /** The last bytes, and any line still waiting for its newline. */
    async drain(stagingResourceGroupId, signal) {
        await this.poll(stagingResourceGroupId, signal, true);
        const rest = this.decoder.decode();
        if (rest)
            this.onText(rest);
    }
    async locate(stagingResourceGroupId, signal, final) {
        const containers = await this.logContainers(stagingResourceGroupId, signal, final);
        for (const container of containers) {
            let newest;
            try {
                for await (const b of container.listBlobsFlat({ abortSignal: signal })) {
                    const modified = b.properties.lastModified?.getTime() ?? 0;
                    if (LOG_NAME.test(b.name) && (!newest || modified >= newest.modified))
                        newest = { name: b.name, modified };
                }
            }
            catch (error) {
                if (statusOf(error) === 404)
                    continue; // the build has not written its log yet
                throw error;
            }
            if (newest) {
                const blob = container.getBlobClient(newest.name);
                this.url = blob.url;
                return blob;
            }
        }
        return undefined;
    }
    /**
     * The staging account's log container, found through Resource Manager once; until Image
     * Builder has made the account, asked again at most once a minute, since Resource Manager's
     * request budget is shared by the whole subscription.
     */
    async logContainers(stagingResourceGroupId, signal, final) {
        if (this.containers.length)
            return this.containers;
        if (!final && Date.now() - this.lastAccountLookup < ACCOUNT_LOOKUP_INTERVAL_MS)
            return [];
        this.lastAccountLookup = Date.now();
        const accounts = await this.arm.get(`${stagingResourceGroupId}/providers/Microsoft.Storage/storageAccounts`, build_log_tail_STORAGE_API_VERSION, signal);
        for (const account of accounts.value ?? []) {
            const endpoint = account.properties?.primaryEndpoints?.blob;
            if (!endpoint)
                continue;
            this.containers.push(new esm/* BlobServiceClient */.wS(endpoint, this.credential, (0,azure_arm/* storageClientOptions */.$F)(this.arm.httpClient)).getContainerClient(LOG_CONTAINER));
        }
        return this.containers;
    }
    async readNew(blob, signal) {
        let response;
        try {
            response = await blob.download(this.offset, undefined, { abortSignal: signal });
        }
        catch (error) {
            // Azure answers a read at the end of the blob with 416; an emulator may answer 206 empty.
            if (statusOf(error) === 416)
                return "";
            throw error;
        }
        let text = "";
        for await (const chunk of response.readableStreamBody ?? []) {
            const bytes = chunk;
            this.offset += bytes.length;
            this.bytesRead += bytes.length;
            text += this.decoder.decode(bytes, { stream: true });
        }
        return text;
    }
}

// EXTERNAL MODULE: ./.build/src/core/run/waiting.js
var waiting = __webpack_require__(7978);
;// CONCATENATED MODULE: ./.build/src/core/run/wait-for-build.js


/**
 * Poll intervals of the template when Resource Manager does not say: a few seconds at first,
 * when states change quickly, growing to a ceiling. The ceiling is high while the build log
 * is followed (it tells when something happens, and a nudge polls at once) and lower when
 * nothing else would notice the end of the build: Resource Manager's request budget is
 * shared by the whole subscription, so a long build should cost tens of requests an hour,
 * not thousands.
 */
class PollSchedule {
    firstMs;
    ceilingMs;
    factor;
    next;
    constructor(firstMs = 5_000, ceilingMs = 30_000, factor = 1.5) {
        this.firstMs = firstMs;
        this.ceilingMs = ceilingMs;
        this.factor = factor;
        this.next = firstMs;
    }
    take() {
        const now = Math.min(this.next, this.ceilingMs);
        this.next = Math.min(this.ceilingMs, Math.round(this.next * this.factor));
        return now;
    }
    /** Something changed: look again soon. */
    restart() {
        this.next = this.firstMs;
    }
    setCeiling(ms) {
        this.ceilingMs = ms;
    }
}
/** Cuts a wait short when something else (the build log) saw the build move on. */
class Nudge {
    wake;
    pending = false;
    fire() {
        this.pending = true;
        this.wake?.();
    }
    /** Waits `ms`, or less if nudged meanwhile; true when nudged. */
    async wait(ms, signal) {
        if (this.pending) {
            this.pending = false;
            return true;
        }
        const early = new AbortController();
        this.wake = () => early.abort();
        try {
            await (0,waiting/* sleep */.y)(ms, AbortSignal.any([signal, early.signal]));
            return false;
        }
        catch (error) {
            if (signal.aborted)
                throw error;
            this.pending = false;
            return true;
        }
        finally {
            this.wake = undefined;
        }
    }
}
class BuildTimeoutError extends errors/* BakeError */.oU {
}
/** Reads the template until its last run reaches a final state. */
async function waitForBuild(client, options) {
    const schedule = options.schedule ?? new PollSchedule();
    let last = "";
    if (options.firstPollAfterMs)
        await (0,waiting/* sleep */.y)(options.firstPollAfterMs, options.signal);
    for (;;) {
        const snapshot = await client.snapshot(options.signal);
        const key = `${snapshot.status.runState ?? ""}/${snapshot.status.runSubState ?? ""}`;
        if (key !== last) {
            last = key;
            options.onChange(snapshot.status);
        }
        await options.onPoll?.(snapshot);
        if (snapshot.status.runState && waiting/* TERMINAL_STATES */.k.has(snapshot.status.runState))
            return snapshot;
        if (Date.now() > options.deadline) {
            throw new BuildTimeoutError(`The build did not finish within build-timeout-minutes plus a margin; it was last ${snapshot.status.runSubState ?? snapshot.status.runState ?? "in an unknown state"}.`);
        }
        const planned = schedule.take();
        const wait = snapshot.retryAfterMs ?? planned;
        if (options.nudge) {
            if (await options.nudge.wait(wait, options.signal))
                schedule.restart();
        }
        else {
            await (0,waiting/* sleep */.y)(wait, options.signal);
        }
    }
}

;// CONCATENATED MODULE: ./.build/src/core/run/follow-build.js





/** How often the build log (storage, not Resource Manager) is read while the build runs. */
const LOG_INTERVAL_MS = 10_000;
/** Template polls while the log shows customizers running and will tell when that ends. */
const QUIET_CEILING_MS = 90_000;
/** Template polls when only Resource Manager can tell the build ended (distribution, no log). */
const WATCHFUL_CEILING_MS = 30_000;
/**
 * Waits for the build while following its log: the log streams into the job log, and what it
 * shows decides how often Resource Manager is asked. While customizers run the template is
 * polled rarely; when the log shows the build moving on (Packer done, a failure, distribution
 * finished) it is polled at once.
 */
async function followBuild(options) {
    const { host, arm, client, signal } = options;
    const echo = new BuildLogEcho(host, options.logLevel);
    const analyzer = new LogAnalyzer(options.customizers);
    const schedule = new PollSchedule(250, WATCHFUL_CEILING_MS, 2);
    const nudge = new Nudge();
    let milestone = analyzer.milestone;
    let logReadable = true;
    const tail = new BuildLogTail(arm, arm.credential, (text) => {
        echo.show(analyzer.push(text));
        schedule.setCeiling(analyzer.customizing && logReadable ? QUIET_CEILING_MS : WATCHFUL_CEILING_MS);
        if (analyzer.milestone !== milestone) {
            milestone = analyzer.milestone;
            nudge.fire();
        }
    }, (problem) => {
        if (problem.kind === "forbidden") {
            logReadable = false;
            schedule.setCeiling(WATCHFUL_CEILING_MS);
        }
        echo.onProblem(problem);
    });
    let stagingResourceGroup;
    const stopFollowing = new AbortController();
    const following = (async () => {
        const until = AbortSignal.any([signal, stopFollowing.signal]);
        while (!until.aborted) {
            await (0,waiting/* sleep */.y)(LOG_INTERVAL_MS, until).catch(() => undefined);
            if (!until.aborted)
                await tail.poll(stagingResourceGroup, signal);
        }
    })();
    let final;
    try {
        final = await waitForBuild(client, {
            deadline: options.deadline,
            signal,
            firstPollAfterMs: options.firstPollAfterMs,
            schedule,
            nudge,
            onChange: (status) => {
                echo.pause();
                options.onChange(status);
            },
            onPoll: (snapshot) => {
                stagingResourceGroup = snapshot.template.exactStagingResourceGroup;
                return tail.poll(stagingResourceGroup, signal);
            },
        });
    }
    finally {
        stopFollowing.abort();
        await following;
        echo.close();
    }
    await tail.drain(final.template.exactStagingResourceGroup, signal);
    echo.show(analyzer.end());
    echo.close();
    return { final, analysis: analyzer.result(), logUrl: tail.url };
}

;// CONCATENATED MODULE: ./.build/src/core/run/preflight.js



const API = {
    resourceGroups: "2021-04-01",
    identities: "2023-01-31",
    galleries: "2024-03-03",
};
function isMissing(error) {
    return error instanceof azure_arm/* ArmError */.dW && (error.status === 404 || /NotFound$/.test(error.code));
}
/** A region as Azure compares them: "West Europe" and "westeurope" are the same. */
function region(name) {
    return name.replace(/\s+/g, "").toLowerCase();
}
/**
 * Reads what the template refers to before anything is created: a mistake Image Builder would
 * only report after hours of building (a gallery image definition that does not exist, an
 * image version that already does) ends the step at once, naming the input. Only "not found"
 * and what an existing resource says are decisive: a check the pipeline's identity may not
 * make (403) is skipped, since Image Builder uses the template's identity for these.
 */
async function preflight(arm, inputs, rendered, signal, debug, isSameImage) {
    const read = async (id, apiVersion) => {
        try {
            return await arm.get(id, apiVersion, signal);
        }
        catch (error) {
            if (isMissing(error))
                return "missing";
            debug(`Could not check ${id} before the build: ${error.message}`);
            return undefined;
        }
    };
    const fromFile = (input) => (inputs.templateFile ? "template-file" : input);
    const checks = [];
    // A staging account found by name in the resource group already showed that it exists.
    const groupSeen = inputs.stagingStorageAccount !== undefined && !inputs.stagingStorageAccount.id;
    if (!groupSeen)
        checks.push((async () => {
            const id = (0,resource_id/* resourceGroupId */.x6)(arm.subscriptionId, inputs.resourceGroup);
            if ((await read(id, API.resourceGroups)) === "missing")
                throw new errors/* InputError */.dz("resource-group", `names a resource group that does not exist in subscription ${arm.subscriptionId}: ${inputs.resourceGroup}. Create it first, or name an existing one.`);
        })());
    const identity = rendered.body.identity;
    for (const id of Object.keys(identity?.userAssignedIdentities ?? {})) {
        checks.push((async () => {
            if ((await read(id, API.identities)) === "missing")
                throw new errors/* InputError */.dz(inputs.identityId ? "identity" : fromFile("identity"), `names a user-assigned identity that does not exist: ${id}. Create it (az identity create), or correct the ID.`);
        })());
    }
    const distribute = (rendered.body.properties.distribute ?? []);
    for (const d of distribute) {
        if (d.type !== "SharedImage" || typeof d.galleryImageId !== "string")
            continue;
        const target = d.galleryImageId;
        const version = /\/versions\/([^/]+)$/i.exec(target)?.[1];
        const definitionId = version ? target.slice(0, target.lastIndexOf("/versions/")) : target;
        const regions = (d.targetRegions ?? []).map((r) => r.name ?? "");
        const input = inputs.gallery ? "gallery-image-id" : fromFile("gallery-image-id");
        checks.push((async () => {
            const definition = await read(definitionId, API.galleries);
            if (definition === "missing")
                throw new errors/* InputError */.dz(input, `names a gallery image definition that does not exist: ${definitionId}. Create it (az sig image-definition create), or correct the ID.`);
            if (!definition)
                return;
            const os = definition.properties?.osType;
            const ours = rendered.osType === "windows" ? "Windows" : rendered.osType ? "Linux" : "";
            if (os && ours && os.toLowerCase() !== ours.toLowerCase())
                throw new errors/* InputError */.dz(input, `is a ${os} image definition, but this image is ${ours}. Use a ${ours} image definition.`);
            const home = definition.location;
            if (home && regions.length && !regions.some((r) => region(r) === region(home)))
                throw new errors/* InputError */.dz(inputs.gallery ? "replication-regions" : input, `must include ${home}, the region of the gallery image definition ${definitionId}: a gallery keeps every version in its own region. Add ${home} to the regions.`);
            const existing = version ? await read(target, API.galleries) : undefined;
            // One built from the same inputs is no mistake: the run reuses it (if-unchanged: skip).
            if (existing && existing !== "missing" && !isSameImage?.(existing, d))
                throw new errors/* InputError */.dz(inputs.gallery?.version ? "image-version" : input, `${version} already exists in ${definitionId}: Image Builder would build the image and then fail to publish it. Choose a version that does not exist yet, e.g. one built from the run number.`);
        })());
    }
    const results = await Promise.allSettled(checks);
    const failed = results.find((r) => r.status === "rejected");
    if (failed)
        throw failed.reason;
}

// EXTERNAL MODULE: ./.build/src/core/azure/azure-errors.js
var azure_errors = __webpack_require__(8374);
;// CONCATENATED MODULE: ./.build/src/core/logs/mermaid.js


const TAGS = {
    succeeded: "done",
    failed: "crit",
    incomplete: "active",
};
/**
 * The timeline as a Mermaid gantt chart, which GitHub renders in job summaries. Undefined when
 * the log carried no times to draw.
 */
function ganttChart(timeline) {
    const timed = timeline.filter((e) => e.start);
    if (timed.length === 0)
        return undefined;
    const lines = [
        "gantt",
        "  dateFormat YYYY-MM-DD HH:mm:ss",
        "  axisFormat %H:%M",
        "  section Customizers",
    ];
    timed.forEach((entry, i) => {
        const start = Date.parse(entry.start);
        // Mermaid draws nothing for a task that ends when it starts, and a running one has no end.
        const end = Math.max(entry.end ? Date.parse(entry.end) : start, start + 1000);
        const label = `${entry.index === null ? "–" : displayNumber(entry.index)} ${taskName(entryLabel(entry))}`;
        lines.push(`  ${label} :${TAGS[entry.status]}, s${i}, ${mermaidTime(start)}, ${mermaidTime(end)}`);
    });
    return lines.join("\n");
}
/** Characters that end a task's name (`:`), start a comment or entity (`%`, `#`) or a statement (`;`). */
function taskName(name) {
    const clean = name
        .replace(/[:;#%\r\n]/g, " ")
        .replace(/\s+/g, " ")
        .trim();
    return clean.length > 60 ? `${clean.slice(0, 59)}…` : clean || "step";
}
function mermaidTime(ms) {
    return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}

;// CONCATENATED MODULE: ./.build/src/core/logs/summary.js



const STATUS_ICON = {
    succeeded: "✅",
    partiallysucceeded: "⚠️",
    failed: "❌",
    canceled: "⚪",
    cancelled: "⚪",
};
const STEP_ICON = { succeeded: "✅", failed: "❌", incomplete: "⏳" };
/**
 * The job summary, the same markdown on GitHub and Azure Pipelines: the result, the outputs,
 * a timeline of the customizers and, when the build failed, the lines that say why.
 */
function summaryMarkdown(input) {
    const { analysis } = input;
    const parts = [`## ${inline(input.title)}`];
    const icon = STATUS_ICON[input.runStatus.toLowerCase()] ?? "ℹ️";
    let result = `**Result:** ${icon} ${inline(input.runStatus)}`;
    if (analysis?.failure)
        result += ` — failed in ${failedWhere(analysis)}`;
    parts.push(result);
    const outputs = Object.entries(input.outputs).filter(([, v]) => v !== "");
    if (outputs.length) {
        parts.push([
            "| Output | Value |",
            "| --- | --- |",
            ...outputs.map(([name, value]) => `| ${code(name)} | ${code(value)} |`),
        ].join("\n"));
    }
    if (analysis?.timeline.length) {
        parts.push("### Customizers");
        const chart = ganttChart(analysis.timeline);
        if (chart)
            parts.push(`\`\`\`mermaid\n${chart}\n\`\`\``);
        parts.push([
            "| # | Customizer | Type | Start (UTC) | End (UTC) | Duration | Status |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            ...analysis.timeline
                .map((e) => [
                e.index === null ? "" : displayNumber(e.index),
                cell(entryLabel(e)) +
                    (e.sourceFile && e.sourceFile !== e.name ? ` (${code(e.sourceFile)})` : ""),
                cell(e.type),
                clockTime(e.start),
                clockTime(e.end),
                formatDuration(e.durationSeconds),
                `${STEP_ICON[e.status]} ${e.status}`,
            ].join(" | "))
                .map((row) => `| ${row} |`),
        ].join("\n"));
    }
    if (analysis?.failure) {
        const { failure } = analysis;
        parts.push("### Why it failed");
        const lineNote = failure.scriptLine !== null ? ` (line ${failure.scriptLine})` : "";
        parts.push(`**${inline(summary_capitalise(failedWhere(analysis)))}**${lineNote}: ${inline(failure.reason)}`);
        if (failure.excerpt.length)
            parts.push(fenced(failure.excerpt.join("\n"), "text"));
    }
    if (input.logUrl)
        parts.push(`Full log: [customization.log](${input.logUrl})`);
    return `${parts.join("\n\n")}\n`;
}
function failedWhere(analysis) {
    const failure = analysis.failure;
    if (failure.step.type !== null)
        return describeStep(failure.step);
    return PHASE_TEXT[failure.phase];
}
const PHASE_TEXT = {
    preparation: "preparing the customizer files",
    deployment: "deploying the build VM",
    customization: "customization",
    deprovisioning: "deprovisioning",
    capture: "capturing the image",
    distribution: "distributing the image",
};
function summary_capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** Markdown that Packer's text cannot break: no emphasis, links or HTML from log content. */
function inline(text) {
    return text.replace(/[\r\n]+/g, " ").replace(/([\\`*_[\]<>|#])/g, "\\$1");
}
function cell(text) {
    return inline(text);
}
/** A code span that holds any text, backticks included. */
function code(text) {
    const clean = text.replace(/[\r\n]+/g, " ").replace(/\|/g, "\\|");
    const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((run) => run.length));
    const ticks = "`".repeat(longest + 1);
    const pad = clean.startsWith("`") || clean.endsWith("`") ? " " : "";
    return `${ticks}${pad}${clean}${pad}${ticks}`;
}
/** A fenced block longer than any run of backticks inside, so log lines cannot close it. */
function fenced(text, language) {
    const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
    const fence = "`".repeat(Math.max(3, longest + 1));
    return `${fence}${language}\n${text}\n${fence}`;
}

;// CONCATENATED MODULE: ./.build/src/core/run/outcome.js





/**
 * Sets the outputs and the job summary; true when the build succeeded. A failed or partial
 * build fails the step with one annotation (pointing at the repository script when there is one).
 */
async function reportOutcome(host, client, rendered, final, analysis, logUrl, signal) {
    const runState = final.status.runState ?? "Unknown";
    const artifacts = runState === "Succeeded" || runState === "PartiallySucceeded"
        ? await client.runOutputs(signal)
        : [];
    const source = final.template.source;
    const outputs = setRunOutputs(host, rendered, {
        runStatus: runState,
        templateName: client.name,
        templateId: client.id,
        stagingResourceGroup: final.template.exactStagingResourceGroup,
        sourceImageVersion: source?.exactVersion,
        artifacts,
    });
    for (const a of artifacts)
        host.info(`${a.runOutputName}: ${a.artifactId ?? a.artifactUri ?? "(no artifact)"}`);
    // The log's lines in the excerpt may carry SAS URLs; the summary keeps none.
    await host.appendSummary(withoutQueryStrings(summaryMarkdown({
        title: `bake-azure-image: ${client.name}`,
        runStatus: runState,
        outputs,
        analysis,
        logUrl,
    })));
    if (runState === "Succeeded")
        return true;
    throw buildFailure(runState, final, analysis, rendered);
}
/**
 * The one error a build that did not succeed fails the step with: the failing customizer and
 * the log lines that say why, then the service's own message.
 */
function buildFailure(runState, final, analysis, rendered) {
    const refusal = (0,azure_errors/* refusalIn */.c3)(final.status.message ?? "");
    const identities = Object.keys(rendered.body.identity
        ?.userAssignedIdentities ?? {});
    // Inside the build Image Builder acts as the template's identity, not the pipeline's.
    const hint = refusal
        ? `\n${(0,azure_errors/* describeRefusal */.a2)(`The template's identity${identities[0] ? ` ${identities[0]}` : ""}`, refusal)}`
        : "";
    const message = withoutQueryStrings(final.status.message ?? "Image Builder gave no reason.") + hint;
    if (runState === "PartiallySucceeded")
        return new errors/* BakeError */.oU(`The build partially succeeded: ${message}`);
    if (runState === "Canceled")
        return new errors/* BakeError */.oU(`The build was cancelled: ${message}`);
    const failure = analysis.failure;
    if (!failure)
        return new errors/* BakeError */.oU(`The build failed: ${message}`);
    const where = failure.step.type !== null ? describeStep(failure.step) : `the ${failure.phase} phase`;
    return new errors/* BakeError */.oU([
        `The build failed in ${where}: ${withoutQueryStrings(failure.reason)}`,
        // The reason heads the message; the excerpt gives the lines around it.
        ...failure.excerpt
            .filter((l) => l !== failure.reason)
            .map((l) => `  ${withoutQueryStrings(l)}`),
        "",
        `Image Builder: ${message}`,
    ].join("\n"), {
        file: failure.step.sourceFile ?? undefined,
        line: failure.scriptLine ?? undefined,
        title: "Image build failed",
    });
}

;// CONCATENATED MODULE: ./.build/src/core/run/build-progress.js

const PROGRESS = {
    Queued: 5,
    Building: 15,
    Customizing: 30,
    Optimizing: 60,
    Validating: 70,
    Distributing: 80,
};
function formatElapsed(ms) {
    const s = Math.round(ms / 1000);
    return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}
/** Shows each change of the build's state, with the time since the step started. */
function reportProgress(host, status, elapsedMs) {
    const label = status.runSubState ?? status.runState ?? "Unknown";
    host.info(`[${formatElapsed(elapsedMs)}] ${status.runState ?? "?"}${status.runSubState ? ` / ${status.runSubState}` : ""}`);
    host.progress(status.runState && waiting/* TERMINAL_STATES */.k.has(status.runState) ? 100 : (PROGRESS[label] ?? 1), label);
}

;// CONCATENATED MODULE: ./.build/src/core/run/cancel-build.js

/**
 * GitHub and the Azure Pipelines agent send SIGTERM 7.5 s after SIGINT: the main step's
 * cancel and cleanup fit inside it.
 */
const CANCEL_REQUEST_MS = 2_500;
class CancelledError extends errors/* BakeError */.oU {
}
/** Asks Image Builder to stop the build; returns the Retry-After it answered with. */
async function cancelBuild(host, client) {
    const signal = AbortSignal.timeout(CANCEL_REQUEST_MS);
    try {
        host.info(`Cancelling the build of ${client.name}…`);
        return await client.requestCancel(signal);
    }
    catch (error) {
        host.annotate("warning", {
            message: `Could not cancel the build of ${client.name}: ${error.message}`,
        });
    }
}
/** What a cancelled step did and left, as it is: nothing is said to be removed that is not. */
function describeCancellation(runStarted, state, left, laterPhase) {
    const head = runStarted
        ? "The step was cancelled: the build was cancelled"
        : "The step was cancelled before the build started";
    if (!state.createdTemplate && !state.staging)
        return `${head}.`;
    if (!left)
        return `${head}, and what this step created was removed.`;
    const what = [
        left.createdTemplate ? `image template ${left.templateName}` : undefined,
        left.staging ? "the staged files" : undefined,
    ]
        .filter(Boolean)
        .join(" and ");
    const What = `${what[0].toUpperCase()}${what.slice(1)}`;
    if (!laterPhase)
        return `${head}. ${What} could not be removed (see the warning).`;
    return runStarted && left.createdTemplate
        ? `${head}. Image Builder is still stopping it, so ${laterPhase} removes ${what} once it has stopped.`
        : `${head}. ${laterPhase[0].toUpperCase()}${laterPhase.slice(1)} removes ${what}.`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
;// CONCATENATED MODULE: ./.build/src/core/lifecycle/gallery-versions.js
const GALLERY_API = "2024-03-03";
/** Every version of a gallery image definition, in one request unless the list is paged. */
function listGalleryVersions(arm, definitionId, signal) {
    return arm.list(`${definitionId}/versions`, GALLERY_API, signal);
}
/** `.../images/{d}/versions/{v}` split into the definition and the version name. */
function splitVersionId(id) {
    const m = /^(.*\/images\/[^/]+)\/versions\/([^/]+)$/i.exec(id);
    return m ? { definitionId: m[1], version: m[2] } : { definitionId: id };
}

;// CONCATENATED MODULE: ./.build/src/core/lifecycle/version-order.js
/** Dotted versions compared number by number, as the Compute API and galleries order them. */
function compareVersions(a, b) {
    const x = a.split(".").map(Number);
    const y = b.split(".").map(Number);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d !== 0)
            return d;
    }
    return 0;
}
/** The highest of the versions, or undefined when there are none. */
function highest(items, version) {
    return items.reduce((best, item) => best === undefined || compareVersions(version(item), version(best)) > 0 ? item : best, undefined);
}
/** A region as Azure compares them: "West Europe" and "westeurope" are the same. */
function regionKey(name) {
    return name.replace(/\s+/g, "").toLowerCase();
}

;// CONCATENATED MODULE: ./.build/src/core/lifecycle/fingerprint.js



const FINGERPRINT_TAG = "bake.fingerprint";
/** Raised when the canonical form changes, so images fingerprinted the old way are not reused. */
const FORM = 1;
/** JSON with object keys sorted at every depth: equal content, equal text. */
function canonicalJson(value) {
    if (value === undefined)
        return "null";
    if (Array.isArray(value))
        return `[${value.map(canonicalJson).join(",")}]`;
    if (value && typeof value === "object") {
        const keys = Object.keys(value)
            .filter((k) => value[k] !== undefined)
            .sort();
        return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
    }
    return JSON.stringify(value);
}
/**
 * The template as it decides the image: no tags, no build timeout, no run output names; staged
 * files by their path in the repository rather than this run's blob URL; a gallery target by
 * its definition, since the version name is the run's; regions in any order.
 */
function fingerprintForm(input) {
    const { body, artifacts, names } = input;
    const urls = new Map(artifacts.map((a) => [a.blobUrl, `staged:${a.source.relativePath}`]));
    const runSpecific = (text) => urls.get(text) ??
        text.split(names.stagingPrefix).join("<staging>/").split(names.templateName).join("<template>");
    const clean = (node) => {
        if (typeof node === "string")
            return runSpecific(node);
        if (Array.isArray(node))
            return node.map(clean);
        if (node && typeof node === "object")
            return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, clean(v)]));
        return node;
    };
    const properties = { ...body.properties };
    delete properties.buildTimeoutInMinutes;
    properties.distribute = (properties.distribute ?? []).map(distributionTarget);
    return {
        form: FORM,
        template: clean({
            location: body.location ?? null,
            identity: body.identity ?? null,
            properties,
        }),
        files: artifacts
            .map((a) => ({ path: a.source.relativePath, archive: a.archive ?? null, sha256: a.sha256 }))
            .sort((a, b) => a.path.localeCompare(b.path)),
    };
}
/** A distributor without what belongs to one run: its version name, output name and tags. */
function distributionTarget(d) {
    const rest = { ...d };
    delete rest.runOutputName;
    delete rest.artifactTags;
    if (typeof rest.galleryImageId === "string")
        rest.galleryImageId = splitVersionId(rest.galleryImageId).definitionId.toLowerCase();
    if (typeof rest.imageId === "string")
        rest.imageId = rest.imageId.toLowerCase();
    if (Array.isArray(rest.targetRegions))
        rest.targetRegions = rest.targetRegions
            .map((r) => ({ ...r, name: regionKey(r.name ?? "") }))
            .sort((a, b) => a.name.localeCompare(b.name));
    if (Array.isArray(rest.replicationRegions))
        rest.replicationRegions = rest.replicationRegions.map(regionKey).sort();
    return rest;
}
/** sha256 over the canonical form: everything that decides the image, nothing of the run. */
function imageFingerprint(input) {
    return (0,external_node_crypto_.createHash)("sha256")
        .update(canonicalJson(fingerprintForm(input)))
        .digest("hex");
}
/** Every artifact and the template carry the fingerprint, so a later run can find the image. */
function tagWithFingerprint(body, fingerprint) {
    body.tags = { ...(body.tags ?? {}), [FINGERPRINT_TAG]: fingerprint };
    for (const d of (body.properties.distribute ?? []))
        d.artifactTags = { ...(d.artifactTags ?? {}), [FINGERPRINT_TAG]: fingerprint };
}

;// CONCATENATED MODULE: ./.build/src/core/lifecycle/find-same-image.js




const IMAGES_API = "2024-07-01";
/**
 * A gallery version can stand in for this run's build when it carries our fingerprint, was
 * published, and reached every region this run would replicate to.
 */
function isReusableVersion(version, fingerprint, regions) {
    if (version.tags?.[FINGERPRINT_TAG] !== fingerprint)
        return false;
    if ((version.properties?.provisioningState ?? "") !== "Succeeded")
        return false;
    const reached = new Set((version.properties?.publishingProfile?.targetRegions ?? []).map((r) => regionKey(r.name ?? "")));
    return regions.every((r) => reached.has(regionKey(r)));
}
function requestedRegions(distributor, location) {
    const target = distributor.targetRegions;
    if (target?.length)
        return target.map((r) => r.name ?? "");
    const replication = distributor.replicationRegions;
    return replication?.length ? replication : [location];
}
/**
 * The images made earlier from the same inputs, one for each distribution target, or
 * undefined when a target has none (or is a VHD, which carries no tags): then the run builds.
 */
async function findSameImage(arm, body, fingerprint, signal) {
    const distribute = (body.properties.distribute ?? []);
    if (!distribute.length || distribute.some((d) => d.type === "VHD"))
        return undefined;
    const found = await Promise.all(distribute.map(async (d) => {
        const runOutputName = d.runOutputName ?? "";
        if (d.type === "SharedImage" && typeof d.galleryImageId === "string") {
            const { definitionId, version: asked } = splitVersionId(d.galleryImageId);
            const regions = requestedRegions(d, body.location);
            const reusable = (await readOr(listGalleryVersions(arm, definitionId, signal), [])).filter((v) => isReusableVersion(v, fingerprint, regions));
            // The version asked for when it is one of them, else the highest.
            const best = reusable.find((v) => asked && v.name === asked) ??
                reusable.sort((a, b) => compareVersions(b.name, a.name))[0];
            return best && { kind: "gallery", runOutputName, id: best.id };
        }
        if (d.type === "ManagedImage" && typeof d.imageId === "string") {
            const image = await readOr(arm.get(d.imageId, IMAGES_API, signal), undefined);
            return image?.tags?.[FINGERPRINT_TAG] === fingerprint &&
                image.properties?.provisioningState === "Succeeded"
                ? { kind: "managed", runOutputName, id: image.id }
                : undefined;
        }
        return undefined;
    }));
    return found.every((f) => f !== undefined) ? found : undefined;
}
/** Not found, or not readable by the pipeline: nothing to reuse, so the run builds. */
async function readOr(read, fallback) {
    try {
        return await read;
    }
    catch (error) {
        if (error instanceof azure_arm/* ArmError */.dW)
            return fallback;
        throw error;
    }
}

;// CONCATENATED MODULE: ./.build/src/core/lifecycle/pin-source.js



const COMPUTE_API = "2024-07-01";
/**
 * Resolves `latest` of the source now and writes the exact version into the template, so
 * the build is deterministic, the source version is known before it, and the fingerprint
 * says which source the image was built from.
 */
async function pinSourceVersion(arm, body, signal, debug) {
    const properties = body.properties;
    const source = properties.source;
    try {
        if (source.type === "PlatformImage") {
            if (source.version.toLowerCase() !== "latest")
                return { version: source.version, pinned: true };
            const path = `/subscriptions/${arm.subscriptionId}/providers/Microsoft.Compute/locations/${encodeURIComponent(body.location)}/publishers/${source.publisher}/artifacttypes/vmimage/offers/${source.offer}/skus/${source.sku}/versions`;
            const listed = await arm.get(path, COMPUTE_API, signal);
            const newest = highest(listed, (v) => v.name);
            if (!newest)
                return unresolved(debug, `no versions are listed for ${path}`);
            properties.source = { ...source, version: newest.name };
            return { version: newest.name, pinned: true };
        }
        if (source.type === "SharedImageVersion") {
            const { definitionId, version } = splitVersionId(source.imageVersionId);
            if (version?.toLowerCase() !== "latest")
                return { version, pinned: true };
            // "latest" of a gallery definition: the highest version not excluded from latest.
            const candidates = (await listGalleryVersions(arm, definitionId, signal)).filter((v) => !v.properties?.publishingProfile?.excludeFromLatest &&
                (v.properties?.provisioningState ?? "Succeeded") === "Succeeded");
            const newest = highest(candidates, (v) => v.name);
            if (!newest)
                return unresolved(debug, `${definitionId} has no version to use as latest`);
            properties.source = {
                ...source,
                imageVersionId: `${definitionId}/versions/${newest.name}`,
            };
            return { version: newest.name, pinned: true };
        }
        return { pinned: true };
    }
    catch (error) {
        if (!(error instanceof azure_arm/* ArmError */.dW))
            throw error;
        return unresolved(debug, error.message);
    }
}
/** Image Builder resolves `latest` itself then; the run builds, as nothing proves it unchanged. */
function unresolved(debug, why) {
    debug(`The source's latest version could not be resolved before the build (${why}); it is left to Image Builder, and no earlier image is reused.`);
    return { pinned: false };
}

;// CONCATENATED MODULE: ./.build/src/core/lifecycle/reuse-image.js

const reuse_image_PREFERENCE = ["gallery", "managed"];
/**
 * Sets every output from the images an earlier run made from the same inputs, as a build
 * would have: run-status Succeeded, no template (template-name and template-id empty).
 */
async function reportReuse(host, rendered, reused, fingerprint, sourceVersion) {
    const ids = [...reused]
        .sort((a, b) => reuse_image_PREFERENCE.indexOf(a.kind) - reuse_image_PREFERENCE.indexOf(b.kind))
        .map((r) => r.id);
    const outputs = {
        "image-version-id": ids[0] ?? "",
        "image-version-ids": JSON.stringify(ids),
        "run-outputs": JSON.stringify(Object.fromEntries(reused.map((r) => [r.runOutputName, { artifactId: r.id, artifactUri: null }]))),
        "run-status": "Succeeded",
        "template-name": "",
        "template-id": "",
        "staging-resource-group": "",
        "source-image-version": sourceVersion ?? "",
        template: (0,render_template/* shownTemplate */.cz)(rendered),
        "cache-hit": "true",
        fingerprint,
    };
    for (const [name, value] of Object.entries(outputs))
        host.setOutput(name, value);
    const force = `${host.inputDisplayName("if-unchanged")}: build`;
    const message = `Nothing to build: ${ids.join(" and ")} ${ids.length > 1 ? "were" : "was"} built from the same inputs (fingerprint ${fingerprint}) and ${ids.length > 1 ? "are" : "is"} reused. To build anyway, set ${force}.`;
    host.annotate("notice", { message, title: "Image reused" });
    await host.appendSummary([
        `### bake-azure-image: image reused`,
        "",
        `Nothing was built: an image with the same fingerprint already exists (\`${host.inputDisplayName("if-unchanged")}: skip\`).`,
        "",
        ...ids.map((id) => `- \`${id}\``),
        "",
        `Fingerprint \`${fingerprint}\`${sourceVersion ? `; source version ${sourceVersion}` : ""}. Set \`${force}\` to build anyway.`,
        "",
    ].join("\n"));
}

;// CONCATENATED MODULE: ./.build/src/core/lifecycle/build-only-what-changed.js




async function identifyImage(host, arm, inputs, rendered, signal) {
    const source = await pinSourceVersion(arm, rendered.body, signal, (m) => host.debug(m));
    if (source.version)
        host.setOutput("source-image-version", source.version);
    host.setOutput("cache-hit", "false");
    const fingerprintNow = () => {
        const fingerprint = imageFingerprint(rendered);
        tagWithFingerprint(rendered.body, fingerprint);
        host.setOutput("fingerprint", fingerprint);
        host.info(`Image fingerprint: ${fingerprint}`);
        return fingerprint;
    };
    const skip = inputs.ifUnchanged === "skip";
    const identity = {
        fingerprint: skip ? fingerprintNow() : undefined,
        isSameImage: (version, distributor) => skip &&
            source.pinned &&
            isReusableVersion(version, identity.fingerprint, requestedRegions(distributor, rendered.body.location)),
        async reuseIfBuilt() {
            if (!skip || !source.pinned)
                return false;
            const reused = await findSameImage(arm, rendered.body, identity.fingerprint, signal);
            if (!reused)
                return false;
            await reportReuse(host, rendered, reused, identity.fingerprint, source.version);
            return true;
        },
        complete() {
            identity.fingerprint ??= fingerprintNow();
        },
    };
    return identity;
}

;// CONCATENATED MODULE: ./.build/src/core/run/real-run.js















const CLIENT_MARGIN_MS = 15 * 60_000;
const SAS_MARGIN_MS = 30 * 60_000;
/** Puts the SAS URLs in place of the plain blob URLs the template was rendered with. */
function withReadUrls(node, urls) {
    if (typeof node === "string")
        return urls.get(node) ?? node;
    if (Array.isArray(node))
        return node.map((n) => withReadUrls(n, urls));
    if (node && typeof node === "object")
        return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, withReadUrls(v, urls)]));
    return node;
}
/**
 * A real run, as a sequence: sign in, render, check, stage, create, build, report. Cleanup,
 * cancellation and the outcome each live in a module of their own.
 */
async function realRun(host, inputs) {
    const ctx = host.runContext();
    const signal = host.cancellation;
    const started = Date.now();
    const arm = await (0,sign_in/* signIn */.J)(host, inputs);
    const account = inputs.stagingStorageAccount
        ? await resolveStagingAccount(arm, inputs.stagingStorageAccount, inputs.resourceGroup, signal)
        : undefined;
    const rendered = await (0,render_template/* renderTemplate */.Xm)(inputs, ctx, {
        blobEndpoint: account?.blobEndpoint,
        // Skipping an unchanged image needs every checksum before anything is uploaded.
        deferHashesFrom: inputs.ifUnchanged === "build" ? blob_staging/* HASH_WHILE_UPLOADING_FROM */.y : undefined,
    });
    (0,render_template/* announceRendered */.XY)(host, rendered);
    let image;
    try {
        image = await identifyImage(host, arm, inputs, rendered, signal);
        await preflight(arm, inputs, rendered, signal, (m) => host.debug(m), image.isSameImage);
        if (await image.reuseIfBuilt()) {
            rendered.dispose();
            return;
        }
    }
    catch (error) {
        rendered.dispose();
        throw error;
    }
    const client = new image_template_client/* ImageTemplateClient */.t(arm, inputs.resourceGroup, rendered.names.templateName, image_template_client/* SDK_POLL_MS */.U);
    const targets = (0,cleanup/* azureTargets */.a3)(arm);
    const staging = account && rendered.artifacts.length
        ? new blob_staging/* BlobStaging */.N(account, arm.credential, inputs.stagingContainer, arm.httpClient)
        : undefined;
    // Only what this step created is ever removed: recorded before each creation, so a crash
    // in between leaves the post step something to look for, and never someone else's template.
    const state = {
        resourceGroup: inputs.resourceGroup,
        templateName: client.name,
        createdTemplate: false,
    };
    const record = () => (0,cleanup/* recordCleanupState */.H9)(host, state);
    host.setOutput("template-name", client.name);
    host.setOutput("template-id", client.id);
    let runStarted = false;
    let succeeded = false;
    let buildOver = false;
    let cancelled;
    let cancelAskedMs;
    let left;
    try {
        // Looking for an earlier try's template goes on while the files upload.
        const leftovers = (0,cleanup/* removeLeftovers */.DA)(targets, client.resourceGroup, client.name, rendered.names.provenanceTags[naming/* TAG */.Dk.step], ctx, host, signal);
        leftovers.catch(() => undefined);
        if (staging) {
            state.staging = {
                account: account,
                container: inputs.stagingContainer,
                prefix: rendered.names.stagingPrefix,
            };
            record();
            await host.group(`Staging ${rendered.artifacts.length} file(s) in ${account.name}/${inputs.stagingContainer}/${rendered.names.stagingPrefix}`, () => staging.upload(rendered.artifacts, signal, (a) => host.info(`${a.source.relativePath}${a.archive ? ` (${a.archive})` : ""}: ${a.size} bytes, sha256 ${a.sha256}`)));
        }
        // Large files were hashed while they uploaded: the template gets their checksums now, and
        // (with if-unchanged: build) the fingerprint that needed them.
        await rendered.resolveHashes();
        image.complete();
        host.setOutput("template", (0,render_template/* shownTemplate */.cz)(rendered));
        const buildMinutes = rendered.body.properties.buildTimeoutInMinutes;
        let body = rendered.body;
        if (staging && inputs.stagingAccess === "sas") {
            const expiresOn = new Date(Date.now() + buildMinutes * 60_000 + SAS_MARGIN_MS);
            const urls = await staging.readOnlySasUrls(rendered.artifacts, expiresOn, signal);
            for (const url of urls.values())
                host.setSecret(url.slice(url.indexOf("?") + 1));
            body = withReadUrls(rendered.body, urls);
            host.info(`Image Builder reads the staged files through read-only SAS URLs that expire at ${expiresOn.toISOString()}.`);
        }
        await leftovers;
        state.createdTemplate = true;
        record();
        await host.group(`Creating image template ${client.name} in ${inputs.resourceGroup}`, async () => {
            host.info(JSON.stringify(rendered.body, null, 2));
            await client.create(body, signal);
        });
        const firstPollAfterMs = await client.startRun(signal);
        runStarted = true;
        host.info(`Build started; Image Builder may take a while. Timeout: ${buildMinutes} minutes.`);
        const { final, analysis, logUrl } = await followBuild({
            host,
            arm,
            client,
            customizers: rendered.customizers,
            logLevel: inputs.logLevel,
            deadline: Date.now() + buildMinutes * 60_000 + CLIENT_MARGIN_MS,
            signal,
            firstPollAfterMs,
            onChange: (status) => reportProgress(host, status, Date.now() - started),
        });
        buildOver = final.status.runState !== undefined && waiting/* TERMINAL_STATES */.k.has(final.status.runState);
        succeeded = await reportOutcome(host, client, rendered, final, analysis, logUrl, signal);
    }
    catch (error) {
        if (runStarted && (signal.aborted || error instanceof BuildTimeoutError)) {
            cancelAskedMs = await cancelBuild(host, client);
        }
        if (!signal.aborted)
            throw error;
        cancelled = { cause: error };
    }
    finally {
        rendered.dispose();
        left = await (0,cleanup/* cleanUpAfterRun */.UH)(host, targets, state, {
            keepOnFailure: inputs.keepOnFailure,
            succeeded,
            cancelled: signal.aborted,
            buildOver,
            cancelAskedMs,
        });
    }
    if (cancelled) {
        throw new CancelledError(describeCancellation(runStarted, state, left, host.cleanupPhase), {
            cause: cancelled.cause,
        });
    }
}


/***/ })

};
