export const id = 73;
export const ids = [73];
export const modules = {

/***/ 7701:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  dW: () => (/* binding */ ArmError),
  Qh: () => (/* binding */ ResourceManager),
  ov: () => (/* binding */ armErrorOf),
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
    /**
     * GETs one resource. `query` adds parameters such as `$filter`; a listing's later pages
     * (nextLink) are for `list`.
     */
    async get(resourcePath, apiVersion, abortSignal, query) {
        const extra = Object.entries(query ?? {})
            .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
            .join("");
        const url = `${this.cloud.resourceManagerEndpoint}${resourcePath}?api-version=${apiVersion}${extra}`;
        return this.getUrl(url, resourcePath, abortSignal);
    }
    /** Every item of a listing answered as `{ value, nextLink }`, following the pages. */
    async list(resourcePath, apiVersion, abortSignal, query) {
        const items = [];
        let page = await this.get(resourcePath, apiVersion, abortSignal, query);
        for (let pages = 1;; pages++) {
            items.push(...(page.value ?? []));
            // A listing that keeps answering a next page is cut off rather than followed forever.
            if (!page.nextLink || pages >= 100)
                return items;
            page = await this.getUrl(page.nextLink, resourcePath, abortSignal);
        }
    }
    async getUrl(url, resourcePath, abortSignal) {
        const response = await this.send("GET", url, abortSignal);
        if (response.status >= 400)
            throw armErrorOf(response, resourcePath);
        return response.body;
    }
    /**
     * One request to a full Resource Manager URL (a resource, a nextLink, an operation to poll),
     * answered as it came: the caller decides what each status means.
     */
    async send(method, url, abortSignal) {
        const request = (0,esm/* createPipelineRequest */.G6)({
            url,
            method,
            headers: (0,esm/* createHttpHeaders */.Nc)({ accept: "application/json" }),
            abortSignal,
        });
        const response = await this.pipeline.sendRequest(this.httpClient, request);
        const body = response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined;
        return { status: response.status, headers: response.headers, body };
    }
}
/** The ArmError of an answer of 400 or more, in Resource Manager's words. */
function armErrorOf(answer, resourcePath) {
    const error = answer.body?.error;
    return new ArmError(answer.status, error?.code ?? `HTTP${answer.status}`, error?.message ?? `Resource Manager answered ${answer.status}`, resourcePath);
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


/***/ })

};
