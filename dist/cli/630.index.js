export const id = 630;
export const ids = [630];
export const modules = {

/***/ 6630:
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
// EXTERNAL MODULE: ./.build/src/core/template/render-template.js + 10 modules
var render_template = __webpack_require__(8145);
// EXTERNAL MODULE: ./node_modules/@azure/storage-blob/dist/esm/index.js + 145 modules
var esm = __webpack_require__(4778);
// EXTERNAL MODULE: ./node_modules/@azure/core-rest-pipeline/dist/esm/index.js + 37 modules
var dist_esm = __webpack_require__(1818);
// EXTERNAL MODULE: ./node_modules/@azure/arm-imagebuilder/dist/esm/index.js + 34 modules
var arm_imagebuilder_dist_esm = __webpack_require__(3924);
;// CONCATENATED MODULE: ./.build/src/core/azure/arm.js


const USER_AGENT = "bake-azure-image";
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
    pipeline;
    httpClient = (0,dist_esm/* createDefaultHttpClient */.fl)();
    imageBuilder;
    constructor(cloud, credential, subscriptionId) {
        this.cloud = cloud;
        this.credential = credential;
        this.subscriptionId = subscriptionId;
        const scope = `${cloud.resourceManagerAudience}/.default`;
        this.pipeline = (0,dist_esm/* createPipelineFromOptions */.Fp)({
            userAgentOptions: { userAgentPrefix: USER_AGENT },
        });
        this.pipeline.addPolicy((0,dist_esm/* bearerTokenAuthenticationPolicy */.N$)({ credential, scopes: scope }));
        this.imageBuilder = new arm_imagebuilder_dist_esm/* ImageBuilderClient */.Us(credential, subscriptionId, {
            endpoint: cloud.resourceManagerEndpoint,
            credentials: { scopes: [scope] },
            userAgentOptions: { userAgentPrefix: USER_AGENT },
        });
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
/**
 * Staged files in the staging account, reached with the pipeline's own Entra ID token: never
 * an account key. Image Builder reads them through a user-delegation SAS or its identity.
 */
class BlobStaging {
    service;
    container;
    constructor(account, credential, containerName) {
        this.service = new esm/* BlobServiceClient */.wS(account.blobEndpoint, credential, {
            userAgentOptions: { userAgentPrefix: USER_AGENT },
        });
        this.container = this.service.getContainerClient(containerName);
    }
    async upload(artifacts, abortSignal, onUploaded) {
        await this.container.createIfNotExists({ abortSignal });
        for (const artifact of artifacts) {
            await this.container.getBlockBlobClient(artifact.blobName).uploadFile(artifact.uploadPath, {
                abortSignal,
                blockSize: BLOCK_SIZE,
                concurrency: CONCURRENCY,
                metadata: { sha256: artifact.sha256 },
                blobHTTPHeaders: { blobContentType: contentType(artifact.blobName) },
            });
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

;// CONCATENATED MODULE: ./.build/src/core/run/image-template-client.js
function isNotFound(error) {
    const e = error;
    return e?.statusCode === 404 || e?.code === "ResourceNotFound" || e?.code === "NotFound";
}
/** Resource Manager sends `retry-after-ms`, `x-ms-retry-after-ms` or `Retry-After` in seconds. */
function retryAfterMs(headers) {
    for (const name of ["retry-after-ms", "x-ms-retry-after-ms"]) {
        const value = Number(headers.get(name));
        if (headers.get(name) !== undefined && Number.isFinite(value) && value >= 0)
            return value;
    }
    const retryAfter = headers.get("retry-after");
    if (retryAfter === undefined)
        return undefined;
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds))
        return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
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
        });
        return poller.pollUntilDone({ abortSignal });
    }
    /** Starts the build and returns once Image Builder accepted it; progress is read with `snapshot`. */
    async startRun(abortSignal) {
        const poller = this.ops.run(this.resourceGroup, this.name, {
            updateIntervalInMs: this.pollIntervalMs,
            abortSignal,
        });
        await poller.submitted();
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
    async requestCancel(abortSignal) {
        const poller = this.ops.cancel(this.resourceGroup, this.name, {
            updateIntervalInMs: this.pollIntervalMs,
            abortSignal,
        });
        await poller.submitted();
    }
    /** Deletes the template (Image Builder also removes the staging resource group it made). */
    async delete(abortSignal) {
        try {
            await this.ops
                .delete(this.resourceGroup, this.name, { updateIntervalInMs: this.pollIntervalMs })
                .pollUntilDone({ abortSignal });
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
function createCredential(auth, cloud, mask) {
    // Outside the public clouds there is no instance discovery endpoint to ask, and asking
    // the public one would leave the cloud the pipeline runs in.
    const options = {
        authorityHost: cloud.authorityHost,
        disableInstanceDiscovery: cloud.name === "custom",
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

;// CONCATENATED MODULE: ./.build/src/core/run/sign-in.js



/** Signs in with the pipeline's own identity and opens Resource Manager for the subscription. */
async function signIn(host, inputs) {
    const auth = host.authentication();
    const credential = createCredential(auth, inputs.cloud, (secret) => host.setSecret(secret));
    const subscriptionId = inputs.subscriptionId ??
        (auth.kind === "azure-cli" ? await subscriptionFromAzureCli() : undefined);
    if (!subscriptionId) {
        throw new errors/* InputError */.dz("subscription-id", "is required: no subscription was given and none could be read from an az session. Give the subscription's ID.");
    }
    return new ResourceManager(inputs.cloud, credential, subscriptionId);
}

;// CONCATENATED MODULE: ./.build/src/core/run/wait-for-build.js

const TERMINAL_STATES = new Set(["Succeeded", "PartiallySucceeded", "Failed", "Canceled"]);
/**
 * Poll intervals when Resource Manager does not say: a few seconds at first, when states
 * change quickly, growing to half a minute for the long middle of a build.
 */
class PollSchedule {
    firstMs;
    maxMs;
    factor;
    next;
    constructor(firstMs = 5_000, maxMs = 30_000, factor = 1.5) {
        this.firstMs = firstMs;
        this.maxMs = maxMs;
        this.factor = factor;
        this.next = firstMs;
    }
    take() {
        const now = this.next;
        this.next = Math.min(this.maxMs, Math.round(this.next * this.factor));
        return now;
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
        await sleep(snapshot.retryAfterMs ?? planned, options.signal);
    }
}

;// CONCATENATED MODULE: ./.build/src/core/run/build-log-echo.js
/** `[<operation-id>] ` and `PACKER OUT ` say nothing a reader of the job log needs. */
const PREFIX = /^(?:\[[0-9a-fA-F-]{8,}\] )?(PACKER OUT |PACKER ERR )?/;
/**
 * Shows customization.log in the job log as it grows: whole lines only, in one collapsed
 * group per read, Packer's own `PACKER ERR` chatter only at log-level verbose.
 */
class BuildLogEcho {
    host;
    level;
    partial = "";
    warned = false;
    lines = 0;
    constructor(host, level) {
        this.host = host;
        this.level = level;
    }
    onText = (text) => {
        const lines = (this.partial + text).split(/\r?\n/);
        this.partial = lines.pop() ?? "";
        this.show(lines);
    };
    /** The last line, when the log ended without a newline. */
    flush() {
        if (this.partial)
            this.show([this.partial]);
        this.partial = "";
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
    show(lines) {
        if (this.level === "quiet")
            return;
        const shown = [];
        for (const raw of lines) {
            const m = PREFIX.exec(raw);
            if (m[1] === "PACKER ERR " && this.level !== "verbose")
                continue;
            shown.push(raw.slice(m[0].length));
        }
        if (!shown.length)
            return;
        this.lines += shown.length;
        this.host.startGroup(`customization.log (${shown.length} line${shown.length === 1 ? "" : "s"})`);
        for (const line of shown)
            this.host.info(line);
        this.host.endGroup();
    }
}

;// CONCATENATED MODULE: ./.build/src/core/run/build-log-tail.js


const build_log_tail_STORAGE_API_VERSION = "2023-05-01";
const LOG_CONTAINER = "packerlogs";
const LOG_NAME = /\/customization\.log$/;
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
    async poll(stagingResourceGroupId, signal) {
        if (this.stopped || !stagingResourceGroupId)
            return;
        try {
            this.blob ??= await this.locate(stagingResourceGroupId, signal);
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
        await this.poll(stagingResourceGroupId, signal);
        const rest = this.decoder.decode();
        if (rest)
            this.onText(rest);
    }
    async locate(stagingResourceGroupId, signal) {
        const accounts = await this.arm.get(`${stagingResourceGroupId}/providers/Microsoft.Storage/storageAccounts`, build_log_tail_STORAGE_API_VERSION, signal);
        for (const account of accounts.value ?? []) {
            const endpoint = account.properties?.primaryEndpoints?.blob;
            if (!endpoint)
                continue;
            const container = new esm/* BlobServiceClient */.wS(endpoint, this.credential, {
                userAgentOptions: { userAgentPrefix: USER_AGENT },
            }).getContainerClient(LOG_CONTAINER);
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

// EXTERNAL MODULE: ./.build/src/core/logs/log-analyzer.js + 2 modules
var log_analyzer = __webpack_require__(455);
// EXTERNAL MODULE: ./.build/src/core/logs/steps.js
var steps = __webpack_require__(9216);
// EXTERNAL MODULE: ./.build/src/core/logs/summary.js + 1 modules
var summary = __webpack_require__(6855);
;// CONCATENATED MODULE: ./.build/src/core/run/real-run.js














/** Poll interval of the SDK's own pollers (create, delete), unless Resource Manager says otherwise. */
const SDK_POLL_MS = 2_000;
const CLIENT_MARGIN_MS = 15 * 60_000;
const SAS_MARGIN_MS = 30 * 60_000;
/** GitHub sends SIGTERM 7.5 s after SIGINT: cancelling and cleaning up must fit inside it. */
const CANCEL_REQUEST_MS = 2_500;
const CANCEL_CLEANUP_MS = 4_000;
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
async function removeTemplate(client, signal, budgetMs) {
    const until = Date.now() + budgetMs;
    let cancelled = false;
    for (;;) {
        const current = await client.find(signal);
        if (!current)
            return false;
        const state = current.lastRunStatus?.runState;
        if (state === "Running" && !cancelled) {
            await client.requestCancel(signal);
            cancelled = true;
        }
        if (!state || TERMINAL_STATES.has(state) || Date.now() > until)
            return client.delete(signal);
        await sleep(500, signal);
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
    const rendered = await (0,render_template/* renderTemplate */.Xm)(inputs, ctx, { blobEndpoint: account?.blobEndpoint });
    const client = new ImageTemplateClient(arm, inputs.resourceGroup, rendered.names.templateName, SDK_POLL_MS);
    const staging = account && rendered.artifacts.length
        ? new BlobStaging(account, arm.credential, inputs.stagingContainer)
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
    host.setOutput("template", JSON.stringify(rendered.body));
    let runStarted = false;
    let succeeded = false;
    try {
        if (staging) {
            state.staging = {
                account: account,
                container: inputs.stagingContainer,
                prefix: rendered.names.stagingPrefix,
            };
            record();
            await host.group(`Staging ${rendered.artifacts.length} file(s) in ${account.name}/${inputs.stagingContainer}/${rendered.names.stagingPrefix}`, () => staging.upload(rendered.artifacts, signal, (a) => host.info(`${a.source.relativePath}${a.archive ? ` (${a.archive})` : ""}: ${a.size} bytes, sha256 ${a.sha256}`)));
        }
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
        await removeLeftovers(arm, client, rendered, ctx, host, signal);
        state.createdTemplate = true;
        record();
        await host.group(`Creating image template ${client.name} in ${inputs.resourceGroup}`, async () => {
            host.info(JSON.stringify(rendered.body, null, 2));
            await client.create(body, signal);
        });
        await client.startRun(signal);
        runStarted = true;
        host.info(`Build started; Image Builder may take a while. Timeout: ${buildMinutes} minutes.`);
        const echo = new BuildLogEcho(host, inputs.logLevel);
        const analyzer = new log_analyzer/* LogAnalyzer */.R(rendered.customizers);
        const tail = new BuildLogTail(arm, arm.credential, (text) => {
            echo.onText(text);
            analyzer.consumeQuietly(text);
        }, echo.onProblem);
        const final = await waitForBuild(client, {
            deadline: Date.now() + buildMinutes * 60_000 + CLIENT_MARGIN_MS,
            signal,
            onChange: (status) => reportProgress(host, status, Date.now() - started),
            onPoll: (snapshot) => tail.poll(snapshot.template.exactStagingResourceGroup, signal),
        });
        await tail.drain(final.template.exactStagingResourceGroup, signal);
        echo.flush();
        analyzer.finishQuietly();
        succeeded = await finish(host, client, rendered, final, analyzer.result(), tail.url, signal);
    }
    catch (error) {
        if (runStarted && (signal.aborted || error instanceof BuildTimeoutError)) {
            await cancelBuild(host, client);
        }
        if (signal.aborted)
            throw new CancelledError("The step was cancelled: the build was cancelled and what this step created is being removed.", { cause: error });
        throw error;
    }
    finally {
        rendered.dispose();
        if (inputs.keepOnFailure && !succeeded && !signal.aborted) {
            host.info(`keep-on-failure: kept image template ${client.id}${state.staging ? ` and the staged files under ${state.staging.container}/${state.staging.prefix} in ${state.staging.account.name}` : ""} for debugging. Delete them when done.`);
            host.saveState(CLEANUP_STATE, "");
        }
        else if (state.createdTemplate || state.staging) {
            const clean = await cleanUp(host, arm, state, signal.aborted ? CANCEL_CLEANUP_MS : 300_000);
            if (clean)
                host.saveState(CLEANUP_STATE, "");
        }
    }
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
    await host.appendSummary((0,summary/* summaryMarkdown */.e)({
        title: `bake-azure-image: ${client.name}`,
        runStatus: runState,
        outputs,
        analysis,
        logUrl: logUrl && withoutQueryStrings(logUrl),
    }));
    if (runState === "Succeeded")
        return true;
    const message = withoutQueryStrings(final.status.message ?? "Image Builder gave no reason.");
    if (runState === "PartiallySucceeded")
        throw new errors/* BakeError */.oU(`The build partially succeeded: ${message}`);
    if (runState === "Canceled")
        throw new errors/* BakeError */.oU(`The build was cancelled: ${message}`);
    const failure = analysis.failure;
    if (!failure)
        throw new errors/* BakeError */.oU(`The build failed: ${message}`);
    const where = failure.step.index !== null || failure.step.deprovisioning
        ? (0,steps/* describeStep */.Ey)(failure.step)
        : `the ${failure.phase} phase`;
    throw new errors/* BakeError */.oU([
        `The build failed in ${where}: ${failure.reason}`,
        ...failure.excerpt.map((l) => `  ${l}`),
        "",
        `Image Builder: ${message}`,
    ].join("\n"), {
        file: failure.step.sourceFile ?? undefined,
        line: failure.scriptLine ?? undefined,
        title: "Image build failed",
    });
}
async function cancelBuild(host, client) {
    const signal = AbortSignal.timeout(CANCEL_REQUEST_MS);
    try {
        host.info(`Cancelling the build of ${client.name}…`);
        await client.requestCancel(signal);
    }
    catch (error) {
        host.annotate("warning", {
            message: `Could not cancel the build of ${client.name}: ${error.message}`,
        });
    }
}
/**
 * Deletes the template and the staged files. Problems become warnings naming what is left,
 * never the step's result. Returns true when nothing is left.
 */
async function cleanUp(host, arm, state, budgetMs) {
    const signal = AbortSignal.timeout(budgetMs);
    let clean = true;
    const client = new ImageTemplateClient(arm, state.resourceGroup, state.templateName, SDK_POLL_MS);
    const [templateResult, blobResult] = await Promise.allSettled([
        state.createdTemplate ? removeTemplate(client, signal, budgetMs) : Promise.resolve(false),
        state.staging
            ? new BlobStaging(state.staging.account, arm.credential, state.staging.container).deletePrefix(state.staging.prefix, signal)
            : Promise.resolve(0),
    ]);
    if (templateResult.status === "rejected") {
        clean = false;
        host.annotate("warning", {
            message: `Cleanup: the image template ${client.id} could not be deleted (${templateResult.reason.message}). Delete it by hand.`,
        });
    }
    else if (templateResult.value) {
        host.info(`Deleted image template ${client.name}.`);
    }
    if (blobResult.status === "rejected") {
        clean = false;
        host.annotate("warning", {
            message: `Cleanup: the staged files under ${state.staging.container}/${state.staging.prefix} in ${state.staging.account.name} could not be deleted (${blobResult.reason.message}).`,
        });
    }
    else if (blobResult.value) {
        host.info(`Deleted ${blobResult.value} staged file(s).`);
    }
    return clean;
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
    host.info(`The main step did not finish its cleanup; removing image template ${state.templateName} and its staged files.`);
    const arm = await signIn(host, inputs);
    await cleanUp(host, arm, state, 300_000);
}


/***/ })

};
