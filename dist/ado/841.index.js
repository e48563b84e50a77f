export const id = 841;
export const ids = [841,701];
export const modules = {

/***/ 4701:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DA: () => (/* binding */ removeLeftovers),
/* harmony export */   H9: () => (/* binding */ recordCleanupState),
/* harmony export */   UH: () => (/* binding */ cleanUpAfterRun),
/* harmony export */   a3: () => (/* binding */ azureTargets),
/* harmony export */   cleanUpLeftState: () => (/* binding */ cleanUpLeftState),
/* harmony export */   jr: () => (/* binding */ forgetCleanupState)
/* harmony export */ });
/* unused harmony exports cleanUp, cleanUpRecorded */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6512);
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(8543);
/* harmony import */ var _staging_blob_staging_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7698);
/* harmony import */ var _image_template_client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(4111);
/* harmony import */ var _sign_in_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(592);
/* harmony import */ var _waiting_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(7978);






/**
 * What the main step cannot finish within the few seconds between SIGINT and SIGTERM (Image
 * Builder keeps a cancelled build Canceling for tens of seconds) is left to the cleanup
 * phase, which runs within the job's cancel timeout (5 minutes by default), so it gets a
 * little less than that.
 */
const CANCEL_CLEANUP_MS = 4_000;
const LATER_CLEANUP_MS = 270_000;
const CLEANUP_MS = 300_000;
const CLEANUP_STATE = "cleanup";
function azureTargets(arm) {
    return {
        templatesIn: (resourceGroup, signal) => arm.imageBuilder.virtualMachineImageTemplates.listByResourceGroup(resourceGroup, {
            abortSignal: signal,
        }),
        template: (resourceGroup, name) => new _image_template_client_js__WEBPACK_IMPORTED_MODULE_3__/* .ImageTemplateClient */ .t(arm, resourceGroup, name, _image_template_client_js__WEBPACK_IMPORTED_MODULE_3__/* .SDK_POLL_MS */ .U),
        stagedFiles: (staging) => new _staging_blob_staging_js__WEBPACK_IMPORTED_MODULE_2__/* .BlobStaging */ .N(staging.account, arm.credential, staging.container, arm.httpClient),
    };
}
/** Records what the step created, for the cleanup phase to find should this one not finish. */
function recordCleanupState(host, state) {
    host.saveState(CLEANUP_STATE, JSON.stringify(state));
}
/** The build is handed to a later step (`wait: false`): this step's cleanup phase removes nothing. */
function forgetCleanupState(host) {
    host.saveState(CLEANUP_STATE, "");
}
function isOurs(template, ctx, step) {
    const tags = template.tags ?? {};
    return (tags[_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.repository] === ctx.repository &&
        tags[_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.runId] === ctx.runId &&
        tags[_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.step] === step);
}
/**
 * A template of this step left by an interrupted earlier try (same name) or an earlier
 * attempt of this run (tags) is removed; any other template of the same name is not ours to touch.
 */
async function removeLeftovers(targets, resourceGroup, templateName, step, ctx, host, signal) {
    for await (const t of targets.templatesIn(resourceGroup, signal)) {
        const sameName = t.name?.toLowerCase() === templateName.toLowerCase();
        if (sameName && !isOurs(t, ctx, step)) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BakeError */ .oU(`An image template named ${templateName} already exists in resource group ${resourceGroup} and was not made by this step of this run (its tags name repository '${t.tags?.[_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.repository] ?? "none"}', run '${t.tags?.[_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.runId] ?? "none"}'). Delete it, or run in another resource group.`);
        }
        if (!isOurs(t, ctx, step))
            continue;
        const leftover = targets.template(resourceGroup, t.name);
        host.info(`Removing image template ${t.name}, left by an interrupted earlier try of this step (attempt ${t.tags?.[_naming_js__WEBPACK_IMPORTED_MODULE_1__/* .TAG */ .Dk.runAttempt] ?? "?"}).`);
        await removeTemplate(leftover, signal, 120_000);
    }
}
/**
 * Removes a template, cancelling its run first if one is going on: Image Builder refuses to
 * delete a template while a run is still stopping. Returns false when there was none.
 */
