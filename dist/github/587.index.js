export const id = 587;
export const ids = [587];
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

/***/ 2587:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commentChangePreview: () => (/* binding */ commentChangePreview)
/* harmony export */ });
/* unused harmony exports previewMarker, previewMarkdown */
/* harmony import */ var _template_render_template_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1636);
/* harmony import */ var _find_same_image_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6220);
/* harmony import */ var _fingerprint_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4712);
/* harmony import */ var _pin_source_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2497);




/** The hidden line a later run finds its own comment by. */
function previewMarker(stepKey) {
    return `<!-- bake-azure-image:${stepKey} -->`;
}
/** The comment's markdown: platform-neutral, from the rendered template and the lookup. */
function previewMarkdown(rendered, preview) {
    const files = new Map(rendered.artifacts.map((a) => [a.source.relativePath, a]));
    const customizers = rendered.customizers.map((c) => {
        const file = c.sourceFile ? files.get(c.sourceFile) : undefined;
        return `| ${c.index + 1} | ${c.type} | ${c.name ? `\`${c.name}\`` : ""} | ${c.sourceFile ? `\`${c.sourceFile}\`` : ""} | ${file ? `\`${file.sha256}\`` : ""} |`;
    });
    const existing = preview.existing
        ? [
            "**An image with this fingerprint already exists** in every target; a build with `if-unchanged: skip` reuses it and builds nothing:",
            "",
            ...preview.existing.map((e) => `- \`${e.id}\``),
        ]
        : [
            preview.source.pinned
                ? "**No image with this fingerprint exists** yet: a build makes a new one."
                : "The source's latest version could not be resolved, so no image can be matched: a build makes a new one.",
        ];
    return [
        previewMarker(preview.stepKey),
        `### bake-azure-image: what this pull request would build`,
        "",
        `Fingerprint: \`${preview.fingerprint}\``,
        `Source version: ${preview.source.version ? `\`${preview.source.version}\`` : "not resolved"}`,
        "",
        ...existing,
        "",
        "| # | Customizer | Name | File | sha256 |",
        "|---|---|---|---|---|",
        ...customizers,
        "",
        `<details><summary>Rendered template</summary>`,
        "",
        "```json",
        (0,_template_render_template_js__WEBPACK_IMPORTED_MODULE_0__/* .shownTemplate */ .cz)(rendered, 2),
        "```",
        "",
        "</details>",
        "",
        `<sub>[Dry run](${preview.runUrl}) on ${preview.commitSha.slice(0, 12)}; updated by each run of this step.</sub>`,
        "",
    ].join("\n");
}
/**
 * A dry run with comment on a pull request: pins the source and fingerprints the template as
 * a real run would, looks for an image already built from the same inputs, and puts it all
 * in one comment on the pull request, updated in place by later runs.
 */
async function commentChangePreview(host, inputs, rendered) {
    if (!inputs.comment || !host.pullRequest || !host.commentOnPullRequest)
        return;
    const pullRequest = host.pullRequest();
    if (pullRequest === undefined) {
        host.info(`${host.inputDisplayName("comment")}: this run is not for a pull request; no comment is posted.`);
        return;
    }
    const { signIn } = await Promise.all(/* import() */[__webpack_require__.e(952), __webpack_require__.e(592)]).then(__webpack_require__.bind(__webpack_require__, 592));
    const arm = await signIn(host, inputs);
    const signal = host.cancellation;
    const source = await (0,_pin_source_js__WEBPACK_IMPORTED_MODULE_3__/* .pinSourceVersion */ .b)(arm, rendered.body, signal, (m) => host.debug(m));
    const fingerprint = (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_2__/* .imageFingerprint */ .IM)(rendered);
    (0,_fingerprint_js__WEBPACK_IMPORTED_MODULE_2__/* .tagWithFingerprint */ .Jw)(rendered.body, fingerprint);
    host.info(`Image fingerprint: ${fingerprint}`);
    host.setOutput("fingerprint", fingerprint);
    if (source.version)
        host.setOutput("source-image-version", source.version);
    const existing = source.pinned
        ? await (0,_find_same_image_js__WEBPACK_IMPORTED_MODULE_1__/* .findSameImage */ .Xt)(arm, rendered.body, fingerprint, signal)
        : undefined;
    const { stepKey, runUrl, commitSha } = host.runContext();
    const body = previewMarkdown(rendered, {
        stepKey,
        fingerprint,
        source,
        existing,
        runUrl,
        commitSha,
    });
    const result = await host.commentOnPullRequest(pullRequest, previewMarker(stepKey), body);
    if (result === "forbidden") {
        host.annotate("warning", {
            title: "comment",
            message: `Could not comment on pull request #${pullRequest}: the job's token may not write to pull requests. Add \`permissions: pull-requests: write\` to the job or workflow.`,
        });
        return;
    }
    host.info(`${result === "created" ? "Commented on" : "Updated the comment on"} pull request #${pullRequest}.`);
}


