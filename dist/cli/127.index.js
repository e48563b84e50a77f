export const id = 127;
export const ids = [127];
export const modules = {

/***/ 8073:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  Vb: () => (/* binding */ keepVersionsAfterBuild),
  previewKeepVersions: () => (/* binding */ previewKeepVersions)
});

// UNUSED EXPORTS: galleryDefinitionsOf, galleryVersionsOf, keepVersions

// EXTERNAL MODULE: ./.build/src/core/azure/azure-errors.js
var azure_errors = __webpack_require__(8374);
// EXTERNAL MODULE: ./.build/src/core/azure/arm.js + 1 modules
var azure_arm = __webpack_require__(7701);
// EXTERNAL MODULE: ./.build/src/core/azure/transport.js
var transport = __webpack_require__(7474);
// EXTERNAL MODULE: ./.build/src/core/run/waiting.js
var waiting = __webpack_require__(7978);
;// CONCATENATED MODULE: ./.build/src/core/azure/gallery-versions.js



const COMPUTE_GALLERY_API = "2024-03-03";
/** Between polls of a delete when Compute does not say how long to wait. */
const DEFAULT_POLL_MS = 5_000;
const MAX_POLL_MS = 60_000;
/** A delete still running after this long is left to finish on its own. */
const DELETE_PATIENCE_MS = 15 * 60_000;
/** Every version of a gallery image definition, across pages. */
async function listGalleryVersions(arm, definitionId, signal) {
    const versions = [];
    let url = `${arm.cloud.resourceManagerEndpoint}${definitionId}/versions?api-version=${COMPUTE_GALLERY_API}`;
    while (url) {
        const answer = await arm.send("GET", url, signal);
        if (answer.status >= 400)
            throw (0,azure_arm/* armErrorOf */.ov)(answer, `${definitionId}/versions`);
        const page = answer.body;
        for (const v of page.value ?? []) {
            versions.push({
                id: v.id,
                name: v.name,
                tags: v.tags ?? {},
                excludeFromLatest: v.properties?.publishingProfile?.excludeFromLatest === true,
                publishedDate: v.properties?.publishingProfile?.publishedDate,
                provisioningState: v.properties?.provisioningState,
            });
        }
        url = page.nextLink || undefined;
    }
    return versions;
}
/**
 * Deletes one gallery image version and waits until Compute says it is gone (a long-running
 * operation: 202, then its Azure-AsyncOperation polled). Throws the ArmError Compute answered.
 */
async function deleteGalleryVersion(arm, versionId, signal) {
    const url = `${arm.cloud.resourceManagerEndpoint}${versionId}?api-version=${COMPUTE_GALLERY_API}`;
    const answer = await arm.send("DELETE", url, signal);
    if (answer.status >= 400)
        throw (0,azure_arm/* armErrorOf */.ov)(answer, versionId);
    if (answer.status !== 202 && answer.status !== 201)
        return;
    const operation = answer.headers.get("azure-asyncoperation");
    const deadline = Date.now() + DELETE_PATIENCE_MS;
    let wait = (0,transport/* retryAfterMs */.Vs)(answer.headers);
    for (;;) {
        await (0,waiting/* sleep */.y)(Math.min(wait ?? DEFAULT_POLL_MS, MAX_POLL_MS), signal);
        if (!operation) {
            // Without a status URL the version itself says when it is gone.
            const seen = await arm.send("GET", url, signal);
            if (seen.status === 404)
                return;
            if (seen.status >= 400)
                throw (0,azure_arm/* armErrorOf */.ov)(seen, versionId);
            wait = (0,transport/* retryAfterMs */.Vs)(seen.headers);
        }
        else {
            const poll = await arm.send("GET", operation, signal);
            if (poll.status >= 400)
                throw (0,azure_arm/* armErrorOf */.ov)(poll, versionId);
            const body = poll.body;
            if (body.status === "Succeeded")
                return;
            if (body.status === "Failed" || body.status === "Canceled") {
                throw new azure_arm/* ArmError */.dW(409, body.error?.code ?? body.status, body.error?.message ?? `The delete ended ${body.status}.`, versionId);
            }
            wait = (0,transport/* retryAfterMs */.Vs)(poll.headers);
        }
        if (Date.now() > deadline) {
            throw new azure_arm/* ArmError */.dW(408, "DeleteStillRunning", `Compute was still deleting it after ${DELETE_PATIENCE_MS / 60_000} minutes; it may yet finish.`, versionId);
        }
    }
}

