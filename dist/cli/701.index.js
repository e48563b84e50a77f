export const id = 701;
export const ids = [701];
export const modules = {

/***/ 7701:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dW: () => (/* binding */ ArmError),
  Qh: () => (/* binding */ ResourceManager),
  $F: () => (/* binding */ storageClientOptions)
});

// UNUSED EXPORTS: USER_AGENT

// EXTERNAL MODULE: ./node_modules/@azure/core-rest-pipeline/dist/esm/index.js + 37 modules
var esm = __webpack_require__(1818);
// EXTERNAL MODULE: ./node_modules/@azure/arm-imagebuilder/dist/esm/index.js + 34 modules
var dist_esm = __webpack_require__(3924);
// EXTERNAL MODULE: ./node_modules/@azure/core-http-compat/dist/esm/index.js + 6 modules
var core_http_compat_dist_esm = __webpack_require__(1097);
;// CONCATENATED MODULE: ./.build/src/core/azure/storage-http.js


/**
 * The storage SDK takes its HTTP client in the older (core-http) shape and converts it; this
 * hands it the run's retrying client in that shape, so blob requests get the same handling of
 * transient faults as every other Azure call.
 */
function storageHttpClient(httpClient) {
    return {
        async sendRequest(resource) {
            const request = (0,esm/* createPipelineRequest */.G6)({
                url: resource.url,
                method: resource.method,
                headers: (0,esm/* createHttpHeaders */.Nc)(resource.headers.rawHeaders()),
                body: resource.body,
                formData: resource.formData,
                timeout: resource.timeout,
                withCredentials: resource.withCredentials,
                abortSignal: resource.abortSignal,
                onUploadProgress: resource.onUploadProgress,
                onDownloadProgress: resource.onDownloadProgress,
                streamResponseStatusCodes: resource.streamResponseStatusCodes,
                disableKeepAlive: resource.keepAlive === false,
                requestId: resource.requestId,
            });
            const response = await httpClient.sendRequest(request);
            // The answer must point back at the request the SDK sent (it finds how to read the
            // answer through it), not at the copy made here.
            return { ...(0,core_http_compat_dist_esm/* toCompatResponse */.vD)({ ...response, request }), request: resource };
        },
    };
}

// EXTERNAL MODULE: ./.build/src/core/azure/transport.js
var transport = __webpack_require__(7474);
;// CONCATENATED MODULE: ./.build/src/core/azure/arm.js




const USER_AGENT = "bake-azure-image";
/**
 * Options for the storage SDK's clients: requests through the run's retrying HTTP client, the
 * SDK's own retries off (they would retry 500 and 503 only, and on top of ours).
 */
function storageClientOptions(httpClient) {
    return {
        userAgentOptions: { userAgentPrefix: USER_AGENT },
        httpClient: storageHttpClient(httpClient),
        retryOptions: { maxTries: 1 },
    };
}
/** An error Resource Manager answered with, in its own words. */
class ArmError extends Error {
    status;
    code;
    path;
    constructor(status, code, message, path) {
        super(message);
        this.status = status;
        this.code = code;
        this.path = path;
        this.name = "ArmError";
    }
}
/**
 * Resource Manager for one cloud and subscription: the Image Builder SDK client, and plain
 * GETs for the few other resources the run reads (storage accounts, identities, galleries).
 */
