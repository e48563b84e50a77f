export const id = 852;
export const ids = [852,701];
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
    return cleanUpRecorded(host, async () => azureTargets(await (0,_sign_in_js__WEBPACK_IMPORTED_MODULE_4__.signIn)(host, inputs)));
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

/***/ 1852:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   followStartedBuild: () => (/* binding */ followStartedBuild)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6512);
/* harmony import */ var _cancel_build_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4510);
/* harmony import */ var _cleanup_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4701);
/* harmony import */ var _see_build_through_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2252);
/* harmony import */ var _staged_for_template_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9968);
/* harmony import */ var _template_as_found_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(1877);
/* harmony import */ var _wait_for_build_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(4855);
/* harmony import */ var _waiting_js__WEBPACK_IMPORTED_MODULE_7__ = __webpack_require__(7978);








/**
 * Follows a build an earlier step started (`wait: false`) to its end, with the same log,
 * outputs and annotations, then removes what that step made for it: the template and its
 * staged files, when the template's provenance tags say this repository made it. A build
 * that already ended is reported at once.
 */
async function followStartedBuild(host, inputs, named) {
    const signal = host.cancellation;
    const started = Date.now();
    const { arm, client } = await (0,_template_as_found_js__WEBPACK_IMPORTED_MODULE_5__/* .openNamedTemplate */ .MP)(host, inputs, "follow", named);
    const found = await (0,_template_as_found_js__WEBPACK_IMPORTED_MODULE_5__/* .findTemplate */ ._4)(client, "follow", signal);
    (0,_staged_for_template_js__WEBPACK_IMPORTED_MODULE_4__/* .maskFetchedSas */ .t)(host, found.template);
    host.setOutput("template-name", client.name);
    host.setOutput("template-id", client.id);
    const runState = found.template.lastRunStatus?.runState;
    if (!runState) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .BakeError */ .oU(`Image template ${client.id} has no build to follow: it was never run. Run it with ${host.inputDisplayName("existing-template")} instead.`);
    }
    const ours = (0,_staged_for_template_js__WEBPACK_IMPORTED_MODULE_4__/* .madeForThisRepository */ .N)(found.template, client.resourceGroup, client.name, host.runContext().repository);
    const state = ours ?? {
        resourceGroup: client.resourceGroup,
        templateName: client.name,
        createdTemplate: false,
    };
    if (ours)
        (0,_cleanup_js__WEBPACK_IMPORTED_MODULE_2__/* .recordCleanupState */ .H9)(host, state);
    else
        host.info(`Image template ${client.id} was not made by this repository's pipeline: it is left as it is.`);
    host.info(!_waiting_js__WEBPACK_IMPORTED_MODULE_7__/* .TERMINAL_STATES */ .k.has(runState)
        ? `Following the build of ${client.id} (${found.template.lastRunStatus?.runSubState ?? runState}).`
        : `The build of ${client.id} already ended (${runState}).`);
    const targets = (0,_cleanup_js__WEBPACK_IMPORTED_MODULE_2__/* .azureTargets */ .a3)(arm);
    const watch = { buildOver: false, succeeded: false };
    let cancelAskedMs;
    let cancelled;
    let left;
    try {
        await (0,_see_build_through_js__WEBPACK_IMPORTED_MODULE_3__/* .seeBuildThrough */ .n)({
            host,
            arm,
            client,
            plan: found.plan,
            customizers: found.customizers,
            logLevel: inputs.logLevel,
            buildMinutes: found.buildMinutes,
            signal,
            startedMs: started,
        }, watch);
    }
    catch (error) {
        if (!watch.buildOver && (signal.aborted || error instanceof _wait_for_build_js__WEBPACK_IMPORTED_MODULE_6__/* .BuildTimeoutError */ .eo))
            cancelAskedMs = await (0,_cancel_build_js__WEBPACK_IMPORTED_MODULE_1__/* .cancelBuild */ .lS)(host, client);
        if (!signal.aborted)
            throw error;
        cancelled = { cause: error };
    }
    finally {
        if (ours)
            left = await (0,_cleanup_js__WEBPACK_IMPORTED_MODULE_2__/* .cleanUpAfterRun */ .UH)(host, targets, state, {
                keepOnFailure: inputs.keepOnFailure,
                succeeded: watch.succeeded,
                cancelled: signal.aborted,
                buildOver: watch.buildOver,
                cancelAskedMs,
            });
    }
    if (cancelled) {
        throw new _cancel_build_js__WEBPACK_IMPORTED_MODULE_1__/* .CancelledError */ .cc((0,_cancel_build_js__WEBPACK_IMPORTED_MODULE_1__/* .describeCancellation */ .vk)(true, state, left, host.cleanupPhase), {
            cause: cancelled.cause,
        });
    }
}


/***/ }),

/***/ 9968:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   N: () => (/* binding */ madeForThisRepository),
/* harmony export */   t: () => (/* binding */ maskFetchedSas)
/* harmony export */ });
/* harmony import */ var _naming_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(8543);

