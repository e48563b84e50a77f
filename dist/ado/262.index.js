export const id = 262;
export const ids = [262,701];
export const modules = {

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


/***/ }),

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

/***/ 262:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  realRun: () => (/* binding */ realRun)
});

// EXTERNAL MODULE: ./.build/src/core/naming.js
var naming = __webpack_require__(8543);
// EXTERNAL MODULE: ./.build/src/core/template/render-template.js + 20 modules
var render_template = __webpack_require__(9777);
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
;// CONCATENATED MODULE: ./.build/src/core/preflight/api-versions.js
/** The Resource Manager API versions the checks read with. */
const API = {
    resourceGroups: "2021-04-01",
    providers: "2021-04-01",
    identities: "2023-01-31",
    galleries: "2024-03-03",
    images: "2024-07-01",
    platformImages: "2024-07-01",
    network: "2024-05-01",
    authorization: "2022-04-01",
};

;// CONCATENATED MODULE: ./.build/src/core/preflight/check-family.js

/**
 * The input a problem is reported against: the input when it was given, otherwise the
 * template file when there is one (the value came from it).
 */
function inputFor(inputs, input, given) {
    return given || !inputs.templateFile ? input : "template-file";
}
function problem(input, message) {
    return new errors/* InputError */.dz(input, message);
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/template-fields.js

function properties(rendered) {
    return (rendered.body.properties ?? {});
}
function vnetConfigOf(rendered) {
    const vmProfile = (properties(rendered).vmProfile ?? {});
    return (vmProfile.vnetConfig ?? {});
}
function sourceOf(rendered) {
    const source = properties(rendered).source;
    return source && typeof source === "object" ? source : undefined;
}
function distributionsOf(rendered) {
    return (properties(rendered).distribute ?? []).filter((d) => d && typeof d === "object");
}
function templateIdentityIds(rendered) {
    const identity = rendered.body.identity;
    return Object.keys(identity?.userAssignedIdentities ?? {});
}
function locationOf(rendered) {
    return typeof rendered.body.location === "string" ? rendered.body.location : undefined;
}
/** A region as Azure compares them: "West Europe" and "westeurope" are the same. */
function sameRegion(a, b) {
    const norm = (r) => r.replace(/\s+/g, "").toLowerCase();
    return norm(a) === norm(b);
}
/** The definition a gallery image version (or the definition itself) belongs to. */
function galleryDefinitionOf(id) {
    const at = id.toLowerCase().lastIndexOf("/versions/");
    return at >= 0 ? id.slice(0, at) : id;
}
function galleryOf(definitionId) {
    return definitionId.slice(0, definitionId.toLowerCase().lastIndexOf("/images/"));
}
/** The virtual network a subnet is in. */
function vnetOf(subnetId) {
    return subnetId.slice(0, subnetId.toLowerCase().lastIndexOf("/subnets/"));
}
function groupOf(id) {
    const parsed = (0,resource_id/* parseResourceId */.RQ)(id);
    return parsed
        ? {
            subscriptionId: parsed.subscriptionId,
            resourceGroup: parsed.resourceGroup,
            id: `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}`,
        }
        : undefined;
}
function lastName(id) {
    return id.replace(/\/+$/, "").split("/").pop() ?? id;
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/existence-checks.js




/**
 * What the template refers to exists: a mistake Image Builder would only report after hours
 * of building (a gallery image definition that does not exist, an image version that already
 * does) ends the step at once, naming the input.
 */
const existenceChecks = {
    name: "resource",
    needs: "Reader on the resource group, the template's identity and the gallery",
    checks(ctx) {
        return [
            ...resourceGroupCheck(ctx),
            ...templateIdentityIds(ctx.rendered).map((id) => identityCheck(ctx, id)),
            ...galleryTargetChecks(ctx),
        ];
    },
};
function resourceGroupCheck({ inputs, reads, skip }) {
    // A staging account found by name in the resource group already showed that it exists.
    if (inputs.stagingStorageAccount !== undefined && !inputs.stagingStorageAccount.id)
        return [];
    return [
        (async () => {
            const id = (0,resource_id/* resourceGroupId */.x6)(reads.subscriptionId, inputs.resourceGroup);
            const group = await reads.read(id, API.resourceGroups);
            if ("unreadable" in group)
                return skip(id, group.unreadable);
            if ("missing" in group)
                throw problem("resource-group", `names a resource group that does not exist in subscription ${reads.subscriptionId}: ${inputs.resourceGroup}. Create it first (az group create --name ${inputs.resourceGroup} --location <region>), or name an existing one.`);
        })(),
    ];
}
async function identityCheck({ inputs, reads, skip }, id) {
    const identity = await reads.read(id, API.identities);
    if ("unreadable" in identity)
        return skip(id, identity.unreadable);
    if ("missing" in identity)
        throw problem(inputFor(inputs, "identity", inputs.identityId !== undefined), `names a user-assigned identity that does not exist: ${id}. Create it (az identity create), or correct the ID.`);
}
function galleryTargetChecks(ctx) {
    const { inputs, rendered, reads, skip } = ctx;
    const input = inputFor(inputs, "gallery-image-id", inputs.gallery !== undefined);
    return distributionsOf(rendered).flatMap((d) => {
        if (d.type !== "SharedImage" || typeof d.galleryImageId !== "string")
            return [];
        const target = d.galleryImageId;
        const definitionId = galleryDefinitionOf(target);
        const version = definitionId.length < target.length ? target.slice(definitionId.length + 10) : undefined;
        const regions = (d.targetRegions ?? []).map((r) => r.name ?? "");
        return [
            (async () => {
                const definition = await reads.read(definitionId, API.galleries);
                if ("unreadable" in definition)
                    return skip(definitionId, definition.unreadable);
                if ("missing" in definition)
                    throw problem(input, `names a gallery image definition that does not exist: ${definitionId}. Create it (az sig image-definition create), or correct the ID.`);
                const os = definition.found.properties?.osType;
                const ours = rendered.osType === "windows" ? "Windows" : rendered.osType ? "Linux" : "";
                if (os && ours && os.toLowerCase() !== ours.toLowerCase())
                    throw problem(input, `is a ${os} image definition, but this image is ${ours}. Use a ${ours} image definition.`);
                const home = definition.found.location;
                if (home && regions.length && !regions.some((r) => sameRegion(r, home)))
                    throw problem(inputs.gallery ? "replication-regions" : input, `must include ${home}, the region of the gallery image definition ${definitionId}: a gallery keeps every version in its own region. Add ${home} to the regions.`);
                if (!version)
                    return;
                const existing = await reads.read(target, API.galleries);
                if ("unreadable" in existing)
                    return skip(target, existing.unreadable);
                if ("found" in existing)
                    throw problem(inputs.gallery?.version ? "image-version" : input, `${version} already exists in ${definitionId}: Image Builder would build the image and then fail to publish it. Choose a version that does not exist yet, e.g. one built from the run number.`);
            })(),
        ];
    });
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/nsg-rules.js
/**
 * How a network security group decides inbound traffic, for the one flow Image Builder's proxy
 * needs: Azure Load Balancer's health probe and forwarded traffic reaching the proxy VM.
 * Rules are read the way Azure applies them: lowest priority number first, the first rule
 * that matches decides, and the built-in default rules come last.
 */
/** The address Azure Load Balancer's traffic comes from (the AzureLoadBalancer service tag). */
const AZURE_LOAD_BALANCER_ADDRESS = "168.63.129.16";
/** Azure's own inbound defaults, for an answer that leaves them out. */
const DEFAULT_INBOUND_RULES = [
    rule("AllowVnetInBound", 65000, "Allow", "VirtualNetwork", "VirtualNetwork"),
    rule("AllowAzureLoadBalancerInBound", 65001, "Allow", "AzureLoadBalancer", "*"),
    rule("DenyAllInBound", 65500, "Deny", "*", "*"),
];
function rule(name, priority, access, source, destination) {
    return {
        name,
        properties: {
            priority,
            direction: "Inbound",
            access,
            protocol: "*",
            sourceAddressPrefix: source,
            sourcePortRange: "*",
            destinationAddressPrefix: destination,
            destinationPortRange: "*",
        },
    };
}
/** The first rule, by priority, that matches the flow decides it. */
function evaluateInbound(nsg, flow) {
    const custom = (nsg.properties?.securityRules ?? []).filter(inbound);
    const given = (nsg.properties?.defaultSecurityRules ?? []).filter(inbound);
    const defaults = given.length ? given : DEFAULT_INBOUND_RULES;
    const ordered = [
        ...custom.map((r) => ({ r, isDefault: false })),
        ...defaults.map((r) => ({ r, isDefault: true })),
    ].sort((a, b) => a.r.properties.priority - b.r.properties.priority);
    for (const { r, isDefault } of ordered) {
        if (matches(r, flow))
            return { allowed: r.properties.access.toLowerCase() === "allow", decidedBy: r, isDefault };
    }
    return { allowed: false, isDefault: false };
}
function inbound(r) {
    return r.properties?.direction?.toLowerCase() === "inbound";
}
function list(one, many) {
    const all = [...(many ?? []), ...(one !== undefined && one !== "" ? [one] : [])];
    return all.length ? all : ["*"];
}
function matches(r, flow) {
    const p = r.properties;
    const protocol = p.protocol.toLowerCase();
    if (protocol !== "*" && protocol !== "any" && protocol !== flow.protocol.toLowerCase())
        return false;
    // A rule about application security groups names VMs by group, which the load balancer
    // and the proxy VM Image Builder creates are never in.
    if (p.sourceApplicationSecurityGroups?.length || p.destinationApplicationSecurityGroups?.length)
        return false;
    if (!list(p.sourceAddressPrefix, p.sourceAddressPrefixes).some((s) => sourceCovers(s, flow)))
        return false;
    // The probe comes from any source port: only a rule for every source port is sure to apply.
    if (!list(p.sourcePortRange, p.sourcePortRanges).some(isAnyPort))
        return false;
    if (!list(p.destinationAddressPrefix, p.destinationAddressPrefixes).some((d) => destinationCovers(d, flow.destinationPrefixes)))
        return false;
    return list(p.destinationPortRange, p.destinationPortRanges).some((range) => portIn(range, flow.port));
}
function isAnyPort(range) {
    return range === "*" || range === "0-65535" || range === "1-65535";
}
function sourceCovers(prefix, flow) {
    const p = prefix.trim();
    if (p === "*" || p.toLowerCase() === "any")
        return true;
    if (p.toLowerCase() === flow.source.tag.toLowerCase())
        return true;
    const net = parseCidr(p);
    const address = parseCidr(flow.source.address);
    return !!net && !!address && contains(net, address);
}
function destinationCovers(prefix, subnetPrefixes) {
    const p = prefix.trim().toLowerCase();
    // The proxy VM is in the subnet, and the subnet is in the virtual network.
    if (p === "*" || p === "any" || p === "virtualnetwork")
        return true;
    const net = parseCidr(p);
    if (!net)
        return false;
    // The proxy VM's address is not known before the build: the rule must hold for all of the subnet.
    return subnetPrefixes.some((s) => {
        const subnet = parseCidr(s);
        return !!subnet && contains(net, subnet);
    });
}
function portIn(range, port) {
    const r = range.trim();
    if (r === "*")
        return true;
    const m = /^(\d+)(?:-(\d+))?$/.exec(r);
    if (!m)
        return false;
    const low = Number(m[1]);
    const high = m[2] ? Number(m[2]) : low;
    return port >= low && port <= high;
}
function parseCidr(value) {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?:\/(\d{1,2}))?$/.exec(value.trim());
    if (!m)
        return undefined;
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255))
        return undefined;
    const bits = m[5] !== undefined ? Number(m[5]) : 32;
    if (bits > 32)
        return undefined;
    const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    return { base: (address & mask(bits)) >>> 0, bits };
}
function mask(bits) {
    return bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
}
/** Whether every address of `inner` is in `outer`. */
function contains(outer, inner) {
    return outer.bits <= inner.bits && (inner.base & mask(outer.bits)) >>> 0 === outer.base;
}
/**
 * A priority for a new allow rule that comes before `blocking`, free in the group; undefined
 * when there is none (the blocking rule has priority 100, the lowest there is).
 */