class ResourceManager {
    cloud;
    credential;
    subscriptionId;
    httpClient;
    pipeline;
    imageBuilder;
    /**
     * @param httpClient carries every request, retrying transient faults itself; the SDK's own
     * retry policies are switched off so a fault is not retried twice over.
     */
    constructor(cloud, credential, subscriptionId, httpClient) {
        this.cloud = cloud;
        this.credential = credential;
        this.subscriptionId = subscriptionId;
        this.httpClient = httpClient;
        const scope = `${cloud.resourceManagerAudience}/.default`;
        this.pipeline = (0,esm/* createPipelineFromOptions */.Fp)({
            userAgentOptions: { userAgentPrefix: USER_AGENT },
            retryOptions: { maxRetries: 0 },
        });
        this.pipeline.addPolicy((0,esm/* bearerTokenAuthenticationPolicy */.N$)({ credential, scopes: scope }));
        this.imageBuilder = new dist_esm/* ImageBuilderClient */.Us(credential, subscriptionId, {
            endpoint: cloud.resourceManagerEndpoint,
            credentials: { scopes: [scope] },
            userAgentOptions: { userAgentPrefix: USER_AGENT },
            httpClient,
            retryOptions: { maxRetries: 0 },
        });
        this.imageBuilder.pipeline.addPolicy({
            name: "operationRetryAfter",
            sendRequest: async (request, next) => {
                const response = await next(request);
                const wait = (0,transport/* retryAfterMs */.Vs)(response.headers);
                for (const url of [
                    request.url,
                    response.headers.get("azure-asyncoperation"),
                    response.headers.get("location"),
                ])
                    if (url)
                        this.retryAfter.set(operationKey(url), wait);
                return response;
            },
        });
    }
    /** The latest Retry-After of each long-running operation, by the URL it is polled at. */
    retryAfter = new Map();
    /**
     * How long Resource Manager asked to wait before the operation polled at `url` is looked at
     * again: said by the answer that started it (201/202) and by each answer to a poll.
     */
    retryAfterOf(url) {
        return url ? this.retryAfter.get(operationKey(url)) : undefined;
    }
    async get(resourcePath, apiVersion, abortSignal) {
        const url = `${this.cloud.resourceManagerEndpoint}${resourcePath}?api-version=${apiVersion}`;
        return this.getUrl(url, resourcePath, abortSignal);
    }
    /** Every item of a collection, following `nextLink` from page to page. */
    async list(resourcePath, apiVersion, abortSignal) {
        const items = [];
        let page = await this.get(resourcePath, apiVersion, abortSignal);
        for (;;) {
            items.push(...(page.value ?? []));
            if (!page.nextLink)
                return items;
            page = await this.getUrl(page.nextLink, resourcePath, abortSignal);
        }
    }
    async getUrl(url, resourcePath, abortSignal) {
        const request = (0,esm/* createPipelineRequest */.G6)({
            url,
            method: "GET",
            headers: (0,esm/* createHttpHeaders */.Nc)({ accept: "application/json" }),
            abortSignal,
        });
        const response = await this.pipeline.sendRequest(this.httpClient, request);
        const body = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
        if (response.status >= 400) {
            const error = body?.error;
            throw new ArmError(response.status, error?.code ?? `HTTP${response.status}`, error?.message ?? `Resource Manager answered ${response.status}`, resourcePath);
        }
        return body;
    }
}
function operationKey(url) {
    const u = new URL(url, "https://resource-manager.invalid");
    return u.pathname.toLowerCase();
}


/***/ }),

/***/ 7474:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Dm: () => (/* binding */ isTransientStatus),
/* harmony export */   Vs: () => (/* binding */ retryAfterMs),
/* harmony export */   b4: () => (/* binding */ isConnectionFault),
/* harmony export */   gZ: () => (/* binding */ RetryingHttpClient),
/* harmony export */   vI: () => (/* binding */ DEFAULT_RETRY)
/* harmony export */ });
/* harmony import */ var _azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1818);

const DEFAULT_RETRY = {
    maxTries: 7,
    firstDelayMs: 1_000,
    maxDelayMs: 30_000,
    maxRetryAfterMs: 120_000,
    tryTimeoutMs: 120_000,
};
/** Answers that say "not now" rather than "no". */
const TRANSIENT_STATUS = new Set([408, 429, 500, 502, 503, 504]);
/** Connection failures worth another try; a name that does not resolve is a mistake, not a fault. */
const TRANSIENT_CODES = new Set([
    "ECONNRESET",
    "ECONNREFUSED",
    "ECONNABORTED",
    "ETIMEDOUT",
    "EPIPE",
    "EAI_AGAIN",
    "ENETUNREACH",
    "EHOSTUNREACH",
    "UND_ERR_SOCKET",
    "REQUEST_SEND_ERROR",
    "TRY_TIMEOUT",
]);
function isTransientStatus(status) {
    return status !== undefined && TRANSIENT_STATUS.has(status);
}
/** A failure to get any answer at all: the request may or may not have reached the service. */
function isConnectionFault(error) {
    if (!error || typeof error !== "object")
        return false;
    const e = error;
    if (e.name === "AbortError")
        return false;
    if (e.code && TRANSIENT_CODES.has(e.code))
        return e.statusCode === undefined;
    if ((0,_azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_0__/* .isRestError */ .T0)(error) && error.statusCode === undefined && !e.code) {
        return /socket hang up|ECONNRESET|network|timed? ?out/i.test(error.message);
    }
    return e.cause !== undefined && e.cause !== error && isConnectionFault(e.cause);
}
/** `retry-after-ms`, `x-ms-retry-after-ms`, or `Retry-After` in seconds or as a date. */
function retryAfterMs(headers) {
    for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
        const raw = headers.get(name);
        const value = Number(raw);
        if (raw !== undefined && raw !== "" && Number.isFinite(value) && value >= 0)
            return value;
    }
    const retryAfter = headers.get("retry-after");
    if (retryAfter === undefined || retryAfter === "")
        return undefined;
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds))
        return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
