export const id = 393;
export const ids = [393];
export const modules = {

/***/ 7393:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  realRun: () => (/* binding */ realRun)
});

// EXTERNAL MODULE: ./.build/src/core/naming.js
var naming = __webpack_require__(8543);
// EXTERNAL MODULE: ./.build/src/core/template/render-template.js + 21 modules
var render_template = __webpack_require__(3990);
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

;// CONCATENATED MODULE: ./.build/src/core/preflight/api-versions.js
/** The Resource Manager API versions the checks read with. */
const API = {
    resourceGroups: "2021-04-01",
    providers: "2021-04-01",
    identities: "2023-01-31",
    galleries: "2024-03-03",
    images: "2024-07-01",
    platformImages: "2024-07-01",
    network: "2024-05-01",
    authorization: "2022-04-01",
};

;// CONCATENATED MODULE: ./.build/src/core/preflight/check-family.js

/**
 * The input a problem is reported against: the input when it was given, otherwise the
 * template file when there is one (the value came from it).
 */
function inputFor(inputs, input, given) {
    return given || !inputs.templateFile ? input : "template-file";
}
function problem(input, message) {
    return new errors/* InputError */.dz(input, message);
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/template-fields.js

function properties(rendered) {
    return (rendered.body.properties ?? {});
}
function vnetConfigOf(rendered) {
    const vmProfile = (properties(rendered).vmProfile ?? {});
    return (vmProfile.vnetConfig ?? {});
}
function sourceOf(rendered) {
    const source = properties(rendered).source;
    return source && typeof source === "object" ? source : undefined;
}
function distributionsOf(rendered) {
    return (properties(rendered).distribute ?? []).filter((d) => d && typeof d === "object");
}
function templateIdentityIds(rendered) {
    const identity = rendered.body.identity;
    return Object.keys(identity?.userAssignedIdentities ?? {});
}
function locationOf(rendered) {
    return typeof rendered.body.location === "string" ? rendered.body.location : undefined;
}
/** A region as Azure compares them: "West Europe" and "westeurope" are the same. */
function sameRegion(a, b) {
    const norm = (r) => r.replace(/\s+/g, "").toLowerCase();
    return norm(a) === norm(b);
}
/** The definition a gallery image version (or the definition itself) belongs to. */
function galleryDefinitionOf(id) {
    const at = id.toLowerCase().lastIndexOf("/versions/");
    return at >= 0 ? id.slice(0, at) : id;
}
function galleryOf(definitionId) {
    return definitionId.slice(0, definitionId.toLowerCase().lastIndexOf("/images/"));
}
/** The virtual network a subnet is in. */
function vnetOf(subnetId) {
    return subnetId.slice(0, subnetId.toLowerCase().lastIndexOf("/subnets/"));
}
function groupOf(id) {
    const parsed = (0,resource_id/* parseResourceId */.RQ)(id);
    return parsed
        ? {
            subscriptionId: parsed.subscriptionId,
            resourceGroup: parsed.resourceGroup,
            id: `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}`,
        }
        : undefined;
}
function lastName(id) {
    return id.replace(/\/+$/, "").split("/").pop() ?? id;
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/existence-checks.js




/**
 * What the template refers to exists: a mistake Image Builder would only report after hours
 * of building (a gallery image definition that does not exist, an image version that already
 * does) ends the step at once, naming the input.
 */
const existenceChecks = {
    name: "resource",
    needs: "Reader on the resource group, the template's identity and the gallery",
    checks(ctx) {
        return [
            ...resourceGroupCheck(ctx),
            ...templateIdentityIds(ctx.rendered).map((id) => identityCheck(ctx, id)),
            ...galleryTargetChecks(ctx),
        ];
    },
};
function resourceGroupCheck({ inputs, reads, skip }) {
    // A staging account found by name in the resource group already showed that it exists.
    if (inputs.stagingStorageAccount !== undefined && !inputs.stagingStorageAccount.id)
        return [];
    return [
        (async () => {
            const id = (0,resource_id/* resourceGroupId */.x6)(reads.subscriptionId, inputs.resourceGroup);
            const group = await reads.read(id, API.resourceGroups);
            if ("unreadable" in group)
                return skip(id, group.unreadable);
            if ("missing" in group)
                throw problem("resource-group", `names a resource group that does not exist in subscription ${reads.subscriptionId}: ${inputs.resourceGroup}. Create it first (az group create --name ${inputs.resourceGroup} --location <region>), or name an existing one.`);
        })(),
    ];
}
async function identityCheck({ inputs, reads, skip }, id) {
    const identity = await reads.read(id, API.identities);
    if ("unreadable" in identity)
        return skip(id, identity.unreadable);
    if ("missing" in identity)
        throw problem(inputFor(inputs, "identity", inputs.identityId !== undefined), `names a user-assigned identity that does not exist: ${id}. Create it (az identity create), or correct the ID.`);
}
function galleryTargetChecks(ctx) {
    const { inputs, rendered, reads, skip } = ctx;
    const input = inputFor(inputs, "gallery-image-id", inputs.gallery !== undefined);
    return distributionsOf(rendered).flatMap((d) => {
        if (d.type !== "SharedImage" || typeof d.galleryImageId !== "string")
            return [];
        const target = d.galleryImageId;
        const definitionId = galleryDefinitionOf(target);
        const version = definitionId.length < target.length ? target.slice(definitionId.length + 10) : undefined;
        const regions = (d.targetRegions ?? []).map((r) => r.name ?? "");
        return [
            (async () => {
                const definition = await reads.read(definitionId, API.galleries);
                if ("unreadable" in definition)
                    return skip(definitionId, definition.unreadable);
                if ("missing" in definition)
                    throw problem(input, `names a gallery image definition that does not exist: ${definitionId}. Create it (az sig image-definition create), or correct the ID.`);
                const os = definition.found.properties?.osType;
                const ours = rendered.osType === "windows" ? "Windows" : rendered.osType ? "Linux" : "";
                if (os && ours && os.toLowerCase() !== ours.toLowerCase())
                    throw problem(input, `is a ${os} image definition, but this image is ${ours}. Use a ${ours} image definition.`);
                const home = definition.found.location;
                if (home && regions.length && !regions.some((r) => sameRegion(r, home)))
                    throw problem(inputs.gallery ? "replication-regions" : input, `must include ${home}, the region of the gallery image definition ${definitionId}: a gallery keeps every version in its own region. Add ${home} to the regions.`);
                if (!version)
                    return;
                const existing = await reads.read(target, API.galleries);
                if ("unreadable" in existing)
                    return skip(target, existing.unreadable);
                if ("found" in existing)
                    throw problem(inputs.gallery?.version ? "image-version" : input, `${version} already exists in ${definitionId}: Image Builder would build the image and then fail to publish it. Choose a version that does not exist yet, e.g. one built from the run number.`);
            })(),
        ];
    });
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/nsg-rules.js
/**
 * How a network security group decides inbound traffic, for the one flow Image Builder's proxy
 * needs: Azure Load Balancer's health probe and forwarded traffic reaching the proxy VM.
 * Rules are read the way Azure applies them: lowest priority number first, the first rule
 * that matches decides, and the built-in default rules come last.
 */
/** The address Azure Load Balancer's traffic comes from (the AzureLoadBalancer service tag). */
const AZURE_LOAD_BALANCER_ADDRESS = "168.63.129.16";
/** Azure's own inbound defaults, for an answer that leaves them out. */
const DEFAULT_INBOUND_RULES = [
    rule("AllowVnetInBound", 65000, "Allow", "VirtualNetwork", "VirtualNetwork"),
    rule("AllowAzureLoadBalancerInBound", 65001, "Allow", "AzureLoadBalancer", "*"),
    rule("DenyAllInBound", 65500, "Deny", "*", "*"),
];
function rule(name, priority, access, source, destination) {
    return {
        name,
        properties: {
            priority,
            direction: "Inbound",
            access,
            protocol: "*",
            sourceAddressPrefix: source,
            sourcePortRange: "*",
            destinationAddressPrefix: destination,
            destinationPortRange: "*",
        },
    };
}
/** The first rule, by priority, that matches the flow decides it. */
function evaluateInbound(nsg, flow) {
    const custom = (nsg.properties?.securityRules ?? []).filter(inbound);
    const given = (nsg.properties?.defaultSecurityRules ?? []).filter(inbound);
    const defaults = given.length ? given : DEFAULT_INBOUND_RULES;
    const ordered = [
        ...custom.map((r) => ({ r, isDefault: false })),
        ...defaults.map((r) => ({ r, isDefault: true })),
    ].sort((a, b) => a.r.properties.priority - b.r.properties.priority);
    for (const { r, isDefault } of ordered) {
        if (matches(r, flow))
            return { allowed: r.properties.access.toLowerCase() === "allow", decidedBy: r, isDefault };
    }
    return { allowed: false, isDefault: false };
}
function inbound(r) {
    return r.properties?.direction?.toLowerCase() === "inbound";
}
function list(one, many) {
    const all = [...(many ?? []), ...(one !== undefined && one !== "" ? [one] : [])];
    return all.length ? all : ["*"];
}
function matches(r, flow) {
    const p = r.properties;
    const protocol = p.protocol.toLowerCase();
    if (protocol !== "*" && protocol !== "any" && protocol !== flow.protocol.toLowerCase())
        return false;
    // A rule about application security groups names VMs by group, which the load balancer
    // and the proxy VM Image Builder creates are never in.
    if (p.sourceApplicationSecurityGroups?.length || p.destinationApplicationSecurityGroups?.length)
        return false;
    if (!list(p.sourceAddressPrefix, p.sourceAddressPrefixes).some((s) => sourceCovers(s, flow)))
        return false;
    // The probe comes from any source port: only a rule for every source port is sure to apply.
    if (!list(p.sourcePortRange, p.sourcePortRanges).some(isAnyPort))
        return false;
    if (!list(p.destinationAddressPrefix, p.destinationAddressPrefixes).some((d) => destinationCovers(d, flow.destinationPrefixes)))
        return false;
    return list(p.destinationPortRange, p.destinationPortRanges).some((range) => portIn(range, flow.port));
}
function isAnyPort(range) {
    return range === "*" || range === "0-65535" || range === "1-65535";
}
function sourceCovers(prefix, flow) {
    const p = prefix.trim();
    if (p === "*" || p.toLowerCase() === "any")
        return true;
    if (p.toLowerCase() === flow.source.tag.toLowerCase())
        return true;
    const net = parseCidr(p);
    const address = parseCidr(flow.source.address);
    return !!net && !!address && contains(net, address);
}
function destinationCovers(prefix, subnetPrefixes) {
    const p = prefix.trim().toLowerCase();
    // The proxy VM is in the subnet, and the subnet is in the virtual network.
    if (p === "*" || p === "any" || p === "virtualnetwork")
        return true;
    const net = parseCidr(p);
    if (!net)
        return false;
    // The proxy VM's address is not known before the build: the rule must hold for all of the subnet.
    return subnetPrefixes.some((s) => {
        const subnet = parseCidr(s);
        return !!subnet && contains(net, subnet);
    });
}
function portIn(range, port) {
    const r = range.trim();
    if (r === "*")
        return true;
    const m = /^(\d+)(?:-(\d+))?$/.exec(r);
    if (!m)
        return false;
    const low = Number(m[1]);
    const high = m[2] ? Number(m[2]) : low;
    return port >= low && port <= high;
}
function parseCidr(value) {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value.trim());
    if (!m)
        return undefined;
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255))
        return undefined;
    const bits = m[5] !== undefined ? Number(m[5]) : 32;
    if (bits > 32)
        return undefined;
    const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    return { base: (address & mask(bits)) >>> 0, bits };
}
function mask(bits) {
    return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}