async function removeTemplate(client, signal, budgetMs, buildOver = false, firstLookAfterMs = 0) {
    const until = Date.now() + budgetMs;
    // A cancel just accepted named how long to wait before its effect is looked at.
    if (firstLookAfterMs)
        await (0,_waiting_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .y)(Math.min(firstLookAfterMs, budgetMs), signal);
    let cancelled = false;
    // When this run saw the build end, there is nothing to cancel or wait for: delete at once.
    for (let looked = buildOver;; looked = false) {
        if (!looked) {
            const current = await client.find(signal);
            if (!current)
                return false;
            const state = current.lastRunStatus?.runState;
            let asked;
            if (state === "Running" && !cancelled) {
                asked = await client.requestCancel(signal);
                cancelled = true;
            }
            if (state && !_waiting_js__WEBPACK_IMPORTED_MODULE_5__/* .TERMINAL_STATES */ .k.has(state) && Date.now() <= until) {
                await (0,_waiting_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .y)(Math.max(asked ?? 0, 500), signal);
                continue;
            }
        }
        try {
            return await client.delete(signal);
        }
        catch (error) {
            // Image Builder refuses (409) while a run that just ended is still being wrapped up.
            if (error.statusCode !== 409 || Date.now() > until)
                throw error;
            await (0,_waiting_js__WEBPACK_IMPORTED_MODULE_5__/* .sleep */ .y)(500, signal);
        }
    }
}
/**
 * Deletes the template and the staged files. Problems become warnings naming what is left,
 * never the step's result; with `laterPhase` (a cancelled main step) what is left is handed to
 * that phase instead, without a warning. Returns what is left, or undefined when nothing is.
 */
async function cleanUp(host, targets, state, budgetMs, options = {}) {
    const { buildOver = false, laterPhase, firstLookAfterMs } = options;
    const signal = AbortSignal.timeout(budgetMs);
    const left = { ...state, createdTemplate: false, staging: undefined };
    const client = targets.template(state.resourceGroup, state.templateName);
    const [templateResult, blobResult] = await Promise.allSettled([
        state.createdTemplate
            ? removeTemplate(client, signal, budgetMs, buildOver, firstLookAfterMs)
            : Promise.resolve(false),
        state.staging
            ? targets.stagedFiles(state.staging).deletePrefix(state.staging.prefix, signal)
            : Promise.resolve(0),
    ]);
    if (templateResult.status === "rejected") {
        left.createdTemplate = true;
        const why = templateResult.reason.message;
        const stopping = templateResult.reason.name === "TimeoutError" ||
            templateResult.reason.statusCode === 409;
        if (laterPhase)
            host.info(`Image template ${client.name} is not deleted yet (${stopping ? "Image Builder is still stopping its build" : why}); ${laterPhase} deletes it.`);
        else
            host.annotate("warning", {
                message: `Cleanup: the image template ${client.id} could not be deleted (${why}). Delete it by hand.`,
            });
    }
    else if (templateResult.value) {
        host.info(`Deleted image template ${client.name}.`);
    }
    if (blobResult.status === "rejected") {
        left.staging = state.staging;
        const where = `${state.staging.container}/${state.staging.prefix} in ${state.staging.account.name}`;
        const why = blobResult.reason.message;
        if (laterPhase)
            host.info(`The staged files under ${where} are not deleted yet (${why}); ${laterPhase} deletes them.`);
        else
            host.annotate("warning", {
                message: `Cleanup: the staged files under ${where} could not be deleted (${why}). Delete them by hand.`,
            });
    }
    else if (blobResult.value) {
        host.info(`Deleted ${blobResult.value} staged file(s).`);
    }
    return left.createdTemplate || left.staging ? left : undefined;
}
/**
 * The main step's own cleanup once the build is over, failed or cancelled: keeps everything
 * for keep-on-failure, else removes what the step created. What a cancelled step cannot
 * remove in time is recorded for the later cleanup phase. Returns what is left.
 */
async function cleanUpAfterRun(host, targets, state, run) {
    if (run.keepOnFailure && !run.succeeded && !run.cancelled) {
        const id = targets.template(state.resourceGroup, state.templateName).id;
        host.info(`keep-on-failure: kept image template ${id}${state.staging ? ` and the staged files under ${state.staging.container}/${state.staging.prefix} in ${state.staging.account.name}` : ""} for debugging. Delete them when done.`);
        host.saveState(CLEANUP_STATE, "");
        return undefined;
    }
    if (!state.createdTemplate && !state.staging)
        return undefined;
    const left = await cleanUp(host, targets, state, run.cancelled ? CANCEL_CLEANUP_MS : CLEANUP_MS, {
        buildOver: run.buildOver,
        laterPhase: run.cancelled ? host.cleanupPhase : undefined,
        firstLookAfterMs: run.cancelAskedMs,
    });
    host.saveState(CLEANUP_STATE, left ? JSON.stringify(left) : "");
    return left;
}
/**
 * The safety net behind a killed main step (GitHub's post step): removes what the main
 * phase recorded and did not clean up itself.
 */