function delay(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted)
            return reject(abortError());
        const timer = setTimeout(() => {
            signal?.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            reject(abortError());
        };
        signal?.addEventListener("abort", onAbort, { once: true });
    });
}
function abortError() {
    const error = new Error("The operation was aborted.");
    error.name = "AbortError";
    return error;
}
function serviceOf(url) {
    const host = url.hostname;
    if (host.includes(".blob.") || url.pathname.startsWith("/devstoreaccount"))
        return "Storage";
    if (url.pathname.includes("/oauth2/"))
        return "Entra ID";
    return host;
}
/** Lets go of an answer that will not be read, so its connection goes back to the pool. */
function discard(response) {
    response.readableStreamBody?.resume();
}
/**
 * The HTTP client every Azure call goes through (Resource Manager, Image Builder, storage,
 * Entra ID tokens): it retries throttling (429 with or without `Retry-After`, which the SDKs'
 * own policies do not), 408, 500, 502, 503, 504, connection resets and tries that hang, with
 * exponential backoff and full jitter, a bounded number of times. The SDKs' own retry
 * policies are switched off where this client is used, so one fault is never retried twice
 * over.
 */
class RetryingHttpClient {
    report;
    settings;
    mayReplay;
    inner;
    random;
    recent = new Map();
    constructor(report, settings = DEFAULT_RETRY, mayReplay = () => true, inner = (0,_azure_core_rest_pipeline__WEBPACK_IMPORTED_MODULE_0__/* .createDefaultHttpClient */ .fl)(), random = Math.random) {
        this.report = report;
        this.settings = settings;
        this.mayReplay = mayReplay;
        this.inner = inner;
        this.random = random;
    }
    async sendRequest(request) {
        const url = new URL(request.url);
        const replayable = this.mayReplay(request);
        for (let attempt = 1;; attempt++) {
            let response;
            let failure;
            try {
                response = await this.tryOnce(request);
            }
            catch (error) {
                failure = error;
            }
            const last = attempt >= this.settings.maxTries || request.abortSignal?.aborted === true;
            const status = response?.status;
            const retryable = response
                ? isTransientStatus(status) && (replayable || status === 429)
                : isConnectionFault(failure) &&
                    (replayable || failure.code === "ECONNREFUSED");
            if (!retryable || last) {
                if (response)
                    return response;
                throw failure;
            }
            const asked = response ? retryAfterMs(response.headers) : undefined;
            if (asked !== undefined && asked > this.settings.maxRetryAfterMs)
                return response;
            if (response)
                discard(response);
            const wait = asked ?? this.backoff(attempt);
            this.tell({
                service: serviceOf(url),
                method: request.method,
                path: url.pathname,
                fault: response ? String(status) : (failure.code ?? "error"),
                attempt,
                delayMs: wait,
            });
            await delay(wait, request.abortSignal);
        }
    }
    /** One try, abandoned if it hangs (the caller's own abort signal still wins). */
    async tryOnce(request) {
        const timeout = new AbortController();
        const timer = setTimeout(() => timeout.abort(), this.settings.tryTimeoutMs);
        const outer = request.abortSignal;
        const signals = outer ? [outer, timeout.signal] : [timeout.signal];
        const abortSignal = AbortSignal.any(signals);
        try {
            return await this.inner.sendRequest({ ...request, abortSignal });
        }
        catch (error) {
            if (timeout.signal.aborted && !outer?.aborted) {
                throw Object.assign(new Error(`No answer within ${Math.round(this.settings.tryTimeoutMs / 1000)} s.`), { code: "TRY_TIMEOUT" });
            }
            throw error;
        }
        finally {
            clearTimeout(timer);
        }
    }
    backoff(attempt) {
        const ceiling = Math.min(this.settings.maxDelayMs, this.settings.firstDelayMs * 2 ** (attempt - 1));
        // Full jitter, but never less than half: parallel jobs spread out and still back off.
        return Math.round(ceiling / 2 + (this.random() * ceiling) / 2);
    }
    /** One line per incident: the same fault of the same service within a minute is one incident. */
    tell(incident) {
        const key = `${incident.service} ${incident.fault}`;
        const now = Date.now();
        const seen = this.recent.get(key);
        this.recent.set(key, now);
        if (seen !== undefined && now - seen < 60_000)
            return;
        this.report(incident);
    }
}