function freePriorityBefore(nsg, blocking) {
    const taken = new Set((nsg.properties?.securityRules ?? []).filter(inbound).map((r) => r.properties.priority));
    const start = Math.min(blocking - 1, 4096);
    for (let p = start; p >= 100; p--)
        if (!taken.has(p))
            return p;
    return undefined;
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/network-checks.js




const ACI_DELEGATION = "Microsoft.ContainerInstance/containerGroups";
const ACI_PROVIDER = "Microsoft.ContainerInstance";
/** The proxy VM listens on 60001 for a Linux build and 60000 for a Windows one. */
function proxyPorts(osType) {
    if (osType === "windows")
        return [60000];
    if (osType === "linux")
        return [60001];
    return [60000, 60001];
}
const networkChecks = {
    name: "network",
    needs: "Reader on the virtual network and its network security group (Microsoft.Network/virtualNetworks/read, networkSecurityGroups/read) and Microsoft.ContainerInstance provider reads (*/read at the subscription)",
    checks(ctx) {
        const config = vnetConfigOf(ctx.rendered);
        return typeof config.subnetId === "string"
            ? [checkNetwork(ctx, config.subnetId, config.containerInstanceSubnetId)]
            : [];
    },
};
function addressPrefixes(subnet) {
    const p = subnet.properties ?? {};
    return [...(p.addressPrefixes ?? []), ...(p.addressPrefix ? [p.addressPrefix] : [])];
}
function subnetParts(subnetId) {
    const group = groupOf(subnetId);
    return {
        resourceGroup: group?.resourceGroup ?? "<group>",
        vnet: lastName(vnetOf(subnetId)),
        name: lastName(subnetId),
    };
}
async function checkNetwork(ctx, subnetId, aciSubnetId) {
    const { inputs, rendered, reads, skip } = ctx;
    const subnetInput = inputFor(inputs, "subnet-id", inputs.subnetId !== undefined);
    const aciInput = inputFor(inputs, "container-instance-subnet-id", false);
    const vnetId = vnetOf(subnetId);
    const isolated = typeof aciSubnetId === "string";
    const [subnet, vnet, aciSubnet, provider] = await Promise.all([
        reads.read(subnetId, API.network),
        reads.read(vnetId, API.network),
        isolated ? reads.read(aciSubnetId, API.network) : undefined,
        isolated
            ? reads.read(`/subscriptions/${reads.subscriptionId}/providers/${ACI_PROVIDER}`, API.providers)
            : undefined,
    ]);
    const at = subnetParts(subnetId);
    if ("missing" in vnet)
        throw problem(subnetInput, `names a subnet of a virtual network that does not exist: ${vnetId}. Create it: az network vnet create --resource-group ${at.resourceGroup} --name ${at.vnet} --location ${locationOf(rendered) ?? "<region>"} --address-prefixes <range> --subnet-name ${at.name} --subnet-prefixes <subnet range>`);
    if ("missing" in subnet)
        throw problem(subnetInput, `names a subnet that does not exist: ${subnetId}. Create it: az network vnet subnet create --resource-group ${at.resourceGroup} --vnet-name ${at.vnet} --name ${at.name} --address-prefixes <range>${isolated ? "" : " --private-link-service-network-policies Disabled"}`);
    if ("unreadable" in vnet)
        skip(vnetId, vnet.unreadable);
    const location = locationOf(rendered);
    if ("found" in vnet &&
        vnet.found.location &&
        location &&
        !sameRegion(vnet.found.location, location))
        throw problem(subnetInput, `is in virtual network ${vnetId}, which is in ${vnet.found.location}, but the image template is built in ${location}: Image Builder only uses a network in its own region. Use a subnet of a network in ${location}, e.g. az network vnet create --resource-group ${at.resourceGroup} --name ${at.vnet}-${location.replace(/\s+/g, "").toLowerCase()} --location ${location} --address-prefixes <range> --subnet-name ${at.name} --subnet-prefixes <subnet range>, or build in ${vnet.found.location}.`);
    if (isolated) {
        const aci = subnetParts(aciSubnetId);
        // A container subnet on another network never gets here: checkVnetConfig refuses it while rendering.
        if (aciSubnet && "missing" in aciSubnet)
            throw problem(aciInput, `names a subnet that does not exist: ${aciSubnetId}. Create it: az network vnet subnet create --resource-group ${aci.resourceGroup} --vnet-name ${aci.vnet} --name ${aci.name} --address-prefixes <range> --delegations ${ACI_DELEGATION}`);
        if (aciSubnet && "unreadable" in aciSubnet)
            skip(aciSubnetId, aciSubnet.unreadable);
        if (aciSubnet && "found" in aciSubnet) {
            const delegated = (aciSubnet.found.properties?.delegations ?? []).some((d) => d.properties?.serviceName?.toLowerCase() === ACI_DELEGATION.toLowerCase());
            if (!delegated)
                throw problem(aciInput, `names subnet ${aciSubnetId}, which is not delegated to ${ACI_DELEGATION}: Image Builder cannot start its container instance there. Delegate it: az network vnet subnet update --ids ${aciSubnetId} --delegations ${ACI_DELEGATION}`);
        }
        if (provider && "unreadable" in provider)
            skip(`the ${ACI_PROVIDER} provider`, provider.unreadable);
        if (provider &&
            "found" in provider &&
            provider.found.registrationState?.toLowerCase() !== "registered")
            throw problem(aciInput, `asks for an isolated build, which runs in Azure Container Instances, but the ${ACI_PROVIDER} resource provider is ${provider.found.registrationState ?? "not registered"} in subscription ${reads.subscriptionId}. Register it: az provider register --namespace ${ACI_PROVIDER} --subscription ${reads.subscriptionId}`);
    }
    if ("unreadable" in subnet)
        return skip(subnetId, subnet.unreadable);
    // The proxy VM, its load balancer and private link service exist only when Image Builder
    // reaches the build VM through the network; an isolated build reaches it from its container.
    if (isolated)
        return;
    if (subnet.found.properties?.privateLinkServiceNetworkPolicies?.toLowerCase() !== "disabled")
        throw problem(subnetInput, `names subnet ${subnetId}, whose private link service network policies are enabled: Image Builder reaches the build VM through a private link service in that subnet, which Azure refuses to create there. Disable them: az network vnet subnet update --ids ${subnetId} --private-link-service-network-policies Disabled`);
    const nsgId = subnet.found.properties?.networkSecurityGroup?.id;
    if (!nsgId)
        return;
    const nsg = await reads.read(nsgId, API.network);
    if ("unreadable" in nsg)
        return skip(nsgId, nsg.unreadable);
    if ("missing" in nsg)
        return;
    for (const port of proxyPorts(rendered.osType)) {
        const verdict = evaluateInbound(nsg.found, {
            source: { tag: "AzureLoadBalancer", address: AZURE_LOAD_BALANCER_ADDRESS },
            destinationPrefixes: addressPrefixes(subnet.found),
            port,
            protocol: "Tcp",
        });
        if (verdict.allowed)
            continue;
        const blocking = verdict.decidedBy?.properties.priority ?? 4096;
        const priority = freePriorityBefore(nsg.found, blocking);
        const group = groupOf(nsgId);
        const fix = priority !== undefined
            ? `Allow it: az network nsg rule create --resource-group ${group?.resourceGroup ?? "<group>"} --nsg-name ${lastName(nsgId)} --name AllowImageBuilderProxy --priority ${priority} --direction Inbound --access Allow --protocol Tcp --source-address-prefixes AzureLoadBalancer --source-port-ranges '*' --destination-address-prefixes VirtualNetwork --destination-port-ranges 60000-60001`
            : `Change that rule so it does not apply to AzureLoadBalancer: az network nsg rule update --resource-group ${group?.resourceGroup ?? "<group>"} --nsg-name ${lastName(nsgId)} --name ${verdict.decidedBy?.name ?? "<rule>"} --access Allow`;
        throw problem(subnetInput, `names subnet ${subnetId}, whose network security group ${nsgId} denies Azure Load Balancer on port ${port}${verdict.decidedBy ? ` (rule ${verdict.decidedBy.name}, priority ${blocking})` : ""}: Image Builder's load balancer could not reach the proxy VM, and the build would hang until it times out. ${fix}`);
    }
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/role-grants.js
/**
 * Azure RBAC as Resource Manager applies it to one principal: an action is allowed on a scope
 * when a role assigned at that scope or above it has an action pattern matching it, and that
 * same permission block has no not-action pattern matching it. Patterns use `*` as a wildcard
 * and compare case-insensitively.
 */
/**
 * `*` stands for any characters; a `/*\/` segment also stands for no segment at all, which is
 * how Managed Identity Operator's `userAssignedIdentities/*\/assign/action` grants
 * `userAssignedIdentities/assign/action`.
 */
function pattern(glob) {
    const literal = (s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&");
    const body = glob
        .split("/*/")
        .map((part) => part.split("*").map(literal).join(".*"))
        .join("/(?:.*/)?");
    return new RegExp(`^${body}$`, "i");
}
function permissionAllows(permission, action) {
    return ((permission.actions ?? []).some((a) => pattern(a).test(action)) &&
        !(permission.notActions ?? []).some((n) => pattern(n).test(action)));
}
function roleAllows(role, action) {
    return (role.properties.permissions ?? []).some((p) => permissionAllows(p, action));
}
function normalise(scope) {
    return scope.replace(/\/+$/, "").toLowerCase();
}
/**
 * Whether an assignment at `assignmentScope` applies to `resource`: the same resource or one
 * of its ancestors. A management group is above every subscription it holds, and which ones
 * it holds is not in the assignment: it is taken to apply, so the check never reports a role
 * the identity may well have.
 */
function scopeCovers(assignmentScope, resource) {
    const scope = normalise(assignmentScope);
    if (scope === "" || scope.startsWith("/providers/microsoft.management/managementgroups/"))
        return true;
    const target = normalise(resource);
    return target === scope || target.startsWith(`${scope}/`);
}
/** The actions of `wanted` that no assignment applying to `resource` allows. */
function missingActions(assignments, roles, resource, wanted) {
    const applying = assignments
        .filter((a) => scopeCovers(a.properties.scope, resource))
        .map((a) => roles.get(a.properties.roleDefinitionId.toLowerCase()))
        .filter((r) => r !== undefined);
    return wanted.filter((action) => !applying.some((role) => roleAllows(role, action)));
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/identity-permission-checks.js




/**
 * What the template's identity must be allowed to do, from "Configure Azure VM Image Builder
 * permissions by using the Azure CLI":
 * https://learn.microsoft.com/azure/virtual-machines/linux/image-builder-permissions-cli
 */
const ACTIONS = {
    vnetRead: "Microsoft.Network/virtualNetworks/read",
    subnetJoin: "Microsoft.Network/virtualNetworks/subnets/join/action",
    galleryRead: "Microsoft.Compute/galleries/read",
    definitionRead: "Microsoft.Compute/galleries/images/read",
    versionRead: "Microsoft.Compute/galleries/images/versions/read",
    versionWrite: "Microsoft.Compute/galleries/images/versions/write",
    imageRead: "Microsoft.Compute/images/read",
    imageWrite: "Microsoft.Compute/images/write",
    imageDelete: "Microsoft.Compute/images/delete",
};
const identityPermissionChecks = {
    name: "template identity permission",
    needs: "Microsoft.Authorization/roleAssignments/read and roleDefinitions/read (e.g. Reader) where the template's identity has its roles, and Reader on the identity",
    checks(ctx) {
        const requirements = requirementsOf(ctx);
        const identities = templateIdentityIds(ctx.rendered);
        return requirements.length && identities.length === 1
            ? [checkIdentity(ctx, identities[0], requirements)]
            : [];
    },
};
function requirementsOf({ rendered }) {
    const out = [];
    const vnet = vnetConfigOf(rendered);
    if (typeof vnet.subnetId === "string") {
        const vnetId = vnetOf(vnet.subnetId);
        const subnets = [
            vnet.subnetId,
            ...(typeof vnet.containerInstanceSubnetId === "string"
                ? [vnet.containerInstanceSubnetId]
                : []),
        ];
        out.push({
            what: `join ${subnets.length > 1 ? "the subnets" : "the subnet"} ${subnets.join(" and ")} (for the build VM and Image Builder's ${subnets.length > 1 ? "container instance" : "load balancer and proxy VM"})`,
            grants: [
                { scope: vnetId, actions: [ACTIONS.vnetRead] },
                ...subnets.map((s) => ({ scope: s, actions: [ACTIONS.subnetJoin] })),
            ],
            role: "Network Contributor",
            scope: vnetId,
        });
    }
    const source = sourceOf(rendered);
    if (source?.type === "ManagedImage")
        out.push({
            what: `read the source image ${source.imageId}`,
            grants: [{ scope: source.imageId, actions: [ACTIONS.imageRead] }],
            role: "Reader",
            scope: source.imageId,
        });
    if (source?.type === "SharedImageVersion") {
        const definition = galleryDefinitionOf(source.imageVersionId);
        const version = /\/versions\/latest$/i.test(source.imageVersionId)
            ? definition
            : source.imageVersionId;
        out.push({
            what: `read the source image ${source.imageVersionId}`,
            grants: [
                { scope: galleryOf(definition), actions: [ACTIONS.galleryRead] },
                { scope: definition, actions: [ACTIONS.definitionRead] },
                { scope: version, actions: [ACTIONS.versionRead] },
            ],
            role: "Reader",
            scope: galleryOf(definition),
        });
    }
    for (const d of distributionsOf(rendered)) {
        if (d.type === "SharedImage" && typeof d.galleryImageId === "string") {
            const definition = galleryDefinitionOf(d.galleryImageId);
            out.push({
                what: `publish image versions to ${definition}`,
                grants: [
                    { scope: galleryOf(definition), actions: [ACTIONS.galleryRead] },
                    {
                        scope: definition,
                        actions: [ACTIONS.definitionRead, ACTIONS.versionRead, ACTIONS.versionWrite],
                    },
                ],
                role: "Contributor",
                scope: galleryOf(definition),
            });
        }
        if (d.type === "ManagedImage" && typeof d.imageId === "string") {
            const group = groupOf(d.imageId)?.id ?? d.imageId;
            out.push({
                what: `write the managed image ${d.imageId}`,
                grants: [
                    {
                        scope: d.imageId,
                        actions: [ACTIONS.imageWrite, ACTIONS.imageRead, ACTIONS.imageDelete],
                    },
                ],
                role: "Contributor",
                scope: group,
            });
        }
    }
    return out;
}
async function checkIdentity(ctx, identityId, requirements) {
    const { inputs, reads, skip } = ctx;
    const identity = await reads.read(identityId, API.identities);
    if (!("found" in identity)) {
        if ("unreadable" in identity)
            skip(identityId, identity.unreadable);
        return; // a missing identity is the resource checks' error
    }
    const principalId = identity.found.properties?.principalId;
    if (!principalId)
        return skip(identityId, "its principal ID is not in the answer");
    const assignments = await reads.list(`/subscriptions/${reads.subscriptionId}/providers/Microsoft.Authorization/roleAssignments`, API.authorization, { $filter: `principalId eq '${principalId}'` });
    if (!("found" in assignments))
        return skip(`the role assignments of ${identityId}`, "unreadable" in assignments ? assignments.unreadable : "not found");
    // Roles given to a group the identity is in are not among its own assignments: with none
    // of its own, what it may do is not known here, and the build is left to tell.
    // A log line, not a notice: a team that grants roles through groups would see it every run.
    if (!assignments.found.length)
        return ctx.inform(`The template identity's permissions were not checked: no role is assigned to ${identityId} (principal ${principalId}) directly, and roles it has through a group are not read.`);
    // Role IDs compare case-insensitively; each is read once, as the first assignment spells it.
    const byKey = new Map();
    for (const a of assignments.found) {
        const id = a.properties.roleDefinitionId;
        if (!byKey.has(id.toLowerCase()))
            byKey.set(id.toLowerCase(), id);
    }
    const roles = new Map();
    const read = await Promise.all([...byKey.values()].map((id) => reads.read(id, API.authorization)));
    for (const [i, role] of read.entries()) {
        const id = [...byKey.values()][i];
        // Without every role's definition, a missing action may be granted by the one not read.
        if (!("found" in role))
            return skip(id, "unreadable" in role ? role.unreadable : "the role definition was not found");
        roles.set(id.toLowerCase(), role.found);
    }
    for (const requirement of requirements) {
        const missing = requirement.grants.flatMap((g) => missingActions(assignments.found, roles, g.scope, g.actions).map((a) => `${a} on ${g.scope}`));
        if (!missing.length)
            continue;
        throw problem(inputFor(inputs, "identity", inputs.identityId !== undefined), `names the template's identity ${identityId}, which may not ${requirement.what}: none of its role assignments allows ${missing.join(", ")}. Image Builder uses this identity for it, so the build would fail. Grant it: az role assignment create --assignee-object-id ${principalId} --assignee-principal-type ServicePrincipal --role "${requirement.role}" --scope ${requirement.scope} (or a custom role with those actions).`);
    }
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/image-security.js
/**
 * Image Builder keeps the source image's Hyper-V generation and security type: the gallery
 * image definition it publishes to has to say the same, or the build fails at distribution.
 * The rules are Image Builder's, from "Confidential VM and Trusted Launch Support" and
 * "Hyper-V generation" in https://learn.microsoft.com/azure/virtual-machines/image-builder-overview
 */
function capabilities(securityType) {
    const t = (securityType ?? "").toLowerCase();
    return {
        trustedLaunch: t.startsWith("trustedlaunch"),
        confidential: t.includes("confidentialvm"),
        required: t === "trustedlaunch" || t === "confidentialvm",
    };
}
function isStandard(c) {
    return !c.trustedLaunch && !c.confidential;
}
function securityTypeOf(features) {
    const value = features?.find((f) => f.name?.toLowerCase() === "securitytype")?.value;
    return value && value.toLowerCase() !== "standard" ? value : undefined;
}
/** What keeps a build from `source` from being published to `definition`, if anything. */
function mismatch(source, definition) {
    const from = capabilities(source.securityType);
    const to = capabilities(definition.securityType);
    if (from.required)
        return { kind: "source-security-type", source: source.securityType };
    if (source.generation &&
        definition.generation &&
        source.generation.toUpperCase() !== definition.generation.toUpperCase())
        return { kind: "generation", source: source.generation, definition: definition.generation };
    if (!isStandard(from) && isStandard(to))
        return { kind: "secure-source-standard-definition", source: source.securityType };
    const compatible = isStandard(from) === isStandard(to) &&
        (isStandard(from) ||
            (from.trustedLaunch && to.trustedLaunch) ||
            (from.confidential && to.confidential));
    if (!compatible)
        return {
            kind: "security-type",
            source: source.securityType,
            definition: definition.securityType,
        };
    return undefined;
}

// EXTERNAL MODULE: ./.build/src/core/lifecycle/version-order.js
var version_order = __webpack_require__(9481);
;// CONCATENATED MODULE: ./.build/src/core/preflight/source-image.js




function platformImagePath(subscriptionId, location, s) {
    const region = location.replace(/\s+/g, "").toLowerCase();
    return `/subscriptions/${subscriptionId}/providers/Microsoft.Compute/locations/${region}/publishers/${s.publisher}/artifacttypes/vmimage/offers/${s.offer}/skus/${s.sku}/versions`;
}
/**
 * The generation and security type of the image the build starts from: a platform image's
 * from the Compute API (`latest` is the highest version listed in the template's region), a
 * gallery version's from its image definition, a managed image's from the image.
 */
async function sourceTraits(reads, source, location) {
    if (source.type === "PlatformImage") {
        if (!location)
            return { unreadable: "the template has no location" };
        const path = platformImagePath(reads.subscriptionId, location, source);
        let version = source.version;
        if (version.toLowerCase() === "latest") {
            const versions = await reads.read(path, API.platformImages);
            if (!("found" in versions))
                return versions;
            const names = (Array.isArray(versions.found) ? versions.found : []).map((v) => v.name);
            if (!names.length)
                return { missing: true };
            version = names.sort(version_order/* compareVersions */.Zy).pop();
        }
        const image = await reads.read(`${path}/${version}`, API.platformImages);
        if (!("found" in image))
            return image;
        return {
            found: {
                generation: image.found.properties?.hyperVGeneration,
                securityType: securityTypeOf(image.found.properties?.features),
                described: `platform image ${source.publisher}:${source.offer}:${source.sku}:${version}`,
            },
        };
    }
    if (source.type === "SharedImageVersion") {
        const definitionId = galleryDefinitionOf(source.imageVersionId);
        const definition = await reads.read(definitionId, API.galleries);
        if (!("found" in definition))
            return definition;
        return {
            found: {
                generation: definition.found.properties?.hyperVGeneration,
                securityType: securityTypeOf(definition.found.properties?.features),
                described: `gallery image definition ${definitionId}`,
            },
        };
    }
    const image = await reads.read(source.imageId, API.images);
    if (!("found" in image))
        return image;
    // A managed image cannot carry a security type.
    return {
        found: {
            generation: image.found.properties?.hyperVGeneration,
            described: `managed image ${source.imageId}`,
        },
    };
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/image-security-checks.js





/**
 * The source image and the gallery image definitions it is published to agree on Hyper-V
 * generation and security type (Trusted Launch, confidential VM).
 */
const imageSecurityChecks = {
    name: "image generation and security type",
    needs: "Reader on the source image and the gallery (the platform image reads need any role in the subscription)",
    checks(ctx) {
        const source = sourceOf(ctx.rendered);
        if (!source)
            return [];
        const targets = distributionsOf(ctx.rendered).flatMap((d) => d.type === "SharedImage" && typeof d.galleryImageId === "string"
            ? [galleryDefinitionOf(d.galleryImageId)]
            : []);
        return [checkSource(ctx, source, targets)];
    },
};
function createDefinition(definitionId, osType, generation, securityType) {
    const group = groupOf(definitionId);
    return `az sig image-definition create --resource-group ${group?.resourceGroup ?? "<group>"} --gallery-name ${lastName(galleryOf(definitionId))} --gallery-image-definition ${lastName(definitionId)}-${generation.toLowerCase()} --publisher <publisher> --offer <offer> --sku <sku> --os-type ${osType} --hyper-v-generation ${generation}${securityType ? ` --features SecurityType=${securityType}` : ""}`;
}
async function checkSource(ctx, source, targets) {
    const { inputs, rendered, reads, skip } = ctx;
    const sourceInput = inputFor(inputs, "source", inputs.source !== undefined);
    const galleryInput = inputFor(inputs, "gallery-image-id", inputs.gallery !== undefined);
    const traits = await sourceTraits(reads, source, locationOf(rendered));
    if ("unreadable" in traits)
        return skip("the source image", traits.unreadable);
    if ("missing" in traits) {
        if (source.type !== "PlatformImage")
            return; // reported by Image Builder's own validation
        throw problem(sourceInput, `names a platform image that is not offered in ${locationOf(rendered)}: ${source.publisher}:${source.offer}:${source.sku}:${source.version}. Find one that is: az vm image list --location ${locationOf(rendered)} --publisher ${source.publisher} --offer ${source.offer} --sku ${source.sku} --all --output table`);
    }
    const from = traits.found;
    const osType = rendered.osType === "windows" ? "Windows" : "Linux";
    for (const definitionId of targets) {
        const definition = await reads.read(definitionId, API.galleries);
        if (!("found" in definition))
            continue; // the resource checks report it, or skipped it
        const to = {
            generation: definition.found.properties?.hyperVGeneration,
            securityType: securityTypeOf(definition.found.properties?.features),
        };
        const found = mismatch(from, to);
        if (!found)
            continue;
        const toType = to.securityType ?? "Standard";
        const fromType = from.securityType ?? "Standard";
        if (found.kind === "source-security-type")
            throw problem(sourceInput, `is the ${from.described}, of security type ${fromType}: Image Builder cannot build from an image that only makes ${fromType} VMs, only from one that supports it (TrustedLaunchSupported, ConfidentialVmSupported). Use such a source, e.g. a gallery image definition made with --features SecurityType=TrustedLaunchSupported.`);
        if (found.kind === "generation")
            throw problem(galleryInput, `is gallery image definition ${definitionId}, of Hyper-V generation ${found.definition}, but the source (${from.described}) is generation ${found.source}: Image Builder keeps the source's generation, so publishing would fail after the build. Publish to a ${found.source} definition: ${createDefinition(definitionId, osType, found.source, from.securityType)}; or change ${"source"} to a generation ${found.definition} image.`);
        if (found.kind === "secure-source-standard-definition") {
            ctx.warn(`The source (${from.described}) supports ${fromType}, but gallery image definition ${definitionId} is a standard one: Image Builder documents publishing such a source to a standard definition as unsupported (https://learn.microsoft.com/azure/virtual-machines/image-builder-overview#confidential-vm-and-trusted-launch-support), and VMs made from the image cannot use Trusted Launch. To keep it, publish to a definition made with: ${createDefinition(definitionId, osType, from.generation ?? "V2", fromType)}`);
            continue;
        }
        throw problem(galleryInput, `is gallery image definition ${definitionId}, of security type ${toType}, but the source (${from.described}) is of security type ${fromType}: Image Builder only publishes a ${fromType === "Standard" ? "standard" : fromType} source to a definition of the same kind, so publishing would fail after the build. ${fromType === "Standard"
            ? `Publish to a definition without a security type: ${createDefinition(definitionId, osType, to.generation ?? "V2")}; or use a source that supports ${toType} (a Gen2 image whose SecurityType is TrustedLaunchSupported).`
            : `Publish to a definition that supports it: ${createDefinition(definitionId, osType, from.generation ?? "V2", fromType)}.`}`);
    }
}

;// CONCATENATED MODULE: ./.build/src/core/preflight/resource-reads.js

function isMissing(error) {
    return error instanceof azure_arm/* ArmError */.dW && (error.status === 404 || /NotFound$/.test(error.code));
}
function why(error) {
    if (error instanceof azure_arm/* ArmError */.dW)
        return error.status === 403
            ? `the pipeline's identity may not read it (${error.code})`
            : `Resource Manager answered ${error.status} ${error.code}`;
    return error.message;
}
/**
 * Reads for the checks before the build. Each resource is read once however many checks look
 * at it, and all of them run at the same time.
 */
class ResourceReads {
    arm;
    signal;
    cache = new Map();
    constructor(arm, signal) {
        this.arm = arm;
        this.signal = signal;
    }
    get subscriptionId() {
        return this.arm.subscriptionId;
    }
    read(id, apiVersion, query) {
        return this.once(`get ${id} ${apiVersion} ${JSON.stringify(query ?? {})}`, () => this.arm.get(id, apiVersion, this.signal, query));
    }
    list(id, apiVersion, query) {
        return this.once(`list ${id} ${apiVersion} ${JSON.stringify(query ?? {})}`, () => this.arm.list(id, apiVersion, this.signal, query));
    }
    once(key, get) {
        const k = key.toLowerCase();
        let result = this.cache.get(k);
        if (!result) {
            result = Promise.resolve()
                .then(get)
                .then((found) => ({ found }), (error) => {
                if (this.signal.aborted)
                    throw error;
                return isMissing(error) ? { missing: true } : { unreadable: why(error) };
            });
            this.cache.set(k, result);
        }
        return result;
    }
}

;// CONCATENATED MODULE: ./.build/src/core/run/preflight.js





/** In the order their errors are reported when several fail. */
const FAMILIES = [
    existenceChecks,
    networkChecks,
    imageSecurityChecks,
    identityPermissionChecks,
];
/**
 * Reads what the template refers to before anything is created and stops the step with one
 * error naming the input and the fix. Only "not found" and what an existing resource says are
 * decisive: a read the pipeline's identity may not make (403) skips its checks with one
 * notice per family, since Image Builder uses the template's identity, not the pipeline's.
 */
async function preflight(arm, inputs, rendered, signal, report) {
    const reads = new ResourceReads(arm, signal);
    const runs = FAMILIES.map((family) => {
        const skipped = [];
        const checks = family.checks({
            inputs,
            rendered,
            reads,
            skip: (what, reason) => void skipped.push(`${what}: ${reason}`),
            warn: report.warning,
            inform: report.info ?? (() => undefined),
        });
        return { family, skipped, settled: Promise.allSettled(checks) };
    });
    const failures = [];
    for (const { family, skipped, settled } of runs) {
        const results = await settled;
        for (const r of results)
            if (r.status === "rejected")
                failures.push(r.reason);
        if (skipped.length)
            report.notice(`Skipped the ${family.name} checks before the build: ${[...new Set(skipped)].join("; ")}. To have them checked, the pipeline's identity needs ${family.needs}.`);
    }
    if (signal.aborted)
        throw signal.reason;
    if (failures.length)
        throw failures[0];
}

// EXTERNAL MODULE: ./.build/src/core/run/wait-for-build.js
var wait_for_build = __webpack_require__(4855);
// EXTERNAL MODULE: ./.build/src/core/lifecycle/keep-versions-run.js + 1 modules
var keep_versions_run = __webpack_require__(8073);
// EXTERNAL MODULE: ./.build/src/core/run/cancel-build.js
var cancel_build = __webpack_require__(4510);
// EXTERNAL MODULE: ./.build/src/core/run/see-build-through.js + 14 modules
var see_build_through = __webpack_require__(2252);
// EXTERNAL MODULE: ./.build/src/core/run/hand-over.js
var hand_over = __webpack_require__(6955);
// EXTERNAL MODULE: ./.build/src/core/lifecycle/find-same-image.js
var find_same_image = __webpack_require__(6220);
// EXTERNAL MODULE: ./.build/src/core/lifecycle/fingerprint.js
var lifecycle_fingerprint = __webpack_require__(4712);
// EXTERNAL MODULE: ./.build/src/core/lifecycle/pin-source.js
var pin_source = __webpack_require__(2497);
;// CONCATENATED MODULE: ./.build/src/core/lifecycle/reuse-image.js

const PREFERENCE = ["gallery", "managed"];
/**
 * Sets every output from the images an earlier run made from the same inputs, as a build
 * would have: run-status Succeeded, no template (template-name and template-id empty).
 */
async function reportReuse(host, rendered, reused, fingerprint, sourceVersion) {
    const ids = [...reused]
        .sort((a, b) => PREFERENCE.indexOf(a.kind) - PREFERENCE.indexOf(b.kind))
        .map((r) => r.id);
    const outputs = {
        "image-version-id": ids[0] ?? "",
        "image-version-ids": JSON.stringify(ids),
        "run-outputs": JSON.stringify(Object.fromEntries(reused.map((r) => [r.runOutputName, { artifactId: r.id, artifactUri: null }]))),
        "run-status": "Succeeded",
        "template-name": "",
        "template-id": "",
        "staging-resource-group": "",
        "source-image-version": sourceVersion ?? "",
        template: (0,render_template/* shownTemplate */.cz)(rendered),
        "cache-hit": "true",
        fingerprint,
    };
    for (const [name, value] of Object.entries(outputs))
        host.setOutput(name, value);
    const force = `${host.inputDisplayName("if-unchanged")}: build`;
    const message = `Nothing to build: ${ids.join(" and ")} ${ids.length > 1 ? "were" : "was"} built from the same inputs (fingerprint ${fingerprint}) and ${ids.length > 1 ? "are" : "is"} reused. To build anyway, set ${force}.`;
    host.annotate("notice", { message, title: "Image reused" });
    await host.appendSummary([
        `### bake-azure-image: image reused`,
        "",
        `Nothing was built: an image with the same fingerprint already exists (\`${host.inputDisplayName("if-unchanged")}: skip\`).`,
        "",
        ...ids.map((id) => `- \`${id}\``),
        "",
        `Fingerprint \`${fingerprint}\`${sourceVersion ? `; source version ${sourceVersion}` : ""}. Set \`${force}\` to build anyway.`,
        "",
    ].join("\n"));
}

;// CONCATENATED MODULE: ./.build/src/core/lifecycle/build-only-what-changed.js




async function identifyImage(host, arm, inputs, rendered, signal) {
    const source = await (0,pin_source/* pinSourceVersion */.b)(arm, rendered.body, signal, (m) => host.debug(m));
    if (source.version)
        host.setOutput("source-image-version", source.version);
    host.setOutput("cache-hit", "false");
    const fingerprintNow = () => {
        const fingerprint = (0,lifecycle_fingerprint/* imageFingerprint */.IM)(rendered);
        (0,lifecycle_fingerprint/* tagWithFingerprint */.Jw)(rendered.body, fingerprint);
        host.setOutput("fingerprint", fingerprint);
        host.info(`Image fingerprint: ${fingerprint}`);
        return fingerprint;
    };
    const skip = inputs.ifUnchanged === "skip";
    const identity = {
        fingerprint: skip ? fingerprintNow() : undefined,
        async reuseIfBuilt() {
            if (!skip || !source.pinned)
                return false;
            const reused = await (0,find_same_image/* findSameImage */.Xt)(arm, rendered.body, identity.fingerprint, signal);
            if (!reused)
                return false;
            await reportReuse(host, rendered, reused, identity.fingerprint, source.version);
            return true;
        },
        complete() {
            identity.fingerprint ??= fingerprintNow();
        },
    };
    return identity;
}

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
    const arm = await (0,sign_in.signIn)(host, inputs);
    const account = inputs.stagingStorageAccount
        ? await resolveStagingAccount(arm, inputs.stagingStorageAccount, inputs.resourceGroup, signal)
        : undefined;
    const rendered = await (0,render_template/* renderTemplate */.Xm)(inputs, ctx, {
        blobEndpoint: account?.blobEndpoint,
        // Skipping an unchanged image needs every checksum before anything is uploaded.
        deferHashesFrom: inputs.ifUnchanged === "build" ? blob_staging/* HASH_WHILE_UPLOADING_FROM */.y : undefined,
    });
    (0,render_template/* announceRendered */.XY)(host, rendered);
    let image;
    try {
        image = await identifyImage(host, arm, inputs, rendered, signal);
        // An image built from the same inputs needs nothing checked: nothing will be created.
        if (await image.reuseIfBuilt()) {
            rendered.dispose();
            return;
        }
        await preflight(arm, inputs, rendered, signal, {
            notice: (message) => host.annotate("notice", { message, title: "Check skipped" }),
            warning: (message) => host.annotate("warning", { message }),
            info: (message) => host.info(message),
        });
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
        // Large files were hashed while they uploaded: the template gets their checksums now, and
        // (with if-unchanged: build) the fingerprint that needed them.
        await rendered.resolveHashes();
        image.complete();
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
        if (watch.succeeded)
            await (0,keep_versions_run/* keepVersionsAfterBuild */.Vb)(host, arm, inputs, rendered.body, client, signal);
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