// EXTERNAL MODULE: ./.build/src/core/lifecycle/keep-versions.js
var keep_versions = __webpack_require__(4513);
;// CONCATENATED MODULE: ./.build/src/core/lifecycle/keep-versions-run.js



const VERSION_ID = /^(\/subscriptions\/[^/]+\/resourceGroups\/[^/]+\/providers\/Microsoft\.Compute\/galleries\/[^/]+\/images\/[^/]+)\/versions\/[^/]+$/i;
/** The gallery image definitions a template distributes to (a version in the ID is cut off). */
function galleryDefinitionsOf(template) {
    const distribute = template.properties?.distribute;
    const ids = (Array.isArray(distribute) ? distribute : [])
        .filter((d) => d.type === "SharedImage" && typeof d.galleryImageId === "string")
        .map((d) => d.galleryImageId.replace(/\/versions\/[^/]+$/i, ""));
    // Resource IDs are case-insensitive: the first spelling of each stands.
    return ids.filter((id, i) => ids.findIndex((o) => o.toLowerCase() === id.toLowerCase()) === i);
}
/** The gallery image versions among a run's artifacts. */
function galleryVersionsOf(artifacts) {
    return artifacts.map((a) => a.artifactId ?? "").filter((id) => VERSION_ID.test(id));
}
/**
 * After a successful build: the oldest of this repository's versions beyond keep-versions
 * are deleted from each target image definition. Nothing here fails the step: a version that
 * cannot be listed or deleted is a warning that says why and what to do. This is also the
 * entry for a run that built nothing because an identical image exists (pass that image as
 * `justBuilt`).
 */