/***/ }),

/***/ 4701:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   DA: () => (/* binding */ removeLeftovers),
/* harmony export */   H9: () => (/* binding */ recordCleanupState),
/* harmony export */   UH: () => (/* binding */ cleanUpAfterRun),
/* harmony export */   a3: () => (/* binding */ azureTargets),
/* harmony export */   cleanUpLeftState: () => (/* binding */ cleanUpLeftState)
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

/***/ 4111:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ SDK_POLL_MS),
/* harmony export */   t: () => (/* binding */ ImageTemplateClient)
/* harmony export */ });
/* harmony import */ var _azure_transport_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7474);
/* harmony import */ var _waiting_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7978);


/** Longest wait between polls of creating or deleting a template (they start at a quarter second). */
const SDK_POLL_MS = 5_000;
function isNotFound(error) {
    const e = error;
    return e?.statusCode === 404 || e?.code === "ResourceNotFound" || e?.code === "NotFound";
}
/**
 * Follows a long-running operation the way Resource Manager's async operation guidance asks:
 * each look waits out the Retry-After of the answer before it (the one that started the
 * operation, then each poll's). Only when an answer names no wait does the fast schedule apply:
 * at once, then from 25 ms, doubling up to `ceilingMs`, so a template that is ready in a moment
 * is seen at once and a slow one costs a handful of requests.
 */