/***/ }),

/***/ 6220:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Xt: () => (/* binding */ findSameImage)
/* harmony export */ });
/* unused harmony exports isReusableVersion, requestedRegions */
/* harmony import */ var _azure_arm_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7701);
/* harmony import */ var _fingerprint_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(4712);
/* harmony import */ var _gallery_versions_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(7830);
/* harmony import */ var _version_order_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9481);




const IMAGES_API = "2024-07-01";
/**
 * A gallery version can stand in for this run's build when it carries our fingerprint, was
 * published, and reached every region this run would replicate to.
 */
function isReusableVersion(version, fingerprint, regions) {
    if (version.tags?.[_fingerprint_js__WEBPACK_IMPORTED_MODULE_1__/* .FINGERPRINT_TAG */ .AZ] !== fingerprint)
        return false;
    if ((version.properties?.provisioningState ?? "") !== "Succeeded")
        return false;
    const reached = new Set((version.properties?.publishingProfile?.targetRegions ?? []).map((r) => (0,_version_order_js__WEBPACK_IMPORTED_MODULE_2__/* .regionKey */ .Un)(r.name ?? "")));
    return regions.every((r) => reached.has((0,_version_order_js__WEBPACK_IMPORTED_MODULE_2__/* .regionKey */ .Un)(r)));
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
            const { definitionId, version: asked } = (0,_gallery_versions_js__WEBPACK_IMPORTED_MODULE_3__/* .splitVersionId */ .iq)(d.galleryImageId);
            const regions = requestedRegions(d, body.location);
            const reusable = (await readOr((0,_gallery_versions_js__WEBPACK_IMPORTED_MODULE_3__/* .listGalleryVersions */ .Gm)(arm, definitionId, signal), [])).filter((v) => isReusableVersion(v, fingerprint, regions));
            // The version asked for when it is one of them, else the highest.
            const best = reusable.find((v) => asked && v.name === asked) ??
                reusable.sort((a, b) => (0,_version_order_js__WEBPACK_IMPORTED_MODULE_2__/* .compareVersions */ .Zy)(b.name, a.name))[0];
            return best && { kind: "gallery", runOutputName, id: best.id };
        }
        if (d.type === "ManagedImage" && typeof d.imageId === "string") {
            const image = await readOr(arm.get(d.imageId, IMAGES_API, signal), undefined);
            return image?.tags?.[_fingerprint_js__WEBPACK_IMPORTED_MODULE_1__/* .FINGERPRINT_TAG */ .AZ] === fingerprint &&
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
        if (error instanceof _azure_arm_js__WEBPACK_IMPORTED_MODULE_0__/* .ArmError */ .dW)
            return fallback;
        throw error;
    }
}


/***/ }),