/** The URLs a template's customizers and validators fetch, SAS and all. */
function fetchedUrls(template) {
    const items = [
        ...(template.customize ?? []),
        ...(template.validate?.inVMValidations ?? []),
    ];
    const urls = [];
    for (const item of items) {
        const fields = (item ?? {});
        for (const key of ["scriptUri", "sourceUri"]) {
            const value = fields[key];
            if (typeof value === "string")
                urls.push(value);
        }
    }
    return urls;
}
/**
 * The SAS of the files a template fetches are secrets of this step too, though another step or
 * tool made them: the build log may quote the URLs.
 */
function maskFetchedSas(host, template) {
    for (const url of fetchedUrls(template)) {
        const query = url.indexOf("?");
        if (query >= 0 && query < url.length - 1)
            host.setSecret(url.slice(query + 1));
    }
}
/** An account's name as its blob endpoint shows it: the host's first label, or the path's first segment (path-style endpoints). */
function accountName(blobEndpoint) {
    const url = new URL(blobEndpoint);
    const segment = url.pathname.split("/").find(Boolean);
    return url.hostname.includes(".blob.") || !segment ? url.hostname.split(".")[0] : segment;
}
/**
 * What this product made for a build another step started (`wait: false`), found from the
 * template alone: the template is ours when its provenance tags name this repository, and
 * its staged files are those under the prefix the tags give (repository, run, step), at the
 * place its customizers fetch them from. Undefined when the template was made elsewhere.
 */
function madeForThisRepository(template, resourceGroup, templateName, repository) {
    const tags = template.tags ?? {};
    const step = tags[_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.step];
    const runId = tags[_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.runId];
    const runAttempt = tags[_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.runAttempt];
    if (!step || runId === undefined || runAttempt === undefined)
        return undefined;
    if (tags[_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .TAG */ .Dk.repository] !== repository.slice(0, 256))
        return undefined;
    const state = { resourceGroup, templateName, createdTemplate: true };
    const prefix = (0,_naming_js__WEBPACK_IMPORTED_MODULE_0__/* .stagingPrefixOf */ .Pe)(repository, runId, runAttempt, step);
    for (const url of fetchedUrls(template).map((u) => u.split("?")[0])) {
        const at = url.indexOf(`/${prefix}`);
        if (at < 0)
            continue;
        const containerUrl = url.slice(0, at);
        const cut = containerUrl.lastIndexOf("/");
        const blobEndpoint = `${containerUrl.slice(0, cut)}/`;
        state.staging = {
            account: { id: "", name: accountName(blobEndpoint), blobEndpoint },
            container: containerUrl.slice(cut + 1),
            prefix,
        };
        break;
    }
    return state;
}


/***/ }),

/***/ 1877:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   MP: () => (/* binding */ openNamedTemplate),
/* harmony export */   _4: () => (/* binding */ findTemplate)
/* harmony export */ });
/* unused harmony export asFound */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6512);
/* harmony import */ var _template_distribution_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3702);
/* harmony import */ var _template_template_customizer_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9276);
/* harmony import */ var _image_template_client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4111);
/* harmony import */ var _sign_in_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(592);





/** Image Builder's default when a template names no build timeout. */
const DEFAULT_BUILD_MINUTES = 240;
/**
 * Signs in and opens the named template. A resource ID in another subscription than the one
 * signed in to is one error naming the input.
 */
async function openNamedTemplate(host, inputs, input, named) {
    const arm = await (0,_sign_in_js__WEBPACK_IMPORTED_MODULE_3__.signIn)(host, inputs);
    if (named.subscriptionId &&
        named.subscriptionId.toLowerCase() !== arm.subscriptionId.toLowerCase()) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `names a template in subscription ${named.subscriptionId}, but the step works in subscription ${arm.subscriptionId}. Use a service connection or ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .ref */ .KR)("subscription-id")} for the template's subscription.`);
    }
    const client = new _image_template_client_js__WEBPACK_IMPORTED_MODULE_2__/* .ImageTemplateClient */ .t(arm, named.resourceGroup ?? inputs.resourceGroup, named.name, _image_template_client_js__WEBPACK_IMPORTED_MODULE_2__/* .SDK_POLL_MS */ .U);
    return { arm, client };
}
/** Reads the template, or fails naming the input when there is none. */
async function findTemplate(client, input, signal) {
    const template = await client.find(signal);
    if (!template) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .InputError */ .dz(input, `names an image template that does not exist: ${client.id}. Check its name and resource group${input === "follow" ? "; a build already followed to its end had its template removed" : ""}.`);
    }
    return asFound(template);
}
function asFound(template) {
    const customize = (template.customize ?? []);
    return {
        template,
        customizers: customize.map((c, i) => (0,_template_template_customizer_js__WEBPACK_IMPORTED_MODULE_4__/* .templateCustomizer */ .K)(c, i)),
        plan: {
            runOutputs: (template.distribute ?? []).map((d) => ({
                name: d.runOutputName,
                kind: (0,_template_distribution_js__WEBPACK_IMPORTED_MODULE_1__/* .distributorKind */ .m)(d.type),
            })),
            body: { identity: template.identity },
        },
        buildMinutes: template.buildTimeoutInMinutes || DEFAULT_BUILD_MINUTES,
    };
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
