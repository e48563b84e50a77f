export const id = 145;
export const ids = [145];
export const modules = {

/***/ 6145:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  cleanUpLeftState: () => (/* binding */ cleanUpLeftState),
  realRun: () => (/* binding */ realRun)
});

// UNUSED EXPORTS: CancelledError, cleanUp

// EXTERNAL MODULE: ./.build/src/core/errors.js
var errors = __webpack_require__(6512);
// EXTERNAL MODULE: ./.build/src/core/naming.js
var naming = __webpack_require__(8543);
// EXTERNAL MODULE: ./.build/src/core/template/render-template.js + 16 modules
var render_template = __webpack_require__(2314);
// EXTERNAL MODULE: ./node_modules/@azure/storage-blob/dist/esm/index.js + 139 modules
var esm = __webpack_require__(2978);
// EXTERNAL MODULE: ./node_modules/@azure/core-rest-pipeline/dist/esm/index.js + 37 modules
var dist_esm = __webpack_require__(1818);
// EXTERNAL MODULE: ./node_modules/@azure/arm-imagebuilder/dist/esm/index.js + 34 modules
var arm_imagebuilder_dist_esm = __webpack_require__(3924);
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
            const request = (0,dist_esm/* createPipelineRequest */.G6)({
                url: resource.url,
                method: resource.method,
                headers: (0,dist_esm/* createHttpHeaders */.Nc)(resource.headers.rawHeaders()),
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

;// CONCATENATED MODULE: ./.build/src/core/azure/transport.js

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
    if ((0,dist_esm/* isRestError */.T0)(error) && error.statusCode === undefined && !e.code) {
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
    constructor(report, settings = DEFAULT_RETRY, mayReplay = () => true, inner = (0,dist_esm/* createDefaultHttpClient */.fl)(), random = Math.random) {
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
        this.pipeline = (0,dist_esm/* createPipelineFromOptions */.Fp)({
            userAgentOptions: { userAgentPrefix: USER_AGENT },
            retryOptions: { maxRetries: 0 },
        });
        this.pipeline.addPolicy((0,dist_esm/* bearerTokenAuthenticationPolicy */.N$)({ credential, scopes: scope }));
        this.imageBuilder = new arm_imagebuilder_dist_esm/* ImageBuilderClient */.Us(credential, subscriptionId, {
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
                const wait = retryAfterMs(response.headers);
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
        const request = (0,dist_esm/* createPipelineRequest */.G6)({
            url,
            method: "GET",
            headers: (0,dist_esm/* createHttpHeaders */.Nc)({ accept: "application/json" }),
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

;// CONCATENATED MODULE: ./.build/src/core/staging/blob-staging.js


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
        this.service = new esm/* BlobServiceClient */.wS(account.blobEndpoint, credential, storageClientOptions(httpClient));
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
            const sas = (0,esm/* generateBlobSASQueryParameters */.WJ)({
                containerName: this.container.containerName,
                blobName: artifact.blobName,
                permissions: esm/* BlobSASPermissions */.vD.parse("r"),
                startsOn,
                expiresOn,
                protocol: esm/* SASProtocol */.m5.Https,
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
        if (error instanceof ArmError && error.code === "ResourceGroupNotFound" && !account.id) {
            throw new errors/* InputError */.dz("resource-group", `names a resource group that does not exist in subscription ${arm.subscriptionId}: ${resourceGroup}. Create it first, or name an existing one.`);
        }
        if (error instanceof ArmError &&
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

;// CONCATENATED MODULE: ./.build/src/core/run/wait-for-build.js

const TERMINAL_STATES = new Set(["Succeeded", "PartiallySucceeded", "Failed", "Canceled"]);
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
            await sleep(ms, AbortSignal.any([signal, early.signal]));
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
class BuildTimeoutError extends errors/* BakeError */.oU {
}
/** Reads the template until its last run reaches a final state. */
async function waitForBuild(client, options) {
    const schedule = options.schedule ?? new PollSchedule();
    let last = "";
    if (options.firstPollAfterMs)
        await sleep(options.firstPollAfterMs, options.signal);
    for (;;) {
        const snapshot = await client.snapshot(options.signal);
        const key = `${snapshot.status.runState ?? ""}/${snapshot.status.runSubState ?? ""}`;
        if (key !== last) {
            last = key;
            options.onChange(snapshot.status);
        }
        await options.onPoll?.(snapshot);
        if (snapshot.status.runState && TERMINAL_STATES.has(snapshot.status.runState))
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
            await sleep(wait, options.signal);
        }
    }
}

;// CONCATENATED MODULE: ./.build/src/core/run/image-template-client.js


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
        const wait = asked ? Math.min(asked, DEFAULT_RETRY.maxRetryAfterMs) : fast;
        if (wait)
            await sleep(wait, abortSignal);
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
        return this.submitAction(() => this.ops.run(this.resourceGroup, this.name, this.actionOptions(abortSignal)), (status) => status.runState !== undefined, DEFAULT_RETRY.maxTries, (attempt) => Math.min(DEFAULT_RETRY.maxDelayMs, DEFAULT_RETRY.firstDelayMs * 2 ** attempt), abortSignal);
    }
    async snapshot(abortSignal) {
        let wait;
        const template = await this.ops.get(this.resourceGroup, this.name, {
            abortSignal,
            onResponse: (response) => {
                wait = retryAfterMs(response.headers);
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
                const unsure = isConnectionFault(error) || isTransientStatus(status) || status === 409;
                if (!unsure || abortSignal.aborted)
                    throw error;
                if (done((await this.snapshot(abortSignal)).status))
                    return undefined;
                if (attempt >= maxTries)
                    throw error;
                await sleep(backoffMs(attempt), abortSignal);
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

// EXTERNAL MODULE: ./node_modules/@azure/identity/dist/esm/index.js + 155 modules
var identity_dist_esm = __webpack_require__(3952);
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
            credential = new identity_dist_esm/* ClientAssertionCredential */.XI(auth.tenantId, auth.clientId, async () => {
                const assertion = await auth.getAssertion(audience);
                mask(assertion);
                return assertion;
            }, options);
            break;
        }
        case "azure-pipelines":
            mask(auth.systemAccessToken);
            credential = new identity_dist_esm/* AzurePipelinesCredential */.QW(auth.tenantId, auth.clientId, auth.serviceConnectionId, auth.systemAccessToken, options);
            break;
        case "client-secret":
            mask(auth.clientSecret);
            credential = new identity_dist_esm/* ClientSecretCredential */.HC(auth.tenantId, auth.clientId, auth.clientSecret, options);
            break;
        case "client-certificate":
            mask(auth.certificatePem);
            credential = new identity_dist_esm/* ClientCertificateCredential */.m0(auth.tenantId, auth.clientId, { certificate: auth.certificatePem }, options);
            break;
        case "managed-identity":
            credential = auth.clientId
                ? new identity_dist_esm/* ManagedIdentityCredential */.NC({ clientId: auth.clientId })
                : new identity_dist_esm/* ManagedIdentityCredential */.NC();
            break;
        case "azure-cli":
            credential = new identity_dist_esm/* AzureCliCredential */.nG();
            break;
        case "environment":
            credential = process.env.AZURE_FEDERATED_TOKEN_FILE
                ? new identity_dist_esm/* WorkloadIdentityCredential */.R9(options)
                : new identity_dist_esm/* EnvironmentCredential */.lp(options);
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

;// CONCATENATED MODULE: ./.build/src/core/run/sign-in.js





/** Signs in with the pipeline's own identity and opens Resource Manager for the subscription. */
async function signIn(host, inputs) {
    const auth = host.authentication();
    const transport = new RetryingHttpClient((incident) => host.info(describeIncident(incident)), undefined, armActionsAreNotReplayed(inputs.cloud.resourceManagerEndpoint));
    const subscriptionId = inputs.subscriptionId ??
        (auth.kind === "azure-cli" ? await subscriptionFromAzureCli() : undefined);
    if (!subscriptionId) {
        throw new errors/* InputError */.dz("subscription-id", "is required: no subscription was given and none could be read from an az session. Give the subscription's ID.");
    }
    const cloud = await withResourceManagerAudience(inputs.cloud, transport, host.cancellation);
    const credential = createCredential(auth, cloud, (secret) => host.setSecret(secret), transport);
    return new ResourceManager(cloud, credential, subscriptionId, transport);
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

// EXTERNAL MODULE: ./.build/src/core/logs/log-analyzer.js + 2 modules
var log_analyzer = __webpack_require__(455);
// EXTERNAL MODULE: ./.build/src/core/logs/steps.js
var steps = __webpack_require__(9216);
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
            this.containers.push(new esm/* BlobServiceClient */.wS(endpoint, this.credential, storageClientOptions(this.arm.httpClient)).getContainerClient(LOG_CONTAINER));
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
            await sleep(LOG_INTERVAL_MS, until).catch(() => undefined);
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
    return error instanceof ArmError && (error.status === 404 || /NotFound$/.test(error.code));
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
;// CONCATENATED MODULE: ./.build/src/core/run/real-run.js














/** Longest wait between polls of creating or deleting a template (they start at a quarter second). */
const SDK_POLL_MS = 5_000;
const CLIENT_MARGIN_MS = 15 * 60_000;
const SAS_MARGIN_MS = 30 * 60_000;
/**
 * GitHub and the Azure Pipelines agent send SIGTERM 7.5 s after SIGINT: the main step's
 * cancel and cleanup fit inside it. What it cannot finish there (Image Builder keeps a cancelled
 * build Canceling for tens of seconds) is left to the cleanup phase, which runs within the
 * job's cancel timeout (5 minutes by default), so it gets a little less than that.
 */
const CANCEL_REQUEST_MS = 2_500;
const CANCEL_CLEANUP_MS = 4_000;
const LATER_CLEANUP_MS = 270_000;
const CLEANUP_STATE = "cleanup";
const PROGRESS = {
    Queued: 5,
    Building: 15,
    Customizing: 30,
    Optimizing: 60,
    Validating: 70,
    Distributing: 80,
};
class CancelledError extends errors/* BakeError */.oU {
}
function formatElapsed(ms) {
    const s = Math.round(ms / 1000);
    return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`;
}
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
function isOurs(template, ctx, step) {
    const tags = template.tags ?? {};
    return (tags[naming/* TAG */.Dk.repository] === ctx.repository &&
        tags[naming/* TAG */.Dk.runId] === ctx.runId &&
        tags[naming/* TAG */.Dk.step] === step);
}
/**
 * A template of this step left by an interrupted earlier try (same name) or an earlier
 * attempt of this run (tags) is removed; any other template of the same name is not ours to touch.
 */
async function removeLeftovers(arm, client, rendered, ctx, host, signal) {
    const step = rendered.names.provenanceTags[naming/* TAG */.Dk.step];
    for await (const t of arm.imageBuilder.virtualMachineImageTemplates.listByResourceGroup(client.resourceGroup, { abortSignal: signal })) {
        const sameName = t.name?.toLowerCase() === client.name.toLowerCase();
        if (sameName && !isOurs(t, ctx, step)) {
            throw new errors/* BakeError */.oU(`An image template named ${client.name} already exists in resource group ${client.resourceGroup} and was not made by this step of this run (its tags name repository '${t.tags?.[naming/* TAG */.Dk.repository] ?? "none"}', run '${t.tags?.[naming/* TAG */.Dk.runId] ?? "none"}'). Delete it, or run in another resource group.`);
        }
        if (!isOurs(t, ctx, step))
            continue;
        const leftover = new ImageTemplateClient(arm, client.resourceGroup, t.name, SDK_POLL_MS);
        host.info(`Removing image template ${t.name}, left by an interrupted earlier try of this step (attempt ${t.tags?.[naming/* TAG */.Dk.runAttempt] ?? "?"}).`);
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
        await sleep(Math.min(firstLookAfterMs, budgetMs), signal);
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
            if (state && !TERMINAL_STATES.has(state) && Date.now() <= until) {
                await sleep(Math.max(asked ?? 0, 500), signal);
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
            await sleep(500, signal);
        }
    }
}
async function realRun(host, inputs) {
    const ctx = host.runContext();
    const signal = host.cancellation;
    const started = Date.now();
    const arm = await signIn(host, inputs);
    const account = inputs.stagingStorageAccount
        ? await resolveStagingAccount(arm, inputs.stagingStorageAccount, inputs.resourceGroup, signal)
        : undefined;
    const rendered = await (0,render_template/* renderTemplate */.Xm)(inputs, ctx, {
        blobEndpoint: account?.blobEndpoint,
        deferHashesFrom: HASH_WHILE_UPLOADING_FROM,
    });
    (0,render_template/* announceRendered */.XY)(host, rendered);
    try {
        await preflight(arm, inputs, rendered, signal, (m) => host.debug(m));
    }
    catch (error) {
        rendered.dispose();
        throw error;
    }
    const client = new ImageTemplateClient(arm, inputs.resourceGroup, rendered.names.templateName, SDK_POLL_MS);
    const staging = account && rendered.artifacts.length
        ? new BlobStaging(account, arm.credential, inputs.stagingContainer, arm.httpClient)
        : undefined;
    // Only what this step created is ever removed: recorded before each creation, so a crash
    // in between leaves the post step something to look for, and never someone else's template.
    const state = {
        resourceGroup: inputs.resourceGroup,
        templateName: client.name,
        createdTemplate: false,
    };
    const record = () => host.saveState(CLEANUP_STATE, JSON.stringify(state));
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
        const leftovers = removeLeftovers(arm, client, rendered, ctx, host, signal);
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
        buildOver = final.status.runState !== undefined && TERMINAL_STATES.has(final.status.runState);
        succeeded = await finish(host, client, rendered, final, analysis, logUrl, signal);
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
        if (inputs.keepOnFailure && !succeeded && !signal.aborted) {
            host.info(`keep-on-failure: kept image template ${client.id}${state.staging ? ` and the staged files under ${state.staging.container}/${state.staging.prefix} in ${state.staging.account.name}` : ""} for debugging. Delete them when done.`);
            host.saveState(CLEANUP_STATE, "");
        }
        else if (state.createdTemplate || state.staging) {
            left = await cleanUp(host, arm, state, signal.aborted ? CANCEL_CLEANUP_MS : 300_000, {
                buildOver,
                laterPhase: signal.aborted ? host.cleanupPhase : undefined,
                firstLookAfterMs: cancelAskedMs,
            });
            host.saveState(CLEANUP_STATE, left ? JSON.stringify(left) : "");
        }
    }
    if (cancelled) {
        throw new CancelledError(describeCancellation(runStarted, state, left, host.cleanupPhase), {
            cause: cancelled.cause,
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
function reportProgress(host, status, elapsedMs) {
    const label = status.runSubState ?? status.runState ?? "Unknown";
    host.info(`[${formatElapsed(elapsedMs)}] ${status.runState ?? "?"}${status.runSubState ? ` / ${status.runSubState}` : ""}`);
    host.progress(status.runState && TERMINAL_STATES.has(status.runState) ? 100 : (PROGRESS[label] ?? 1), label);
}
/**
 * Sets the outputs and the job summary. A failed or partial build fails the step with one
 * annotation: the failing customizer and the log lines that say why (pointing at the
 * repository script when there is one), then the service's own message.
 */
async function finish(host, client, rendered, final, analysis, logUrl, signal) {
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
    const refusal = (0,azure_errors/* refusalIn */.c3)(final.status.message ?? "");
    const identities = Object.keys(rendered.body.identity
        ?.userAssignedIdentities ?? {});
    // Inside the build Image Builder acts as the template's identity, not the pipeline's.
    const hint = refusal
        ? `\n${(0,azure_errors/* describeRefusal */.a2)(`The template's identity${identities[0] ? ` ${identities[0]}` : ""}`, refusal)}`
        : "";
    const message = withoutQueryStrings(final.status.message ?? "Image Builder gave no reason.") + hint;
    if (runState === "PartiallySucceeded")
        throw new errors/* BakeError */.oU(`The build partially succeeded: ${message}`);
    if (runState === "Canceled")
        throw new errors/* BakeError */.oU(`The build was cancelled: ${message}`);
    const failure = analysis.failure;
    if (!failure)
        throw new errors/* BakeError */.oU(`The build failed: ${message}`);
    const where = failure.step.type !== null ? (0,steps/* describeStep */.Ey)(failure.step) : `the ${failure.phase} phase`;
    throw new errors/* BakeError */.oU([
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
/**
 * Deletes the template and the staged files. Problems become warnings naming what is left,
 * never the step's result; with `laterPhase` (a cancelled main step) what is left is handed to
 * that phase instead, without a warning. Returns what is left, or undefined when nothing is.
 */
async function cleanUp(host, arm, state, budgetMs, options = {}) {
    const { buildOver = false, laterPhase, firstLookAfterMs } = options;
    const signal = AbortSignal.timeout(budgetMs);
    const left = { ...state, createdTemplate: false, staging: undefined };
    const client = new ImageTemplateClient(arm, state.resourceGroup, state.templateName, SDK_POLL_MS);
    const [templateResult, blobResult] = await Promise.allSettled([
        state.createdTemplate
            ? removeTemplate(client, signal, budgetMs, buildOver, firstLookAfterMs)
            : Promise.resolve(false),
        state.staging
            ? new BlobStaging(state.staging.account, arm.credential, state.staging.container, arm.httpClient).deletePrefix(state.staging.prefix, signal)
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
 * The safety net behind a killed main step (GitHub's post step): removes what the main
 * phase recorded and did not clean up itself.
 */
async function cleanUpLeftState(host, inputs) {
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
    const arm = await signIn(host, inputs);
    const left = await cleanUp(host, arm, state, LATER_CLEANUP_MS);
    host.saveState(CLEANUP_STATE, left ? JSON.stringify(left) : "");
}


/***/ })

};