async function keepVersions(host, arm, policy, target, signal) {
    const repository = host.runContext().repository;
    const deleted = [];
    const lines = [];
    let notDeleted = 0;
    let problems = 0;
    const verb = target.dryRun ? "Would delete" : "Deleted";
    await host.group(`keep-versions ${policy.keep}: ${target.dryRun ? "versions a build would delete" : "deleting older versions"} of ${repository}`, async () => {
        for (const definition of target.definitions) {
            let plan;
            try {
                const versions = await listGalleryVersions(arm, definition, signal);
                plan = (0,keep_versions/* selectVersionsToDelete */.y)(versions, policy, repository, target.justBuilt);
            }
            catch (error) {
                if (signal.aborted)
                    throw error;
                problems++;
                warn(host, `Could not list the versions of ${definition}`, error);
                continue;
            }
            const name = definition
                .split("/")
                .slice(-3)
                .filter((_, i) => i !== 1)
                .join("/");
            const newest = target.dryRun ? "the version the build makes" : "the version just built";
            host.info(`${name}: keeping ${newest} and ${describe(plan.kept)}; ${target.dryRun ? "would delete" : "deleting"} ${describe(plan.deleted)}.`);
            const done = target.dryRun
                ? plan.deleted
                : await deleteAll(host, arm, plan.deleted, signal);
            problems += plan.deleted.length - done.length;
            notDeleted += plan.deleted.length - done.length;
            for (const v of done) {
                host.info(`${verb} ${v.id}`);
                lines.push(`| \`${name}\` | \`${v.name}\` | ${v.publishedDate ?? ""} |`);
            }
            if (!target.dryRun)
                deleted.push(...done.map((v) => v.id));
        }
    });
    host.setOutput("deleted-versions", JSON.stringify(deleted));
    const headline = lines.length
        ? `${verb} ${lines.length} older version(s) this repository made:`
        : problems
            ? "No version was deleted."
            : `No version ${target.dryRun ? "would be" : "was"} deleted: ${target.dryRun ? "no more than" : "at most"} ${policy.keep} of this repository's versions are in each image definition.`;
    const trouble = problems
        ? [
            "",
            `⚠️ ${notDeleted ? `${notDeleted} version(s) that should go could not be deleted` : "An image definition could not be read"}; the warnings say why and what to do.`,
        ]
        : [];
    await host.appendSummary([
        `### keep-versions: ${policy.keep}`,
        "",
        headline,
        ...(lines.length
            ? ["", "| Image definition | Version | Published |", "|---|---|---|", ...lines]
            : []),
        ...trouble,
        "",
    ].join("\n"));
    return deleted;
}
/** Deletes the versions side by side (each is minutes of Compute's time); those gone are returned. */
async function deleteAll(host, arm, versions, signal) {
    const results = await Promise.allSettled(versions.map((v) => deleteGalleryVersion(arm, v.id, signal)));
    if (signal.aborted)
        throw signal.reason;
    const gone = [];
    results.forEach((r, i) => {
        if (r.status === "fulfilled")
            gone.push(versions[i]);
        else
            warn(host, `Could not delete ${versions[i].id}`, r.reason);
    });
    return gone;
}
function describe(versions) {
    return versions.length ? versions.map((v) => v.name).join(", ") : "none";
}
function warn(host, what, error) {
    const e = error;
    const refusal = (0,azure_errors/* refusalIn */.c3)(e.message ?? "");
    const fix = refusal
        ? (0,azure_errors/* describeRefusal */.a2)("The pipeline's identity", refusal)
        : e.status === 409
            ? `${e.message} It was kept: a version in use (by a VM or scale set, or a replication still running) cannot be deleted; a later run deletes it once it is free.`
            : `${e.message ?? String(error)} It was kept; a later run tries again.`;
    host.annotate("warning", {
        title: "keep-versions",
        message: `${what}: ${fix} The build itself is not affected.`,
    });
}
/** The hook real-run.ts calls after the outcome: tidies the galleries of a successful build. */
async function keepVersionsAfterBuild(host, arm, inputs, template, run, signal) {
    const definitions = galleryDefinitionsOf(template);
    if (!inputs.keepVersions || !definitions.length)
        return nothingToTidy(host, inputs);
    await keepVersions(host, arm, inputs.keepVersions, { definitions, justBuilt: galleryVersionsOf(await run.runOutputs(signal)), dryRun: false }, signal);
}
/** A dry run with keep-versions signs in and lists what a successful build would delete. */
async function previewKeepVersions(host, inputs, template) {
    const definitions = galleryDefinitionsOf(template);
    if (!inputs.keepVersions || !definitions.length)
        return nothingToTidy(host, inputs);
    const { signIn } = await Promise.all(/* import() */[__webpack_require__.e(952), __webpack_require__.e(592)]).then(__webpack_require__.bind(__webpack_require__, 592));
    const arm = await signIn(host, inputs);
    // An explicit image-version is the one the build would make: it is never listed for deletion.
    const named = template.properties.distribute
        .map((d) => d.galleryImageId)
        .filter((id) => typeof id === "string" && VERSION_ID.test(id));
    await keepVersions(host, arm, inputs.keepVersions, { definitions, justBuilt: named, dryRun: true }, host.cancellation);
}
/**
 * The output is set on every run, so a workflow can read it whether or not keep-versions is
 * set; keep-versions with a template that publishes to no gallery is said, not failed.
 */
function nothingToTidy(host, inputs) {
    host.setOutput("deleted-versions", "[]");
    if (!inputs.keepVersions)
        return;
    host.annotate("warning", {
        title: "keep-versions",
        message: `${host.inputDisplayName("keep-versions")} is set, but the template publishes to no gallery image definition: there are no versions to keep or delete. Add a SharedImage distributor, or remove ${host.inputDisplayName("keep-versions")}.`,
    });
}


/***/ }),

/***/ 8127:
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
async function preflight(arm, inputs, rendered, signal, debug) {
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
            if (existing && existing !== "missing")
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

// EXTERNAL MODULE: ./.build/src/core/lifecycle/keep-versions-run.js + 1 modules
var keep_versions_run = __webpack_require__(8073);
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
    const arm = await (0,sign_in.signIn)(host, inputs);
    const account = inputs.stagingStorageAccount
        ? await resolveStagingAccount(arm, inputs.stagingStorageAccount, inputs.resourceGroup, signal)
        : undefined;
    const rendered = await (0,render_template/* renderTemplate */.Xm)(inputs, ctx, {
        blobEndpoint: account?.blobEndpoint,
        deferHashesFrom: blob_staging/* HASH_WHILE_UPLOADING_FROM */.y,
    });
    (0,render_template/* announceRendered */.XY)(host, rendered);
    try {
        await preflight(arm, inputs, rendered, signal, (m) => host.debug(m));
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
        if (succeeded)
            await (0,keep_versions_run/* keepVersionsAfterBuild */.Vb)(host, arm, inputs, rendered.body, client, signal);
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