/** Whether every address of `inner` is in `outer`. */
function contains(outer, inner) {
    return outer.bits <= inner.bits && (inner.base & mask(outer.bits)) >>> 0 === outer.base;
}
/**
 * A priority for a new allow rule that comes before `blocking`, free in the group; undefined
 * when there is none (the blocking rule has priority 100, the lowest there is).
 */
function freePriorityBefore(nsg, blocking) {
    const taken = new Set((nsg.properties?.securityRules ?? []).filter(inbound).map((r) => r.properties.priority));
    const start = Math.min(blocking - 1, 4096);
    for (let p = start; p >= 100; p--)
        if (!taken.has(p))
            return p;
    return undefined;
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/network-checks.js




const ACI_DELEGATION = "Microsoft.ContainerInstance/containerGroups";
const ACI_PROVIDER = "Microsoft.ContainerInstance";
/** The proxy VM listens on 60001 for a Linux build and 60000 for a Windows one. */
function proxyPorts(osType) {
    if (osType === "windows")
        return [60000];
    if (osType === "linux")
        return [60001];
    return [60000, 60001];
}
const networkChecks = {
    name: "network",
    needs: "Reader on the virtual network and its network security group (Microsoft.Network/virtualNetworks/read, networkSecurityGroups/read) and Microsoft.ContainerInstance provider reads (*/read at the subscription)",
    checks(ctx) {
        const config = vnetConfigOf(ctx.rendered);
        return typeof config.subnetId === "string"
            ? [checkNetwork(ctx, config.subnetId, config.containerInstanceSubnetId)]
            : [];
    },
};
function addressPrefixes(subnet) {
    const p = subnet.properties ?? {};
    return [...(p.addressPrefixes ?? []), ...(p.addressPrefix ? [p.addressPrefix] : [])];
}
function subnetParts(subnetId) {
    const group = groupOf(subnetId);
    return {
        resourceGroup: group?.resourceGroup ?? "<group>",
        vnet: lastName(vnetOf(subnetId)),
        name: lastName(subnetId),
    };
}
async function checkNetwork(ctx, subnetId, aciSubnetId) {
    const { inputs, rendered, reads, skip } = ctx;
    const subnetInput = inputFor(inputs, "subnet-id", inputs.subnetId !== undefined);
    const aciInput = inputFor(inputs, "container-instance-subnet-id", false);
    const vnetId = vnetOf(subnetId);
    const isolated = typeof aciSubnetId === "string";
    const [subnet, vnet, aciSubnet, provider] = await Promise.all([
        reads.read(subnetId, API.network),
        reads.read(vnetId, API.network),
        isolated ? reads.read(aciSubnetId, API.network) : undefined,
        isolated
            ? reads.read(`/subscriptions/${reads.subscriptionId}/providers/${ACI_PROVIDER}`, API.providers)
            : undefined,
    ]);
    const at = subnetParts(subnetId);
    if ("missing" in vnet)
        throw problem(subnetInput, `names a subnet of a virtual network that does not exist: ${vnetId}. Create it: az network vnet create --resource-group ${at.resourceGroup} --name ${at.vnet} --location ${locationOf(rendered) ?? "<region>"} --address-prefixes <range> --subnet-name ${at.name} --subnet-prefixes <subnet range>`);
    if ("missing" in subnet)
        throw problem(subnetInput, `names a subnet that does not exist: ${subnetId}. Create it: az network vnet subnet create --resource-group ${at.resourceGroup} --vnet-name ${at.vnet} --name ${at.name} --address-prefixes <range>${isolated ? "" : " --private-link-service-network-policies Disabled"}`);
    if ("unreadable" in vnet)
        skip(vnetId, vnet.unreadable);
    const location = locationOf(rendered);
    if ("found" in vnet &&
        vnet.found.location &&
        location &&
        !sameRegion(vnet.found.location, location))
        throw problem(subnetInput, `is in virtual network ${vnetId}, which is in ${vnet.found.location}, but the image template is built in ${location}: Image Builder only uses a network in its own region. Use a subnet of a network in ${location}, e.g. az network vnet create --resource-group ${at.resourceGroup} --name ${at.vnet}-${location.replace(/\s+/g, "").toLowerCase()} --location ${location} --address-prefixes <range> --subnet-name ${at.name} --subnet-prefixes <subnet range>, or build in ${vnet.found.location}.`);
    if (isolated) {
        const aci = subnetParts(aciSubnetId);
        if (vnetOf(aciSubnetId).toLowerCase() !== vnetId.toLowerCase())
            throw problem(aciInput, `names a subnet of ${vnetOf(aciSubnetId)}, but the build VM's subnet ${subnetId} is in ${vnetId}: the container instance subnet must be in the same virtual network. Create one there: az network vnet subnet create --resource-group ${at.resourceGroup} --vnet-name ${at.vnet} --name <name> --address-prefixes <range> --delegations ${ACI_DELEGATION}`);
        if (aciSubnet && "missing" in aciSubnet)
            throw problem(aciInput, `names a subnet that does not exist: ${aciSubnetId}. Create it: az network vnet subnet create --resource-group ${aci.resourceGroup} --vnet-name ${aci.vnet} --name ${aci.name} --address-prefixes <range> --delegations ${ACI_DELEGATION}`);
        if (aciSubnet && "unreadable" in aciSubnet)
            skip(aciSubnetId, aciSubnet.unreadable);
        if (aciSubnet && "found" in aciSubnet) {
            const delegated = (aciSubnet.found.properties?.delegations ?? []).some((d) => d.properties?.serviceName?.toLowerCase() === ACI_DELEGATION.toLowerCase());
            if (!delegated)
                throw problem(aciInput, `names subnet ${aciSubnetId}, which is not delegated to ${ACI_DELEGATION}: Image Builder cannot start its container instance there. Delegate it: az network vnet subnet update --ids ${aciSubnetId} --delegations ${ACI_DELEGATION}`);
        }
        if (provider && "unreadable" in provider)
            skip(`the ${ACI_PROVIDER} provider`, provider.unreadable);
        if (provider &&
            "found" in provider &&
            provider.found.registrationState?.toLowerCase() !== "registered")
            throw problem(aciInput, `asks for an isolated build, which runs in Azure Container Instances, but the ${ACI_PROVIDER} resource provider is ${provider.found.registrationState ?? "not registered"} in subscription ${reads.subscriptionId}. Register it: az provider register --namespace ${ACI_PROVIDER} --subscription ${reads.subscriptionId}`);
    }
    if ("unreadable" in subnet)
        return skip(subnetId, subnet.unreadable);
    // The proxy VM, its load balancer and private link service exist only when Image Builder
    // reaches the build VM through the network; an isolated build reaches it from its container.
    if (isolated)
        return;
    if (subnet.found.properties?.privateLinkServiceNetworkPolicies?.toLowerCase() !== "disabled")
        throw problem(subnetInput, `names subnet ${subnetId}, whose private link service network policies are enabled: Image Builder reaches the build VM through a private link service in that subnet, which Azure refuses to create there. Disable them: az network vnet subnet update --ids ${subnetId} --private-link-service-network-policies Disabled`);
    const nsgId = subnet.found.properties?.networkSecurityGroup?.id;
    if (!nsgId)
        return;
    const nsg = await reads.read(nsgId, API.network);
    if ("unreadable" in nsg)
        return skip(nsgId, nsg.unreadable);
    if ("missing" in nsg)
        return;
    for (const port of proxyPorts(rendered.osType)) {
        const verdict = evaluateInbound(nsg.found, {
            source: { tag: "AzureLoadBalancer", address: AZURE_LOAD_BALANCER_ADDRESS },
            destinationPrefixes: addressPrefixes(subnet.found),
            port,
            protocol: "Tcp",
        });
        if (verdict.allowed)
            continue;
        const blocking = verdict.decidedBy?.properties.priority ?? 4096;
        const priority = freePriorityBefore(nsg.found, blocking);
        const group = groupOf(nsgId);
        const fix = priority !== undefined
            ? `Allow it: az network nsg rule create --resource-group ${group?.resourceGroup ?? "<group>"} --nsg-name ${lastName(nsgId)} --name AllowImageBuilderProxy --priority ${priority} --direction Inbound --access Allow --protocol Tcp --source-address-prefixes AzureLoadBalancer --source-port-ranges '*' --destination-address-prefixes VirtualNetwork --destination-port-ranges 60000-60001`
            : `Change that rule so it does not apply to AzureLoadBalancer: az network nsg rule update --resource-group ${group?.resourceGroup ?? "<group>"} --nsg-name ${lastName(nsgId)} --name ${verdict.decidedBy?.name ?? "<rule>"} --access Allow`;
        throw problem(subnetInput, `names subnet ${subnetId}, whose network security group ${nsgId} denies Azure Load Balancer on port ${port}${verdict.decidedBy ? ` (rule ${verdict.decidedBy.name}, priority ${blocking})` : ""}: Image Builder's load balancer could not reach the proxy VM, and the build would hang until it times out. ${fix}`);
    }
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/role-grants.js
/**
 * Azure RBAC as Resource Manager applies it to one principal: an action is allowed on a scope
 * when a role assigned at that scope or above it has an action pattern matching it, and that
 * same permission block has no not-action pattern matching it. Patterns use `*` as a wildcard
 * and compare case-insensitively.
 */
/**
 * `*` stands for any characters; a `/*\/` segment also stands for no segment at all, which is
 * how Managed Identity Operator's `userAssignedIdentities/*\/assign/action` grants
 * `userAssignedIdentities/assign/action`.
 */
function pattern(glob) {
    const literal = (s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    const body = glob
        .split("/*/")
        .map((part) => part.split("*").map(literal).join(".*"))
        .join("/(?:.*/)?");
    return new RegExp(`^${body}$`, "i");
}
function permissionAllows(permission, action) {
    return ((permission.actions ?? []).some((a) => pattern(a).test(action)) &&
        !(permission.notActions ?? []).some((n) => pattern(n).test(action)));
}
function roleAllows(role, action) {
    return (role.properties.permissions ?? []).some((p) => permissionAllows(p, action));
}
function normalise(scope) {
    return scope.replace(/\/+$/, "").toLowerCase();
}
/**
 * Whether an assignment at `assignmentScope` applies to `resource`: the same resource or one
 * of its ancestors. A management group is above every subscription it holds, and which ones
 * it holds is not in the assignment: it is taken to apply, so the check never reports a role
 * the identity may well have.
 */
function scopeCovers(assignmentScope, resource) {
    const scope = normalise(assignmentScope);
    if (scope === "" || scope.startsWith("/providers/microsoft.management/managementgroups/"))
        return true;
    const target = normalise(resource);
    return target === scope || target.startsWith(`${scope}/`);
}
/** The actions of `wanted` that no assignment applying to `resource` allows. */
function missingActions(assignments, roles, resource, wanted) {
    const applying = assignments
        .filter((a) => scopeCovers(a.properties.scope, resource))
        .map((a) => roles.get(a.properties.roleDefinitionId.toLowerCase()))
        .filter((r) => r !== undefined);
    return wanted.filter((action) => !applying.some((role) => roleAllows(role, action)));
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/identity-permission-checks.js




/**
 * What the template's identity must be allowed to do, from "Configure Azure VM Image Builder
 * permissions by using the Azure CLI":
 * https://learn.microsoft.com/azure/virtual-machines/linux/image-builder-permissions-cli
 */
const ACTIONS = {
    vnetRead: "Microsoft.Network/virtualNetworks/read",
    subnetJoin: "Microsoft.Network/virtualNetworks/subnets/join/action",
    galleryRead: "Microsoft.Compute/galleries/read",
    definitionRead: "Microsoft.Compute/galleries/images/read",
    versionRead: "Microsoft.Compute/galleries/images/versions/read",
    versionWrite: "Microsoft.Compute/galleries/images/versions/write",
    imageRead: "Microsoft.Compute/images/read",
    imageWrite: "Microsoft.Compute/images/write",
    imageDelete: "Microsoft.Compute/images/delete",
};
const identityPermissionChecks = {
    name: "template identity permission",
    needs: "Microsoft.Authorization/roleAssignments/read and roleDefinitions/read (e.g. Reader) where the template's identity has its roles, and Reader on the identity",
    checks(ctx) {
        const requirements = requirementsOf(ctx);
        const identities = templateIdentityIds(ctx.rendered);
        return requirements.length && identities.length === 1
            ? [checkIdentity(ctx, identities[0], requirements)]
            : [];
    },
};
function requirementsOf({ rendered }) {
    const out = [];
    const vnet = vnetConfigOf(rendered);
    if (typeof vnet.subnetId === "string") {
        const vnetId = vnetOf(vnet.subnetId);
        const subnets = [
            vnet.subnetId,
            ...(typeof vnet.containerInstanceSubnetId === "string"
                ? [vnet.containerInstanceSubnetId]
                : []),
        ];
        out.push({
            what: `join ${subnets.length > 1 ? "the subnets" : "the subnet"} ${subnets.join(" and ")} (for the build VM and Image Builder's ${subnets.length > 1 ? "container instance" : "load balancer and proxy VM"})`,
            grants: [
                { scope: vnetId, actions: [ACTIONS.vnetRead] },
                ...subnets.map((s) => ({ scope: s, actions: [ACTIONS.subnetJoin] })),
            ],
            role: "Network Contributor",
            scope: vnetId,
        });
    }
    const source = sourceOf(rendered);
    if (source?.type === "ManagedImage")
        out.push({
            what: `read the source image ${source.imageId}`,
            grants: [{ scope: source.imageId, actions: [ACTIONS.imageRead] }],
            role: "Reader",
            scope: source.imageId,
        });
    if (source?.type === "SharedImageVersion") {
        const definition = galleryDefinitionOf(source.imageVersionId);
        const version = /\/versions\/latest$/i.test(source.imageVersionId)
            ? definition
            : source.imageVersionId;
        out.push({
            what: `read the source image ${source.imageVersionId}`,
            grants: [
                { scope: galleryOf(definition), actions: [ACTIONS.galleryRead] },
                { scope: definition, actions: [ACTIONS.definitionRead] },
                { scope: version, actions: [ACTIONS.versionRead] },
            ],
            role: "Reader",
            scope: galleryOf(definition),
        });
    }
    for (const d of distributionsOf(rendered)) {
        if (d.type === "SharedImage" && typeof d.galleryImageId === "string") {
            const definition = galleryDefinitionOf(d.galleryImageId);
            out.push({
                what: `publish image versions to ${definition}`,
                grants: [
                    { scope: galleryOf(definition), actions: [ACTIONS.galleryRead] },
                    {
                        scope: definition,
                        actions: [ACTIONS.definitionRead, ACTIONS.versionRead, ACTIONS.versionWrite],
                    },
                ],
                role: "Contributor",
                scope: galleryOf(definition),
            });
        }
        if (d.type === "ManagedImage" && typeof d.imageId === "string") {
            const group = groupOf(d.imageId)?.id ?? d.imageId;
            out.push({
                what: `write the managed image ${d.imageId}`,
                grants: [
                    {
                        scope: d.imageId,
                        actions: [ACTIONS.imageWrite, ACTIONS.imageRead, ACTIONS.imageDelete],
                    },
                ],
                role: "Contributor",
                scope: group,
            });
        }
    }
    return out;
}
async function checkIdentity(ctx, identityId, requirements) {
    const { inputs, reads, skip } = ctx;
    const identity = await reads.read(identityId, API.identities);
    if (!("found" in identity)) {
        if ("unreadable" in identity)
            skip(identityId, identity.unreadable);
        return; // a missing identity is the resource checks' error
    }
    const principalId = identity.found.properties?.principalId;
    if (!principalId)
        return skip(identityId, "its principal ID is not in the answer");
    const assignments = await reads.list(`/subscriptions/${reads.subscriptionId}/providers/Microsoft.Authorization/roleAssignments`, API.authorization, { $filter: `principalId eq '${principalId}'` });
    if (!("found" in assignments))
        return skip(`the role assignments of ${identityId}`, "unreadable" in assignments ? assignments.unreadable : "not found");
    // Roles given to a group the identity is in are not among its own assignments: with none
    // of its own, what it may do is not known here, and the build is left to tell.
    if (!assignments.found.length)
        return skip(identityId, `no role is assigned to its principal ${principalId} directly (roles through a group are not read)`);
    // Role IDs compare case-insensitively; each is read once, as the first assignment spells it.
    const byKey = new Map();
    for (const a of assignments.found) {
        const id = a.properties.roleDefinitionId;
        if (!byKey.has(id.toLowerCase()))
            byKey.set(id.toLowerCase(), id);
    }
    const roles = new Map();
    const read = await Promise.all([...byKey.values()].map((id) => reads.read(id, API.authorization)));
    for (const [i, role] of read.entries()) {
        const id = [...byKey.values()][i];
        // Without every role's definition, a missing action may be granted by the one not read.
        if (!("found" in role))
            return skip(id, "unreadable" in role ? role.unreadable : "the role definition was not found");
        roles.set(id.toLowerCase(), role.found);
    }
    for (const requirement of requirements) {
        const missing = requirement.grants.flatMap((g) => missingActions(assignments.found, roles, g.scope, g.actions).map((a) => `${a} on ${g.scope}`));
        if (!missing.length)
            continue;
        throw problem(inputFor(inputs, "identity", inputs.identityId !== undefined), `names the template's identity ${identityId}, which may not ${requirement.what}: none of its role assignments allows ${missing.join(", ")}. Image Builder uses this identity for it, so the build would fail. Grant it: az role assignment create --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal --role "${requirement.role}" --scope ${requirement.scope} (or a custom role with those actions).`);
    }
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/image-security.js
/**
 * Image Builder keeps the source image's Hyper-V generation and security type: the gallery
 * image definition it publishes to has to say the same, or the build fails at distribution.
 * The rules are Image Builder's, from "Confidential VM and Trusted Launch Support" and
 * "Hyper-V generation" in https://learn.microsoft.com/azure/virtual-machines/image-builder-overview
 */
function capabilities(securityType) {
    const t = (securityType ?? "").toLowerCase();
    return {
        trustedLaunch: t.startsWith("trustedlaunch"),
        confidential: t.includes("confidentialvm"),
        required: t === "trustedlaunch" || t === "confidentialvm",
    };
}
function isStandard(c) {
    return !c.trustedLaunch && !c.confidential;
}
function securityTypeOf(features) {
    const value = features?.find((f) => f.name?.toLowerCase() === "securitytype")?.value;
    return value && value.toLowerCase() !== "standard" ? value : undefined;
}
/** What keeps a build from `source` from being published to `definition`, if anything. */
function mismatch(source, definition) {
    const from = capabilities(source.securityType);
    const to = capabilities(definition.securityType);
    if (from.required)
        return { kind: "source-security-type", source: source.securityType };
    if (source.generation &&
        definition.generation &&
        source.generation.toUpperCase() !== definition.generation.toUpperCase())
        return { kind: "generation", source: source.generation, definition: definition.generation };
    if (!isStandard(from) && isStandard(to))
        return { kind: "secure-source-standard-definition", source: source.securityType };
    const compatible = isStandard(from) === isStandard(to) &&
        (isStandard(from) ||
            (from.trustedLaunch && to.trustedLaunch) ||
            (from.confidential && to.confidential));
    if (!compatible)
        return {
            kind: "security-type",
            source: source.securityType,
            definition: definition.securityType,
        };
    return undefined;
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/source-image.js



/** Dotted version numbers in numeric order: 9.0.1 comes before 10.0.0. */
function compareVersions(a, b) {
    const pa = a.split(".").map(Number);
    const pb = b.split(".").map(Number);
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d)
            return d;
    }
    return 0;
}
function platformImagePath(subscriptionId, location, s) {
    const region = location.replace(/\s+/g, "").toLowerCase();
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Compute/locations/${region}/publishers/${s.publisher}/artifacttypes/vmimage/offers/${s.offer}/skus/${s.sku}/versions`;
}
/**
 * The generation and security type of the image the build starts from: a platform image's
 * from the Compute API (`latest` is the highest version listed in the template's region), a
 * gallery version's from its image definition, a managed image's from the image.
 */
async function sourceTraits(reads, source, location) {
    if (source.type === "PlatformImage") {
        if (!location)
            return { unreadable: "the template has no location" };
        const path = platformImagePath(reads.subscriptionId, location, source);
        let version = source.version;
        if (version.toLowerCase() === "latest") {
            const versions = await reads.read(path, API.platformImages);
            if (!("found" in versions))
                return versions;
            const names = (Array.isArray(versions.found) ? versions.found : []).map((v) => v.name);
            if (!names.length)
                return { missing: true };
            version = names.sort(compareVersions).pop();
        }
        const image = await reads.read(`${path}/${version}`, API.platformImages);
        if (!("found" in image))
            return image;
        return {
            found: {
                generation: image.found.properties?.hyperVGeneration,
                securityType: securityTypeOf(image.found.properties?.features),
                described: `platform image ${source.publisher}:${source.offer}:${source.sku}:${version}`,
            },
        };
    }
    if (source.type === "SharedImageVersion") {
        const definitionId = galleryDefinitionOf(source.imageVersionId);
        const definition = await reads.read(definitionId, API.galleries);
        if (!("found" in definition))
            return definition;
        return {
            found: {
                generation: definition.found.properties?.hyperVGeneration,
                securityType: securityTypeOf(definition.found.properties?.features),
                described: `gallery image definition ${definitionId}`,
            },
        };
    }
    const image = await reads.read(source.imageId, API.images);
    if (!("found" in image))
        return image;
    // A managed image cannot carry a security type.
    return {
        found: {
            generation: image.found.properties?.hyperVGeneration,
            described: `managed image ${source.imageId}`,
        },
    };
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/image-security-checks.js





/**
 * The source image and the gallery image definitions it is published to agree on Hyper-V
 * generation and security type (Trusted Launch, confidential VM).
 */
const imageSecurityChecks = {
    name: "image generation and security type",
    needs: "Reader on the source image and the gallery (the platform image reads need any role in the subscription)",
    checks(ctx) {
        const source = sourceOf(ctx.rendered);
        if (!source)
            return [];
        const targets = distributionsOf(ctx.rendered).flatMap((d) => d.type === "SharedImage" && typeof d.galleryImageId === "string"
            ? [galleryDefinitionOf(d.galleryImageId)]
            : []);
        return [checkSource(ctx, source, targets)];
    },
};
function createDefinition(definitionId, osType, generation, securityType) {
    const group = groupOf(definitionId);
    return `az sig image-definition create --resource-group ${group?.resourceGroup ?? "<group>"} --gallery-name ${lastName(galleryOf(definitionId))} --gallery-image-definition ${lastName(definitionId)}-${generation.toLowerCase()} --publisher <publisher> --offer <offer> --sku <sku> --os-type ${osType} --hyper-v-generation ${generation}${securityType ? ` --features SecurityType=${securityType}` : ""}`;
}
async function checkSource(ctx, source, targets) {
    const { inputs, rendered, reads, skip } = ctx;
    const sourceInput = inputFor(inputs, "source", inputs.source !== undefined);
    const galleryInput = inputFor(inputs, "gallery-image-id", inputs.gallery !== undefined);
    const traits = await sourceTraits(reads, source, locationOf(rendered));
    if ("unreadable" in traits)
        return skip("the source image", traits.unreadable);
    if ("missing" in traits) {
        if (source.type !== "PlatformImage")
            return; // reported by Image Builder's own validation
        throw problem(sourceInput, `names a platform image that is not offered in ${locationOf(rendered)}: ${source.publisher}:${source.offer}:${source.sku}:${source.version}. Find one that is: az vm image list --location ${locationOf(rendered)} --publisher ${source.publisher} --offer ${source.offer} --sku ${source.sku} --all --output table`);
    }
    const from = traits.found;
    const osType = rendered.osType === "windows" ? "Windows" : "Linux";
    for (const definitionId of targets) {
        const definition = await reads.read(definitionId, API.galleries);
        if (!("found" in definition))
            continue; // the resource checks report it, or skipped it
        const to = {
            generation: definition.found.properties?.hyperVGeneration,
            securityType: securityTypeOf(definition.found.properties?.features),
        };
        const found = mismatch(from, to);
        if (!found)
            continue;
        const toType = to.securityType ?? "Standard";
        const fromType = from.securityType ?? "Standard";
        if (found.kind === "source-security-type")
            throw problem(sourceInput, `is the ${from.described}, of security type ${fromType}: Image Builder cannot build from an image that only makes ${fromType} VMs, only from one that supports it (TrustedLaunchSupported, ConfidentialVmSupported). Use such a source, e.g. a gallery image definition made with --features SecurityType=TrustedLaunchSupported.`);
        if (found.kind === "generation")
            throw problem(galleryInput, `is gallery image definition ${definitionId}, of Hyper-V generation ${found.definition}, but the source (${from.described}) is generation ${found.source}: Image Builder keeps the source's generation, so publishing would fail after the build. Publish to a ${found.source} definition: ${createDefinition(definitionId, osType, found.source, from.securityType)}; or change ${"source"} to a generation ${found.definition} image.`);
        if (found.kind === "secure-source-standard-definition") {
            ctx.warn(`The source (${from.described}) supports ${fromType}, but gallery image definition ${definitionId} is a standard one: Image Builder documents publishing such a source to a standard definition as unsupported (https://learn.microsoft.com/azure/virtual-machines/image-builder-overview#confidential-vm-and-trusted-launch-support), and VMs made from the image cannot use Trusted Launch. To keep it, publish to a definition made with: ${createDefinition(definitionId, osType, from.generation ?? "V2", fromType)}`);
            continue;
        }
        throw problem(galleryInput, `is gallery image definition ${definitionId}, of security type ${toType}, but the source (${from.described}) is of security type ${fromType}: Image Builder only publishes a ${fromType === "Standard" ? "standard" : fromType} source to a definition of the same kind, so publishing would fail after the build. ${fromType === "Standard"
            ? `Publish to a definition without a security type: ${createDefinition(definitionId, osType, to.generation ?? "V2")}; or use a source that supports ${toType} (a Gen2 image whose SecurityType is TrustedLaunchSupported).`
            : `Publish to a definition that supports it: ${createDefinition(definitionId, osType, from.generation ?? "V2", fromType)}.`}`);
    }
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/resource-reads.js

function isMissing(error) {
    return error instanceof azure_arm/* ArmError */.dW && (error.status === 404 || /NotFound$/.test(error.code));
}
function why(error) {
    if (error instanceof azure_arm/* ArmError */.dW)
        return error.status === 403
            ? `the pipeline's identity may not read it (${error.code})`
            : `Resource Manager answered ${error.status} ${error.code}`;
    return error.message;
}
/**
 * Reads for the checks before the build. Each resource is read once however many checks look
 * at it, and all of them run at the same time.
 */
class ResourceReads {
    arm;
    signal;
    cache = new Map();
    constructor(arm, signal) {
        this.arm = arm;
        this.signal = signal;
    }
    get subscriptionId() {
        return this.arm.subscriptionId;
    }
    read(id, apiVersion, query) {
        return this.once(`get ${id} ${apiVersion} ${JSON.stringify(query ?? {})}`, () => this.arm.get(id, apiVersion, this.signal, query));
    }
    list(id, apiVersion, query) {
        return this.once(`list ${id} ${apiVersion} ${JSON.stringify(query ?? {})}`, () => this.arm.list(id, apiVersion, this.signal, query));
    }
    once(key, get) {
        const k = key.toLowerCase();
        let result = this.cache.get(k);
        if (!result) {
            result = Promise.resolve()
                .then(get)
                .then((found) => ({ found }), (error) => {
                if (this.signal.aborted)
                    throw error;
                return isMissing(error) ? { missing: true } : { unreadable: why(error) };
            });
            this.cache.set(k, result);
        }
        return result;
    }
}

;// CONCATENATED MODULE: ./.build/src/core/run/preflight.js





/** In the order their errors are reported when several fail. */
const FAMILIES = [
    existenceChecks,
    networkChecks,
    imageSecurityChecks,
    identityPermissionChecks,
];
/**
 * Reads what the template refers to before anything is created and stops the step with one
 * error naming the input and the fix. Only "not found" and what an existing resource says are
 * decisive: a read the pipeline's identity may not make (403) skips its checks with one
 * notice per family, since Image Builder uses the template's identity, not the pipeline's.
 */
async function preflight(arm, inputs, rendered, signal, report) {
    const reads = new ResourceReads(arm, signal);
    const runs = FAMILIES.map((family) => {
        const skipped = [];
        const checks = family.checks({
            inputs,
            rendered,
            reads,
            skip: (what, reason) => void skipped.push(`${what}: ${reason}`),
            warn: report.warning,
        });
        return { family, skipped, settled: Promise.allSettled(checks) };
    });
    const failures = [];
    for (const { family, skipped, settled } of runs) {
        const results = await settled;
        for (const r of results)
            if (r.status === "rejected")
                failures.push(r.reason);
        if (skipped.length)
            report.notice(`Skipped the ${family.name} checks before the build: ${[...new Set(skipped)].join("; ")}. To have them checked, the pipeline's identity needs ${family.needs}.`);
    }
    if (signal.aborted)
        throw signal.reason;
    if (failures.length)
        throw failures[0];
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
        deferHashesFrom: blob_staging/* HASH_WHILE_UPLOADING_FROM */.y,
    });
    (0,render_template/* announceRendered */.XY)(host, rendered);
    try {
        await preflight(arm, inputs, rendered, signal, {
            notice: (message) => host.annotate("notice", { message, title: "Check skipped" }),
            warning: (message) => host.annotate("warning", { message }),
        });
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
        // Large files were hashed while they uploaded: the template gets their checksums now.
        await rendered.resolveHashes();
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
