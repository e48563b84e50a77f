export const id = 141;
export const ids = [141];
export const modules = {

/***/ 4510:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   lS: () => (/* binding */ cancelBuild),
/* harmony export */   vk: () => (/* binding */ describeCancellation)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6512);

/**
 * GitHub and the Azure Pipelines agent send SIGTERM 7.5 s after SIGINT: the main step's
 * cancel and cleanup fit inside it.
 */
const CANCEL_REQUEST_MS = 2_500;
class CancelledError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BakeError */ .oU {
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


/***/ }),

/***/ 6826:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  n: () => (/* binding */ seeBuildThrough)
});

// EXTERNAL MODULE: ./.build/src/core/run/waiting.js
var waiting = __webpack_require__(7978);
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

// EXTERNAL MODULE: ./.build/src/core/logs/log-analyzer.js + 2 modules
var log_analyzer = __webpack_require__(455);
// EXTERNAL MODULE: ./.build/src/core/logs/steps.js
var steps = __webpack_require__(9216);
;// CONCATENATED MODULE: ./.build/src/core/run/outputs.js
/** The artifact a following step most likely wants first: a gallery version, else a managed image, else a VHD. */
const PREFERENCE = ["gallery", "managed", "vhd"];
function artifactIds(plan, artifacts) {
    const kindOf = new Map(plan.runOutputs.map((r) => [r.name, r.kind]));
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
function setRunOutputs(host, plan, result) {
    const ids = artifactIds(plan, result.artifacts);
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
    return capitalise((0,steps/* describeStep */.Ey)(step));
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
// EXTERNAL MODULE: ./.build/src/core/azure/arm.js + 1 modules
var arm = __webpack_require__(7701);
;// CONCATENATED MODULE: ./.build/src/core/run/build-log-tail.js


const STORAGE_API_VERSION = "2023-05-01";
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
        const accounts = await this.arm.get(`${stagingResourceGroupId}/providers/Microsoft.Storage/storageAccounts`, STORAGE_API_VERSION, signal);
        for (const account of accounts.value ?? []) {
            const endpoint = account.properties?.primaryEndpoints?.blob;
            if (!endpoint)
                continue;
            this.containers.push(new esm/* BlobServiceClient */.wS(endpoint, this.credential, (0,arm/* storageClientOptions */.$F)(this.arm.httpClient)).getContainerClient(LOG_CONTAINER));
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

// EXTERNAL MODULE: ./.build/src/core/run/wait-for-build.js
var wait_for_build = __webpack_require__(4855);
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
    const analyzer = new log_analyzer/* LogAnalyzer */.R(options.customizers);
    const schedule = new wait_for_build/* PollSchedule */.$x(250, WATCHFUL_CEILING_MS, 2);
    const nudge = new wait_for_build/* Nudge */.cb();
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
        final = await (0,wait_for_build/* waitForBuild */.nt)(client, {
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

// EXTERNAL MODULE: ./.build/src/core/errors.js
var errors = __webpack_require__(6512);
// EXTERNAL MODULE: ./.build/src/core/azure/azure-errors.js
var azure_errors = __webpack_require__(8374);
// EXTERNAL MODULE: ./.build/src/core/logs/summary.js + 1 modules
var summary = __webpack_require__(6855);
;// CONCATENATED MODULE: ./.build/src/core/run/outcome.js





/**
 * Sets the outputs and the job summary; true when the build succeeded. A failed or partial
 * build fails the step with one annotation (pointing at the repository script when there is one).
 */
async function reportOutcome(host, client, plan, final, analysis, logUrl, signal) {
    const runState = final.status.runState ?? "Unknown";
    const artifacts = runState === "Succeeded" || runState === "PartiallySucceeded"
        ? await client.runOutputs(signal)
        : [];
    const source = final.template.source;
    const outputs = setRunOutputs(host, plan, {
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
    await host.appendSummary(withoutQueryStrings((0,summary/* summaryMarkdown */.e)({
        title: `bake-azure-image: ${client.name}`,
        runStatus: runState,
        outputs,
        analysis,
        logUrl,
    })));
    if (runState === "Succeeded")
        return true;
    throw buildFailure(runState, final, analysis, plan);
}
/**
 * The one error a build that did not succeed fails the step with: the failing customizer and
 * the log lines that say why, then the service's own message.
 */
function buildFailure(runState, final, analysis, plan) {
    const refusal = (0,azure_errors/* refusalIn */.c3)(final.status.message ?? "");
    const identities = Object.keys(plan.body.identity
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
    const where = failure.step.type !== null ? (0,steps/* describeStep */.Ey)(failure.step) : `the ${failure.phase} phase`;
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

;// CONCATENATED MODULE: ./.build/src/core/run/see-build-through.js




/** The client waits this much longer than the build may take, so Image Builder's timeout comes first. */
const CLIENT_MARGIN_MS = 15 * 60_000;
/**
 * Follows a started build to its end with its live log, then sets the outputs, the summary and
 * the one annotation of a failure. Shared by every way a step gets to a running build.
 */
async function seeBuildThrough(build, watch) {
    const { host, client, signal } = build;
    const { final, analysis, logUrl } = await followBuild({
        host,
        arm: build.arm,
        client,
        customizers: build.customizers,
        logLevel: build.logLevel,
        deadline: Date.now() + build.buildMinutes * 60_000 + CLIENT_MARGIN_MS,
        signal,
        firstPollAfterMs: build.firstPollAfterMs,
        onChange: (status) => reportProgress(host, status, Date.now() - build.startedMs),
    });
    watch.buildOver =
        final.status.runState !== undefined && waiting/* TERMINAL_STATES */.k.has(final.status.runState);
    watch.succeeded = await reportOutcome(host, client, build.plan, final, analysis, logUrl, signal);
}


/***/ }),

/***/ 4855:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $x: () => (/* binding */ PollSchedule),
/* harmony export */   cb: () => (/* binding */ Nudge),
/* harmony export */   eo: () => (/* binding */ BuildTimeoutError),
/* harmony export */   nt: () => (/* binding */ waitForBuild)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6512);
/* harmony import */ var _waiting_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7978);


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
            await (0,_waiting_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .y)(ms, AbortSignal.any([signal, early.signal]));
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
class BuildTimeoutError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BakeError */ .oU {
}
/** Reads the template until its last run reaches a final state. */
async function waitForBuild(client, options) {
    const schedule = options.schedule ?? new PollSchedule();
    let last = "";
    if (options.firstPollAfterMs)
        await (0,_waiting_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .y)(options.firstPollAfterMs, options.signal);
    for (;;) {
        const snapshot = await client.snapshot(options.signal);
        const key = `${snapshot.status.runState ?? ""}/${snapshot.status.runSubState ?? ""}`;
        if (key !== last) {
            last = key;
            options.onChange(snapshot.status);
        }
        await options.onPoll?.(snapshot);
        if (snapshot.status.runState && _waiting_js__WEBPACK_IMPORTED_MODULE_1__/* .TERMINAL_STATES */ .k.has(snapshot.status.runState))
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
            await (0,_waiting_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .y)(wait, options.signal);
        }
    }
}


/***/ })

};