function cleanUpLeftState(host, inputs) {
    return cleanUpRecorded(host, async () => azureTargets(await (0,_sign_in_js__WEBPACK_IMPORTED_MODULE_4__/* .signIn */ .J)(host, inputs)));
}
/** The cleanup phase's work, given how to reach Azure once there is something to remove. */
async function cleanUpRecorded(host, connect) {
    const saved = host.getState(CLEANUP_STATE);
    if (!saved)
        return;
    const state = JSON.parse(saved);
    const what = [
        state.createdTemplate ? `image template ${state.templateName}` : undefined,
        state.staging ? "the staged files" : undefined,
    ]
        .filter(Boolean)
        .join(" and ");
    host.info(`The main step did not finish its cleanup; removing ${what}.`);
    const targets = await connect();
    const left = await cleanUp(host, targets, state, LATER_CLEANUP_MS);
    host.saveState(CLEANUP_STATE, left ? JSON.stringify(left) : "");
}


/***/ }),

/***/ 6955:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   o: () => (/* binding */ handOverBuild)
/* harmony export */ });
/**
 * Ends a `wait: false` step once the build runs: the outputs say where it is, and the log and
 * summary say how to follow it. The template and its staged files stay for that later step,
 * which removes them when the build is over.
 */
async function handOverBuild(host, client, 
/** What this product made for the build; undefined for a template made elsewhere. */
state) {
    host.setOutput("run-status", "Running");
    const kept = state?.staging
        ? ` The staged files under ${state.staging.container}/${state.staging.prefix} in ${state.staging.account.name} stay for the build.`
        : "";
    const follow = host.inputDisplayName("follow");
    host.info(`Build started; not waiting for it (wait: false). A later step given ${follow}: ${client.id} follows it to its end${state ? ", then removes the template and the staged files" : ""}.${kept}`);
    await host.appendSummary([
        `### bake-azure-image: ${client.name} started`,
        "",
        `The build runs on in Image Builder. Follow it with \`${follow}: ${client.id}\`.`,
        "",
    ].join("\n"));
}


/***/ }),

/***/ 2222:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  realRun: () => (/* binding */ realRun)
});

// EXTERNAL MODULE: ./.build/src/core/naming.js
var naming = __webpack_require__(8543);
// EXTERNAL MODULE: ./.build/src/core/template/render-template.js + 19 modules
var render_template = __webpack_require__(5346);
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

// EXTERNAL MODULE: ./.build/src/core/run/wait-for-build.js
var wait_for_build = __webpack_require__(4855);
// EXTERNAL MODULE: ./.build/src/core/run/cancel-build.js
var cancel_build = __webpack_require__(4510);
// EXTERNAL MODULE: ./.build/src/core/run/see-build-through.js + 14 modules
var see_build_through = __webpack_require__(2252);
// EXTERNAL MODULE: ./.build/src/core/run/hand-over.js
var hand_over = __webpack_require__(6955);
;// CONCATENATED MODULE: ./.build/src/core/run/real-run.js












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
 * cancellation and the outcome each live in a module of their own. Without `wait`, the step
 * ends once the build has started and leaves the template and staged files to `follow`.
 */
async function realRun(host, inputs, wait = true) {
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
    let handedOver = false;
    const watch = { buildOver: false, succeeded: false };
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
        if (!wait) {
            handedOver = true;
            (0,cleanup/* forgetCleanupState */.jr)(host);
            await (0,hand_over/* handOverBuild */.o)(host, client, state);
            return;
        }
        host.info(`Build started; Image Builder may take a while. Timeout: ${buildMinutes} minutes.`);
        await (0,see_build_through/* seeBuildThrough */.n)({
            host,
            arm,
            client,
            plan: rendered,
            customizers: rendered.customizers,
            logLevel: inputs.logLevel,
            buildMinutes,
            signal,
            startedMs: started,
            firstPollAfterMs,
        }, watch);
    }
    catch (error) {
        if (runStarted && (signal.aborted || error instanceof wait_for_build/* BuildTimeoutError */.eo)) {
            cancelAskedMs = await (0,cancel_build/* cancelBuild */.lS)(host, client);
        }
        if (!signal.aborted)
            throw error;
        cancelled = { cause: error };
    }
    finally {
        rendered.dispose();
        if (!handedOver)
            left = await (0,cleanup/* cleanUpAfterRun */.UH)(host, targets, state, {
                keepOnFailure: inputs.keepOnFailure,
                succeeded: watch.succeeded,
                cancelled: signal.aborted,
                buildOver: watch.buildOver,
                cancelAskedMs,
            });
    }
    if (cancelled) {
        throw new cancel_build/* CancelledError */.cc((0,cancel_build/* describeCancellation */.vk)(runStarted, state, left, host.cleanupPhase), {
            cause: cancelled.cause,
        });
    }
}


