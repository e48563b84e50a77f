export const id = 275;
export const ids = [275];
export const modules = {

/***/ 9275:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runExistingTemplate: () => (/* binding */ runExistingTemplate)
/* harmony export */ });
/* harmony import */ var _cancel_build_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4510);
/* harmony import */ var _hand_over_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6955);
/* harmony import */ var _see_build_through_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6826);
/* harmony import */ var _staged_for_template_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9968);
/* harmony import */ var _template_as_found_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1877);
/* harmony import */ var _wait_for_build_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(4855);






/**
 * Runs an image template made elsewhere (Bicep, Terraform, ARM) as it is: nothing is uploaded,
 * created or deleted. A run already going on is followed rather than started a second time. A
 * cancelled step cancels the run and leaves the template.
 */
async function runExistingTemplate(host, inputs, named, wait) {
    const signal = host.cancellation;
    const started = Date.now();
    const { arm, client } = await (0,_template_as_found_js__WEBPACK_IMPORTED_MODULE_3__/* .openNamedTemplate */ .MP)(host, inputs, "existing-template", named);
    const found = await (0,_template_as_found_js__WEBPACK_IMPORTED_MODULE_3__/* .findTemplate */ ._4)(client, "existing-template", signal);
    (0,_staged_for_template_js__WEBPACK_IMPORTED_MODULE_2__/* .maskFetchedSas */ .t)(host, found.template);
    host.setOutput("template-name", client.name);
    host.setOutput("template-id", client.id);
    let firstPollAfterMs;
    if (found.template.lastRunStatus?.runState === "Running") {
        host.info(`Image template ${client.id} is already building (${found.template.lastRunStatus.runSubState ?? "Running"}): following that build instead of starting another.`);
    }
    else {
        host.info(`Starting a build of image template ${client.id}.`);
        firstPollAfterMs = await client.startRun(signal);
    }
    if (!wait)
        return (0,_hand_over_js__WEBPACK_IMPORTED_MODULE_5__/* .handOverBuild */ .o)(host, client, undefined);
    const watch = { buildOver: false, succeeded: false };
    try {
        await (0,_see_build_through_js__WEBPACK_IMPORTED_MODULE_1__/* .seeBuildThrough */ .n)({
            host,
            arm,
            client,
            plan: found.plan,
            customizers: found.customizers,
            logLevel: inputs.logLevel,
            buildMinutes: found.buildMinutes,
            signal,
            startedMs: started,
            firstPollAfterMs,
        }, watch);
    }
    catch (error) {
        if (!watch.buildOver && (signal.aborted || error instanceof _wait_for_build_js__WEBPACK_IMPORTED_MODULE_4__/* .BuildTimeoutError */ .eo))
            await (0,_cancel_build_js__WEBPACK_IMPORTED_MODULE_0__/* .cancelBuild */ .lS)(host, client);
        if (!signal.aborted)
            throw error;
        throw new _cancel_build_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc(`The step was cancelled: the build was cancelled, and the image template ${client.id} is left as it was.`, { cause: error });
    }
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


/***/ })

};