async function settle(poller, arm, ceilingMs, abortSignal) {
    await poller.submitted();
    for (let fast = 0; !poller.isDone; fast = fast ? Math.min(ceilingMs, fast * 2) : 25) {
        const asked = arm.retryAfterOf(pollingUrl(poller.operationState));
        // "Retry-After: 0" asks for no wait: the fast schedule then keeps a busy loop away.
        const wait = asked ? Math.min(asked, _azure_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_RETRY */ .vI.maxRetryAfterMs) : fast;
        if (wait)
            await (0,_waiting_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .y)(wait, abortSignal);
        await poller.poll({ abortSignal });
    }
}
/** The URL core-lro polls the operation at (its state keeps it; the typings do not show it). */
function pollingUrl(state) {
    return state?.config
        ?.operationLocation;
}
/** The SDK's models flatten `properties`; the rendered template is in the wire shape. */
function toModel(body) {
    const { properties, ...resource } = body;
    return { ...resource, ...properties };
}
/** One image template of the run, through the Image Builder SDK. */
class ImageTemplateClient {
    arm;
    resourceGroup;
    name;
    pollIntervalMs;
    constructor(arm, resourceGroup, name, pollIntervalMs) {
        this.arm = arm;
        this.resourceGroup = resourceGroup;
        this.name = name;
        this.pollIntervalMs = pollIntervalMs;
    }
    get id() {
        return `/subscriptions/${this.arm.subscriptionId}/resourceGroups/${this.resourceGroup}/providers/Microsoft.VirtualMachineImages/imageTemplates/${this.name}`;
    }
    get ops() {
        return this.arm.imageBuilder.virtualMachineImageTemplates;
    }
    async find(abortSignal) {
        try {
            return await this.ops.get(this.resourceGroup, this.name, { abortSignal });
        }
        catch (error) {
            if (isNotFound(error))
                return undefined;
            throw error;
        }
    }
    async create(body, abortSignal) {
        const poller = this.ops.createOrUpdate(this.resourceGroup, this.name, toModel(body), {
            updateIntervalInMs: this.pollIntervalMs,
            abortSignal,
        });
        await settle(poller, this.arm, this.pollIntervalMs, abortSignal);
        return poller.pollUntilDone({ abortSignal });
    }
    /**
     * Starts the build and returns once Image Builder accepted it; progress is read with
     * `snapshot`. Starting a run is not idempotent: when the answer is lost (a reset, a 5xx, a
     * conflict), the template is read before trying again, and a run it already shows is this
     * one, since the template was made for this step. So a retry never starts a second build.
     * Returns the Retry-After of the acceptance: the first look at the run waits that long.
     */
    startRun(abortSignal) {
        return this.submitAction(() => this.ops.run(this.resourceGroup, this.name, this.actionOptions(abortSignal)), (status) => status.runState !== undefined, _azure_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_RETRY */ .vI.maxTries, (attempt) => Math.min(_azure_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_RETRY */ .vI.maxDelayMs, _azure_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .DEFAULT_RETRY */ .vI.firstDelayMs * 2 ** attempt), abortSignal);
    }
    async snapshot(abortSignal) {
        let wait;
        const template = await this.ops.get(this.resourceGroup, this.name, {
            abortSignal,
            onResponse: (response) => {
                wait = (0,_azure_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .retryAfterMs */ .Vs)(response.headers);
            },
        });
        const last = template.lastRunStatus;
        return {
            template,
            status: { runState: last?.runState, runSubState: last?.runSubState, message: last?.message },
            retryAfterMs: wait,
        };
    }
    /**
     * Asks for the run to stop; an answer lost on the way is checked on the template, not assumed.
     * Returns the Retry-After of the acceptance, if it named one.
     */
    requestCancel(abortSignal) {
        return this.submitAction(() => this.ops.cancel(this.resourceGroup, this.name, this.actionOptions(abortSignal)), (status) => status.runState !== "Running", 3, (attempt) => 250 * attempt, abortSignal);
    }
    actionOptions(abortSignal) {
        return { updateIntervalInMs: this.pollIntervalMs, abortSignal };
    }
    /**
     * Sends a POST action (run, cancel) until Image Builder accepts it. After a fault that
     * leaves unknown whether it acted, the template is read first, and `done` decides whether
     * the action already happened; only when it did not is the action sent again.
     */
    async submitAction(send, done, maxTries, backoffMs, abortSignal) {
        for (let attempt = 1;; attempt++) {
            try {
                const poller = send();
                await poller.submitted();
                return this.arm.retryAfterOf(pollingUrl(poller.operationState)) || undefined;
            }
            catch (error) {
                const status = error.statusCode;
                const unsure = (0,_azure_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .isConnectionFault */ .b4)(error) || (0,_azure_transport_js__WEBPACK_IMPORTED_MODULE_0__/* .isTransientStatus */ .Dm)(status) || status === 409;
                if (!unsure || abortSignal.aborted)
                    throw error;
                if (done((await this.snapshot(abortSignal)).status))
                    return undefined;
                if (attempt >= maxTries)
                    throw error;
                await (0,_waiting_js__WEBPACK_IMPORTED_MODULE_1__/* .sleep */ .y)(backoffMs(attempt), abortSignal);
            }
        }
    }
    /** Deletes the template (Image Builder also removes the staging resource group it made). */
    async delete(abortSignal) {
        try {
            const poller = this.ops.delete(this.resourceGroup, this.name, {
                updateIntervalInMs: this.pollIntervalMs,
                abortSignal,
            });
            await settle(poller, this.arm, this.pollIntervalMs, abortSignal ?? new AbortController().signal);
            await poller.pollUntilDone({ abortSignal });
            return true;
        }
        catch (error) {
            if (isNotFound(error))
                return false;
            throw error;
        }
    }
    async runOutputs(abortSignal) {
        const out = [];
        for await (const o of this.ops.listRunOutputs(this.resourceGroup, this.name, {
            abortSignal,
        })) {
            out.push({
                runOutputName: o.name ?? "",
                artifactId: o.artifactId,
                artifactUri: o.artifactUri,
            });
        }
        return out;
    }
}


/***/ }),

/***/ 592:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  J: () => (/* binding */ signIn)
});

// UNUSED EXPORTS: describeIncident

// EXTERNAL MODULE: ./.build/src/core/errors.js
var errors = __webpack_require__(6512);
// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 155 modules
var esm = __webpack_require__(3952);
;// CONCATENATED MODULE: ./.build/src/core/azure/credentials.js