/***/ }),

/***/ 7698:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ BlobStaging),
/* harmony export */   y: () => (/* binding */ HASH_WHILE_UPLOADING_FROM)
/* harmony export */ });
/* harmony import */ var _azure_storage_blob__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2978);
/* harmony import */ var _azure_arm_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7701);


const BLOCK_SIZE = 8 * 1024 * 1024;
const CONCURRENCY = 4;
/**
 * The service version the SAS is signed for. Pinned rather than the SDK's newest, so the SAS
 * is understood by every storage endpoint a pipeline may use (sovereign clouds, Azure Stack
 * Hub and emulators lag behind the public cloud).
 */
const SAS_VERSION = "2025-05-05";
/** Storage refuses a start time in the future; clocks of agents and storage differ a little. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const CONTENT_TYPES = {
    ".sh": "text/x-shellscript",
    ".ps1": "text/plain",
    ".gz": "application/gzip",
    ".zip": "application/zip",
};
function contentType(blobName) {
    const ext = /\.[^./]+$/.exec(blobName)?.[0]?.toLowerCase() ?? "";
    return CONTENT_TYPES[ext] ?? "application/octet-stream";
}
/** Files this large are hashed while they upload; smaller ones are not worth a second request. */
const HASH_WHILE_UPLOADING_FROM = 32 * 1024 * 1024;
/**
 * Staged files in the staging account, reached with the pipeline's own Entra ID token: never
 * an account key. Image Builder reads them through a user-delegation SAS or its identity.
 */
class BlobStaging {
    service;
    container;
    constructor(account, credential, containerName, httpClient) {
        this.service = new _azure_storage_blob__WEBPACK_IMPORTED_MODULE_0__/* .BlobServiceClient */ .wS(account.blobEndpoint, credential, (0,_azure_arm_js__WEBPACK_IMPORTED_MODULE_1__/* .storageClientOptions */ .$F)(httpClient));
        this.container = this.service.getContainerClient(containerName);
    }
    async upload(artifacts, abortSignal, onUploaded) {
        await this.container.createIfNotExists({ abortSignal });
        for (const artifact of artifacts) {
            const blob = this.container.getBlockBlobClient(artifact.blobName);
            await blob.uploadFile(artifact.uploadPath, {
                abortSignal,
                blockSize: BLOCK_SIZE,
                concurrency: CONCURRENCY,
                metadata: artifact.hashDeferred ? undefined : { sha256: artifact.sha256 },
                blobHTTPHeaders: { blobContentType: contentType(artifact.blobName) },
            });
            if (artifact.hashDeferred) {
                // Hashed while it uploaded: the checksum joins the blob once both are done.
                artifact.sha256 = await artifact.hashed;
                await blob.setMetadata({ sha256: artifact.sha256 }, { abortSignal });
            }
            onUploaded(artifact);
        }
    }
    /**
     * A read-only SAS for each blob, signed with a user-delegation key that lives no longer
     * than the SAS: Image Builder can read exactly these files until the build must be over.
     */
    async readOnlySasUrls(artifacts, expiresOn, abortSignal) {
        const startsOn = new Date(Date.now() - CLOCK_SKEW_MS);
        const key = await this.service.getUserDelegationKey(startsOn, expiresOn, { abortSignal });
        const urls = new Map();
        for (const artifact of artifacts) {
            const sas = (0,_azure_storage_blob__WEBPACK_IMPORTED_MODULE_0__/* .generateBlobSASQueryParameters */ .WJ)({
                containerName: this.container.containerName,
                blobName: artifact.blobName,
                permissions: _azure_storage_blob__WEBPACK_IMPORTED_MODULE_0__/* .BlobSASPermissions */ .vD.parse("r"),
                startsOn,
                expiresOn,
                protocol: _azure_storage_blob__WEBPACK_IMPORTED_MODULE_0__/* .SASProtocol */ .m5.Https,
                version: SAS_VERSION,
            }, key, this.service.accountName).toString();
            urls.set(artifact.blobUrl, `${artifact.blobUrl}?${sas}`);
        }
        return urls;
    }
    /** Deletes every blob under the run's prefix; returns how many were deleted. */
    async deletePrefix(prefix, abortSignal) {
        let deleted = 0;
        for await (const blob of this.container.listBlobsFlat({ prefix, abortSignal })) {
            const result = await this.container
                .deleteBlob(blob.name, { deleteSnapshots: "include", abortSignal })
                .catch((error) => {
                if (error.statusCode === 404)
                    return undefined;
                throw error;
            });
            if (result)
                deleted++;
        }
        return deleted;
    }
}


/***/ })

};
