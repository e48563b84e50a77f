export const id = 592;
export const ids = [592];
export const modules = {

/***/ 592:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  signIn: () => (/* binding */ signIn)
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


/***/ })

};