/** The audience GitHub's OIDC tokens must carry for Entra ID's token exchange in each cloud. */
function federatedAudience(cloud) {
    if (cloud.name === "AzureUSGovernment")
        return "api://AzureADTokenExchangeUSGov";
    if (cloud.name === "AzureChinaCloud")
        return "api://AzureADTokenExchangeChina";
    return "api://AzureADTokenExchange";
}
function createCredential(auth, cloud, mask, httpClient) {
    // Outside the public clouds there is no instance discovery endpoint to ask, and asking
    // the public one would leave the cloud the pipeline runs in. Token requests go through the
    // run's retrying client; the credentials' own retries would only repeat its work.
    const options = {
        authorityHost: cloud.authorityHost,
        disableInstanceDiscovery: cloud.name === "custom",
        httpClient,
        retryOptions: { maxRetries: 0 },
    };
    let credential;
    switch (auth.kind) {
        case "federated": {
            const audience = federatedAudience(cloud);
            credential = new esm/* ClientAssertionCredential */.XI(auth.tenantId, auth.clientId, async () => {
                const assertion = await auth.getAssertion(audience);
                mask(assertion);
                return assertion;
            }, options);
            break;
        }
        case "azure-pipelines":
            mask(auth.systemAccessToken);
            credential = new esm/* AzurePipelinesCredential */.QW(auth.tenantId, auth.clientId, auth.serviceConnectionId, auth.systemAccessToken, options);
            break;
        case "client-secret":
            mask(auth.clientSecret);
            credential = new esm/* ClientSecretCredential */.HC(auth.tenantId, auth.clientId, auth.clientSecret, options);
            break;
        case "client-certificate":
            mask(auth.certificatePem);
            credential = new esm/* ClientCertificateCredential */.m0(auth.tenantId, auth.clientId, { certificate: auth.certificatePem }, options);
            break;
        case "managed-identity":
            credential = auth.clientId
                ? new esm/* ManagedIdentityCredential */.NC({ clientId: auth.clientId })
                : new esm/* ManagedIdentityCredential */.NC();
            break;
        case "azure-cli":
            credential = new esm/* AzureCliCredential */.nG();
            break;
        case "environment":
            credential = process.env.AZURE_FEDERATED_TOKEN_FILE
                ? new esm/* WorkloadIdentityCredential */.R9(options)
                : new esm/* EnvironmentCredential */.lp(options);
            break;
    }
    return new MaskingCredential(credential, mask);
}
/** Registers every token as a secret the moment it exists, so no log can show it. */
class MaskingCredential {
    inner;
    mask;
    constructor(inner, mask) {
        this.inner = inner;
        this.mask = mask;
    }
    async getToken(scopes, options) {
        const token = await this.inner.getToken(scopes, options);
        if (token)
            this.mask(token.token);
        return token;
    }
}
/** The subscription of the az session an azure/login step left, when none is given. */
async function subscriptionFromAzureCli() {
    const { execFile } = await Promise.resolve(/* import() */).then(__webpack_require__.t.bind(__webpack_require__, 1421, 19));
    return new Promise((resolve) => {
        execFile("az", ["account", "show", "--query", "id", "--output", "tsv"], { timeout: 30_000 }, (error, stdout) => {
            resolve(error ? undefined : stdout.trim() || undefined);
        });
    });
}

// EXTERNAL MODULE: ./.build/src/core/azure/arm.js + 1 modules
var arm = __webpack_require__(7701);
// EXTERNAL MODULE: ./node_modules/@azure/core-rest-pipeline/dist/esm/index.js + 37 modules
var dist_esm = __webpack_require__(1818);
;// CONCATENATED MODULE: ./.build/src/core/azure/cloud-metadata.js


/** The version Azure Stack Hub documents for its metadata endpoint. */
const METADATA_API_VERSION = "2015-01-01";
/**
 * The cloud with its Resource Manager token audience. A custom cloud that was not given one
 * (Azure Stack Hub, a private cloud) publishes it, unauthenticated, as the first of
 * `authentication.audiences` at `<resource-manager-endpoint>/metadata/endpoints`; Entra ID
 * refuses a token for the endpoint's own URL (AADSTS500011) there.
 */