/***/ 4712:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   AZ: () => (/* binding */ FINGERPRINT_TAG),
/* harmony export */   IM: () => (/* binding */ imageFingerprint),
/* harmony export */   Jw: () => (/* binding */ tagWithFingerprint)
/* harmony export */ });
/* unused harmony exports canonicalJson, fingerprintForm */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var _gallery_versions_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7830);
/* harmony import */ var _version_order_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9481);



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
        rest.galleryImageId = (0,_gallery_versions_js__WEBPACK_IMPORTED_MODULE_1__/* .splitVersionId */ .iq)(rest.galleryImageId).definitionId.toLowerCase();
    if (typeof rest.imageId === "string")
        rest.imageId = rest.imageId.toLowerCase();
    if (Array.isArray(rest.targetRegions))
        rest.targetRegions = rest.targetRegions
            .map((r) => ({ ...r, name: (0,_version_order_js__WEBPACK_IMPORTED_MODULE_2__/* .regionKey */ .Un)(r.name ?? "") }))
            .sort((a, b) => a.name.localeCompare(b.name));
    if (Array.isArray(rest.replicationRegions))
        rest.replicationRegions = rest.replicationRegions.map(_version_order_js__WEBPACK_IMPORTED_MODULE_2__/* .regionKey */ .Un).sort();
    return rest;
}
/** sha256 over the canonical form: everything that decides the image, nothing of the run. */
function imageFingerprint(input) {
    return (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)("sha256")
        .update(canonicalJson(fingerprintForm(input)))
        .digest("hex");
}
/** Every artifact and the template carry the fingerprint, so a later run can find the image. */
function tagWithFingerprint(body, fingerprint) {
    body.tags = { ...(body.tags ?? {}), [FINGERPRINT_TAG]: fingerprint };
    for (const d of (body.properties.distribute ?? []))
        d.artifactTags = { ...(d.artifactTags ?? {}), [FINGERPRINT_TAG]: fingerprint };
}


/***/ }),

/***/ 7830:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Gm: () => (/* binding */ listGalleryVersions),
/* harmony export */   iq: () => (/* binding */ splitVersionId)
/* harmony export */ });
/* unused harmony export GALLERY_API */
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


/***/ }),

/***/ 2497:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   b: () => (/* binding */ pinSourceVersion)
/* harmony export */ });
/* harmony import */ var _azure_arm_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7701);
/* harmony import */ var _gallery_versions_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7830);
/* harmony import */ var _version_order_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(9481);



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
            const newest = (0,_version_order_js__WEBPACK_IMPORTED_MODULE_1__/* .highest */ .BR)(listed, (v) => v.name);
            if (!newest)
                return unresolved(debug, `no versions are listed for ${path}`);
            properties.source = { ...source, version: newest.name };
            return { version: newest.name, pinned: true };
        }
        if (source.type === "SharedImageVersion") {
            const { definitionId, version } = (0,_gallery_versions_js__WEBPACK_IMPORTED_MODULE_2__/* .splitVersionId */ .iq)(source.imageVersionId);
            if (version?.toLowerCase() !== "latest")
                return { version, pinned: true };
            // "latest" of a gallery definition: the highest version not excluded from latest.
            const candidates = (await (0,_gallery_versions_js__WEBPACK_IMPORTED_MODULE_2__/* .listGalleryVersions */ .Gm)(arm, definitionId, signal)).filter((v) => !v.properties?.publishingProfile?.excludeFromLatest &&
                (v.properties?.provisioningState ?? "Succeeded") === "Succeeded");
            const newest = (0,_version_order_js__WEBPACK_IMPORTED_MODULE_1__/* .highest */ .BR)(candidates, (v) => v.name);
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
        if (!(error instanceof _azure_arm_js__WEBPACK_IMPORTED_MODULE_0__/* .ArmError */ .dW))
            throw error;
        return unresolved(debug, error.message);
    }
}
/** Image Builder resolves `latest` itself then; the run builds, as nothing proves it unchanged. */
function unresolved(debug, why) {
    debug(`The source's latest version could not be resolved before the build (${why}); it is left to Image Builder, and no earlier image is reused.`);
    return { pinned: false };
}


/***/ })

};
