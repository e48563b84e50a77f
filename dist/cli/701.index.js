export const id = 701;
export const ids = [701];
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