async function withResourceManagerAudience(cloud, httpClient, abortSignal) {
    if (cloud.resourceManagerAudience)
        return { ...cloud, resourceManagerAudience: cloud.resourceManagerAudience };
    const url = `${cloud.resourceManagerEndpoint}/metadata/endpoints?api-version=${METADATA_API_VERSION}`;
    const fail = (why) => new errors/* InputError */.dz("resource-manager-audience", `is not given, and the cloud's metadata at ${url} does not name it (${why}). Give the audience its Resource Manager accepts tokens for (authentication.audiences of that document), or check ${(0,errors/* ref */.KR)("resource-manager-endpoint")}.`);
    let body;
    try {
        const response = await httpClient.sendRequest((0,dist_esm/* createPipelineRequest */.G6)({
            url,
            method: "GET",
            headers: (0,dist_esm/* createHttpHeaders */.Nc)({ accept: "application/json" }),
            abortSignal,
        }));
        if (response.status !== 200)
            throw fail(`it answered ${response.status}`);
        body = JSON.parse(response.bodyAsText ?? "");
    }
    catch (error) {
        if (error instanceof errors/* InputError */.dz)
            throw error;
        throw fail(error instanceof SyntaxError ? "the answer is not JSON" : error.message);
    }
    const audiences = body.authentication?.audiences;
    const first = Array.isArray(audiences) ? audiences[0] : undefined;
    if (typeof first !== "string" || !first)
        throw fail("authentication.audiences is empty");
    return { ...cloud, resourceManagerAudience: first.replace(/\/+$/, "") };
}

// EXTERNAL MODULE: ./.build/src/core/azure/transport.js
var azure_transport = __webpack_require__(7474);
;// CONCATENATED MODULE: ./.build/src/core/run/sign-in.js





/** Signs in with the pipeline's own identity and opens Resource Manager for the subscription. */
async function signIn(host, inputs) {
    const auth = host.authentication();
    const transport = new azure_transport/* RetryingHttpClient */.gZ((incident) => host.info(describeIncident(incident)), undefined, armActionsAreNotReplayed(inputs.cloud.resourceManagerEndpoint));
    const subscriptionId = inputs.subscriptionId ??
        (auth.kind === "azure-cli" ? await subscriptionFromAzureCli() : undefined);
    if (!subscriptionId) {
        throw new errors/* InputError */.dz("subscription-id", "is required: no subscription was given and none could be read from an az session. Give the subscription's ID.");
    }
    const cloud = await withResourceManagerAudience(inputs.cloud, transport, host.cancellation);
    const credential = createCredential(auth, cloud, (secret) => host.setSecret(secret), transport);
    return new arm/* ResourceManager */.Qh(cloud, credential, subscriptionId, transport);
}
/** Resource Manager's POST actions (run, cancel) may have happened even when the answer was lost. */
function armActionsAreNotReplayed(endpoint) {
    const origin = new URL(endpoint).origin;
    return (request) => {
        if (request.method !== "POST")
            return true;
        const url = new URL(request.url);
        return !(url.origin === origin && url.pathname.includes("/providers/"));
    };
}
function describeIncident(incident) {
    const what = /^\d+$/.test(incident.fault)
        ? `answered ${incident.fault}`
        : `failed (${incident.fault})`;
    return `${incident.service} ${what} to ${incident.method} ${incident.path}; trying again in ${(incident.delayMs / 1000).toFixed(1)} s (a transient fault: retried with backoff, logged once per minute).`;
}


/***/ }),

/***/ 7978:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   k: () => (/* binding */ TERMINAL_STATES),
/* harmony export */   y: () => (/* binding */ sleep)
/* harmony export */ });
/**
 * What both the client and the build watcher need, kept apart so that neither imports the
 * other: waiting that a cancellation cuts short, and the run states that end a build.
 */
/** The states in which Image Builder's run is over: nothing more will happen to it. */
const TERMINAL_STATES = new Set(["Succeeded", "PartiallySucceeded", "Failed", "Canceled"]);
function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal.aborted)
            return reject(signal.reason);
        const timer = setTimeout(() => {
            signal.removeEventListener("abort", onAbort);
            resolve();
        }, ms);
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal.reason);
        };
        signal.addEventListener("abort", onAbort, { once: true });
    });
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
