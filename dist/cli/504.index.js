export const id = 504;
export const ids = [504];
export const modules = {

/***/ 6504:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  realRun: () => (/* binding */ realRun)
});

// EXTERNAL MODULE: ./.build/src/core/naming.js
var naming = __webpack_require__(8543);
// EXTERNAL MODULE: ./.build/src/core/template/render-template.js + 20 modules
var render_template = __webpack_require__(6274);
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
// EXTERNAL MODULE: ./.build/src/core/logs/log-analyzer.js + 2 modules
var log_analyzer = __webpack_require__(455);
// EXTERNAL MODULE: ./.build/src/core/logs/steps.js
var steps = __webpack_require__(9216);
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
    const analyzer = new log_analyzer/* LogAnalyzer */.R(options.customizers);
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
// EXTERNAL MODULE: ./.build/src/core/logs/summary.js + 1 modules
var summary = __webpack_require__(6855);
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
    await host.appendSummary(withoutQueryStrings((0,summary/* summaryMarkdown */.e)({
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
