import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { fetchArtifact, redactUri, sha256Hex, type FetchContext } from "./artifact-fetch.js";
import type { ArmErrorDetail } from "./arm-kit.js";
import type { AsyncOperations } from "./async-operations.js";
import { CustomizationLog, provisionerType } from "./customization-log.js";
import { sleep } from "./http-kit.js";
import type { CustomizerOutcome, Scenario } from "./scenario.js";
import type { ServiceStorage } from "./storage-io.js";
import { networkFailure } from "./build-network.js";
import type { LoggedRequest } from "./request-log.js";
import { TemplateIdentity } from "./template-identity.js";
import type { ActiveRun, RunOutputRecord, RunSubState, TemplateRecord } from "./template-record.js";

export interface BuildContext extends FetchContext {
  scenario(): Scenario;
  operations: AsyncOperations;
  storage: ServiceStorage;
  blobEndpoint(account: string): string;
  shutdown: AbortSignal;
  /** Where the service's own requests go, its requests as the template identity included. */
  serviceRequestLog: LoggedRequest[];
}

type Json = Record<string, unknown>;

const TS_LINK = "For more troubleshooting steps go to https://aka.ms/azvmimagebuilderts.";

class BuildFailure extends Error {
  constructor(
    readonly armCode: string,
    readonly statusMessage: string,
    /** What Packer reports as the build's error; null when Packer never ran. */
    readonly packerReason: string | null = statusMessage,
  ) {
    super(statusMessage);
  }
}

/**
 * Starts a run of `t` the way the service does: lastRunStatus moves Running/Queued → Building →
 * Customizing → (Optimizing) → (Validating) → Distributing → a terminal state, customization.log
 * grows in the staging account, and run outputs appear per distributor.
 */
export function startRun(ctx: BuildContext, t: TemplateRecord): ActiveRun {
  const operation = ctx.operations.start(t.location);
  const guid = randomUUID();
  const run: ActiveRun = {
    operation,
    guid,
    abort: new AbortController(),
    logUrl: `${ctx.blobEndpoint(t.stagingAccount)}/packerlogs/${guid}/customization.log`,
    cancelRequested: false,
    done: Promise.resolve(),
  };
  t.run = run;
  t.lastLogUrl = run.logUrl;
  t.runOutputs = [];
  t.lastRunStatus = {
    startTime: new Date().toISOString(),
    runState: "Running",
    runSubState: "Queued",
    message: "",
  };
  run.done = simulate(ctx, t, run).finally(() => {
    if (t.run === run) delete t.run;
  });
  return run;
}

/** Moves a running build to Canceling; it stops after timeline.cancelMs. */
export function cancelRun(ctx: BuildContext, t: TemplateRecord, run: ActiveRun): void {
  run.cancelRequested = true;
  if (t.lastRunStatus) t.lastRunStatus.runState = "Canceling";
  void sleep(ctx.scenario().timeline.cancelMs, ctx.shutdown)
    .then(() => run.abort.abort(new Error("canceled")))
    .catch(() => undefined);
}

async function simulate(ctx: BuildContext, t: TemplateRecord, run: ActiveRun): Promise<void> {
  const signal = AbortSignal.any([run.abort.signal, ctx.shutdown]);
  const scenario = () => ctx.scenario();
  const opId = run.operation.id.toLowerCase();
  const log = new CustomizationLog(opId, scenario().servedLog);
  const props = t.properties;
  const osType = guessOs(props);
  let chain: Promise<void> = Promise.resolve();
  const flush = () => {
    const text = log.take();
    if (!text) return chain;
    chain = chain.then(() => ctx.storage.append(run.logUrl, text)).catch(() => undefined);
    return chain;
  };
  const setSub = (s: RunSubState) => {
    if (t.lastRunStatus) t.lastRunStatus.runSubState = s;
  };
  const wait = async (ms: number) => {
    await sleep(ms, signal);
    // A build being cancelled makes no more progress: it only ends, Canceled, after cancelMs.
    if (run.cancelRequested) await sleep(2 ** 31 - 1, signal);
  };
  let flusher: NodeJS.Timeout | undefined;
  const cancelAfter = scenario().cancelRunAfterMs;
  if (cancelAfter !== undefined) {
    void sleep(cancelAfter, signal)
      .then(() => {
        if (t.run === run && !run.cancelRequested) cancelRun(ctx, t, run);
      })
      .catch(() => undefined);
  }
  try {
    await ctx.storage.ensureContainer(ctx.blobEndpoint(t.stagingAccount), "packerlogs");
    await ctx.storage.createAppendBlob(run.logUrl);
    flusher = setInterval(() => void flush(), Math.max(10, scenario().timeline.logFlushMs));
    await wait(scenario().timeline.queuedMs);
    setSub("Building");
    resolveExactSourceVersion(ctx, t);
    const identity = new TemplateIdentity(ctx, t.identity);
    checkSourceReadable(identity, props);
    const network = networkFailure(ctx.state, scenario(), t, identity, osType);
    if (network && !network.timesOut)
      throw new BuildFailure(network.armCode, network.statusMessage, null);

    const files = await downloadCustomizerFiles(ctx, t, log);
    log.builderStart(t.stagingResourceGroupName, osType);
    await wait(scenario().timeline.buildingMs);
    if (network) {
      for (const line of network.log) log.err(line);
      throw new BuildFailure(network.armCode, network.statusMessage, network.log.at(-1));
    }

    const customize = (props.customize as Json[] | undefined) ?? [];
    const validateOnly = (props.validate as Json | undefined)?.sourceValidationOnly === true;
    if (!validateOnly) {
      setSub("Customizing");
      for (let i = 0; i < customize.length; i++) {
        await runProvisioner(
          ctx,
          customize[i]!,
          scenario().customizers[i] ?? {},
          files.get(`customize[${i}]`),
          log,
          wait,
          signal,
        );
        void flush();
      }
      if (scenario().buildTimesOut) {
        log.err("[INFO] Build timeout reached; cancelling the build");
        throw new BuildFailure(
          "PackerBuildFailed",
          "Failed in building/customizing image: Failed while waiting for packerizer: Timeout waiting for microservice to complete: 'context deadline exceeded'",
          "Build was cancelled: timeout reached",
        );
      }
      const optimize = props.optimize as { vmBoot?: { state?: string } } | undefined;
      if (optimize?.vmBoot?.state === "Enabled") {
        setSub("Optimizing");
        log.say("Optimizing the image for a faster VM boot ...");
        await wait(scenario().timeline.optimizingMs);
      }
      log.deprovision(osType);
      log.capture(osType);
    }

    let validationFailure: string | undefined;
    const validators =
      ((props.validate as Json | undefined)?.inVMValidations as Json[] | undefined) ?? [];
    if (validators.length > 0) {
      setSub("Validating");
      for (let i = 0; i < validators.length; i++) {
        try {
          await runProvisioner(
            ctx,
            validators[i]!,
            scenario().validators[i] ?? {},
            files.get(`validate[${i}]`),
            log,
            wait,
            signal,
          );
        } catch (e) {
          if (!(e instanceof BuildFailure)) throw e;
          validationFailure = e.statusMessage;
          break;
        }
      }
      await wait(scenario().timeline.validatingMs);
      const continueOnFailure = (props.validate as Json).continueDistributeOnFailure === true;
      if (validationFailure && !continueOnFailure) {
        throw new BuildFailure(
          "ValidationFailed",
          `Failed in validating image: ${validationFailure}`,
        );
      }
    }

    if (validateOnly) {
      log.buildSucceeded([]);
      finish(t, run, ctx, "Succeeded", "");
      return;
    }

    setSub("Distributing");
    const distribute = (props.distribute as Json[] | undefined) ?? [];
    const failures: string[] = [];
    for (const d of distribute) {
      await wait(scenario().timeline.distributingMs);
      const output = await distributeOne(ctx, t, d, run, identity);
      t.runOutputs.push(output.record);
      if (output.failure) failures.push(output.failure);
    }
    log.buildSucceeded(
      t.runOutputs
        .filter((o) => o.artifactId || o.artifactUri)
        .map((o) => `${o.artifactId ?? o.artifactUri}`),
    );
    log.service(
      `Finalizing: ${distribute.length - failures.length} of ${distribute.length} distribution target(s) succeeded`,
    );
    if (validationFailure) {
      finish(
        t,
        run,
        ctx,
        "Failed",
        withLogLocation(t, run, `Failed in validating image: ${validationFailure}`),
        {
          code: "ValidationFailed",
          message: validationFailure,
        },
      );
    } else if (failures.length === 0) {
      finish(t, run, ctx, "Succeeded", "");
    } else {
      const message = `Failed in distributing ${failures.length} images out of total ${distribute.length}: ${failures.join("; ")}`;
      const partially = failures.length < distribute.length;
      finish(t, run, ctx, partially ? "PartiallySucceeded" : "Failed", message, {
        code: "DistributionFailed",
        message,
      });
    }
  } catch (e) {
    if (ctx.shutdown.aborted) return;
    if (run.abort.signal.aborted) {
      log.cancelled();
      finish(t, run, ctx, "Canceled", "Build was canceled.");
    } else if (e instanceof BuildFailure) {
      if (e.packerReason !== null) log.buildFailed(e.packerReason);
      const message = withLogLocation(t, run, e.statusMessage);
      finish(t, run, ctx, "Failed", message, { code: e.armCode, message });
    } else {
      const message = `Internal error occurred. ${(e as Error).message}`;
      finish(t, run, ctx, "Failed", message, { code: "InternalOperationError", message });
    }
  } finally {
    if (flusher) clearInterval(flusher);
    if (!ctx.shutdown.aborted) await flush();
  }
}

function withLogLocation(t: TemplateRecord, run: ActiveRun, message: string): string {
  return `${message}. During the image build, a failure has occurred, please review the build log to identify which build/customization step failed. ${TS_LINK} Image Build log location: ${run.logUrl}. OperationId: ${run.operation.id.toLowerCase()}. Use this operationId to search packer logs.`;
}

function finish(
  t: TemplateRecord,
  run: ActiveRun,
  ctx: BuildContext,
  state: "Succeeded" | "PartiallySucceeded" | "Failed" | "Canceled",
  message: string,
  error?: ArmErrorDetail,
): void {
  if (t.lastRunStatus) {
    t.lastRunStatus.runState = state;
    t.lastRunStatus.message = message;
    t.lastRunStatus.endTime = new Date().toISOString();
  }
  if (state === "Succeeded") ctx.operations.finish(run.operation, "Succeeded");
  else if (state === "Canceled") ctx.operations.finish(run.operation, "Canceled");
  else
    ctx.operations.finish(
      run.operation,
      "Failed",
      error ?? { code: "InternalOperationError", message },
    );
}

/** Every scriptUri/sourceUri, fetched up front with the access given; the run fails on the first that cannot be. */
async function downloadCustomizerFiles(
  ctx: BuildContext,
  t: TemplateRecord,
  log: CustomizationLog,
): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const identities = Object.keys(t.identity.userAssignedIdentities ?? {});
  const items: Array<{ key: string; item: Json }> = [];
  ((t.properties.customize as Json[] | undefined) ?? []).forEach((item, i) =>
    items.push({ key: `customize[${i}]`, item }),
  );
  (
    ((t.properties.validate as Json | undefined)?.inVMValidations as Json[] | undefined) ?? []
  ).forEach((item, i) => items.push({ key: `validate[${i}]`, item }));
  for (const { key, item } of items) {
    const uri = (item.scriptUri ?? item.sourceUri) as string | undefined;
    if (!uri) continue;
    const local = `/tmp/${randomUUID()}/${path.posix.basename(new URL(uri, "https://x").pathname) || "file"}`;
    const expected =
      typeof item.sha256Checksum === "string" ? item.sha256Checksum.toLowerCase() : "";
    log.service(
      `Downloading external file (${redactUri(uri)}) to local file (${local}) and with local checksum (${expected})`,
    );
    const result = await fetchArtifact(ctx, uri, identities);
    const label = `${key}${typeof item.name === "string" ? ` (${item.name})` : ""}`;
    if (!result.ok) {
      log.service(
        `Failed to download external file (${redactUri(uri)}): ${result.status} ${result.code}: ${result.message}`,
      );
      throw new BuildFailure(
        "CustomizerFileDownloadFailed",
        `Failed in building/customizing image: Failed to download the file for ${label} from '${redactUri(uri)}': ${result.status} ${result.code}: ${result.message}`,
        null,
      );
    }
    const actual = sha256Hex(result.content);
    if (expected && expected !== actual) {
      log.service(`Checksum mismatch for ${redactUri(uri)}: expected ${expected}, got ${actual}`);
      throw new BuildFailure(
        "CustomizerFileChecksumMismatch",
        `Failed in building/customizing image: The sha256Checksum of ${label} does not match the file at '${redactUri(uri)}': expected '${expected}', computed '${actual}'`,
        null,
      );
    }
    log.service(
      `Download of external file (${redactUri(uri)}) finished (size ${result.content.length}, sha256 ${actual})`,
    );
    files.set(key, result.content);
  }
  return files;
}

async function runProvisioner(
  ctx: BuildContext,
  item: Json,
  outcome: CustomizerOutcome,
  file: Buffer | undefined,
  log: CustomizationLog,
  wait: (ms: number) => Promise<void>,
  signal: AbortSignal,
): Promise<void> {
  const type = provisionerType(item.type as string);
  const scriptPath =
    type === "powershell"
      ? `C:\\Windows\\Temp\\script-${randomUUID()}.ps1`
      : `/tmp/script_${Math.floor(Math.random() * 1000)}.sh`;
  const detail =
    type === "file" ? `${str(item.sourceUri)} => ${str(item.destination)}` : scriptPath;
  log.provisionerStart(type, detail);
  let exitCode = outcome.exitCode ?? 0;
  let stdout = outcome.output;
  let stderr = outcome.errorOutput ?? [];
  if (type === "shell" && ctx.scenario().executeShell && outcome.exitCode === undefined) {
    const script = file
      ? file.toString("utf8")
      : ((item.inline as string[] | undefined) ?? []).join("\n");
    const real = await executeShell(script, signal);
    exitCode = real.exitCode;
    stdout = real.stdout;
    stderr = real.stderr;
  } else {
    await wait(outcome.durationMs ?? ctx.scenario().timeline.customizerMs);
  }
  if (type === "shell" || type === "powershell") {
    log.scriptOutput(stdout ?? defaultOutput(item));
    if (stderr.length) log.scriptErrors(type, stderr, scriptPath);
  } else if (type === "windows-restart") {
    log.message("Waiting for machine to restart...");
    log.message("A system shutdown is in progress.(1115)");
    log.message("Machine successfully restarted, moving on");
  } else if (type === "windows-update") {
    log.message("Found 0 updates to install.");
  }
  const valid = (item.validExitCodes as number[] | undefined) ?? [0];
  if (!valid.includes(exitCode)) {
    const reason = log.scriptFailed(exitCode);
    log.provisionerEnd(type);
    throw new BuildFailure(
      "PackerBuildFailed",
      `Failed in building/customizing image: Failed while waiting for packerizer: Microservice has failed: Failed while processing request: Error when executing packerizer: Packer build command has failed: exit status 1`,
      reason,
    );
  }
  log.provisionerEnd(type);
}

function defaultOutput(item: Json): string[] {
  const inline = item.inline as string[] | undefined;
  if (inline?.length) return inline.map((l) => `+ ${l}`);
  return [`Running ${typeof item.name === "string" ? item.name : "customization"}`, "Done"];
}

async function executeShell(
  script: string,
  signal: AbortSignal,
): Promise<{ exitCode: number; stdout: string[]; stderr: string[] }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "local-azure-shell-"));
  try {
    const file = path.join(dir, "script.sh");
    await writeFile(file, script, { mode: 0o700 });
    return await new Promise((resolve) => {
      execFile(
        "/bin/bash",
        [file],
        {
          cwd: dir,
          timeout: 60_000,
          signal,
          env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: dir },
        },
        (err, stdout, stderr) => {
          const code = err
            ? typeof (err as NodeJS.ErrnoException & { code?: unknown }).code === "number"
              ? (err as unknown as { code: number }).code
              : 1
            : 0;
          resolve({ exitCode: code, stdout: lines(stdout), stderr: lines(stderr) });
        },
      );
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function lines(s: string): string[] {
  return s.split(/\r?\n/).filter((l, i, all) => l !== "" || i < all.length - 1);
}

function guessOs(props: Json): "Linux" | "Windows" {
  const customize = (props.customize as Json[] | undefined) ?? [];
  if (
    customize.some((c) =>
      ["PowerShell", "WindowsRestart", "WindowsUpdate"].includes(c.type as string),
    )
  )
    return "Windows";
  const source = (props.source as Json | undefined) ?? {};
  const text = [source.publisher, source.offer, source.imageId, source.imageVersionId]
    .map(str)
    .join(" ");
  return /windows/i.test(text) ? "Windows" : "Linux";
}

async function distributeOne(
  ctx: BuildContext,
  t: TemplateRecord,
  d: Json,
  run: ActiveRun,
  identity: TemplateIdentity,
): Promise<{ record: RunOutputRecord; failure?: string }> {
  const name = d.runOutputName as string;
  const scenarioFailure = ctx
    .scenario()
    .distributionFailures.find((f) => !f.runOutputName || f.runOutputName === name);
  const regions = targetRegions(d, t.location);
  if (scenarioFailure && (!scenarioFailure.region || regions.includes(scenarioFailure.region))) {
    const where = scenarioFailure.region ? ` in region '${scenarioFailure.region}'` : "";
    const message =
      scenarioFailure.message ??
      `Distribution of '${name}'${where} failed: Replication failed${where}: OperationNotAllowed.`;
    return {
      record: { name, provisioningState: "Failed" },
      failure: `{runOutputName: '${name}', error: ${message}}`,
    };
  }
  switch (d.type) {
    case "ManagedImage": {
      const imageId = d.imageId as string;
      if (!identity.may("PUT", imageId))
        return writeDenied(
          name,
          `Error publishing VHD to managed image:${imageId}, Location:${str(d.location) || t.location}`,
          identity.denied("Microsoft.Compute/images/write", imageId),
        );
      const parts = imageId.split("/");
      ctx.state.managedImages.set(imageId.toLowerCase(), {
        name: parts[parts.length - 1] ?? "image",
        resourceGroup: parts[4] ?? t.resourceGroup,
        location: (d.location as string) ?? t.location,
      });
      return { record: { name, artifactId: imageId, provisioningState: "Succeeded" } };
    }
    case "SharedImage": {
      const requested = d.galleryImageId as string;
      const m = /^(.*\/images\/[^/]+)(?:\/versions\/([^/]+))?$/i.exec(requested);
      const definitionId = m?.[1] ?? requested;
      const def = ctx.state.galleryImageById(definitionId);
      if (!def) {
        const message = `The gallery image '${definitionId}' was not found (ResourceNotFound).`;
        return {
          record: { name, provisioningState: "Failed" },
          failure: `{runOutputName: '${name}', error: ${message}}`,
        };
      }
      const version =
        m?.[2] ??
        chooseVersion(
          def.versions,
          d.versioning as Json | undefined,
          t.properties.source as Json | undefined,
        );
      const versionId = `${ctx.state.galleryImageId(def.resourceGroup, def.gallery, def.image)}/versions/${version}`;
      if (!identity.may("GET", definitionId))
        return writeDenied(
          name,
          `Error reading the gallery image ${definitionId}`,
          identity.denied("Microsoft.Compute/galleries/images/read", definitionId),
        );
      if (!identity.may("PUT", versionId))
        return writeDenied(
          name,
          `Error creating the gallery image version ${versionId}`,
          identity.denied("Microsoft.Compute/galleries/images/versions/write", versionId),
        );
      def.versions.set(version, {
        name: version,
        location: def.location,
        targetRegions: regions,
        excludeFromLatest: d.excludeFromLatest === true,
        publishedDate: new Date().toISOString(),
        provisioningState: "Succeeded",
      });
      return {
        record: {
          name,
          artifactId: `${ctx.state.galleryImageId(def.resourceGroup, def.gallery, def.image)}/versions/${version}`,
          provisioningState: "Succeeded",
        },
      };
    }
    case "VHD": {
      const uri =
        (d.uri as string | undefined) ||
        `${ctx.blobEndpoint(t.stagingAccount)}/vhds/${t.name}-${run.guid.slice(0, 8)}.vhd`;
      try {
        const container = new URL(uri).pathname.split("/")[2] ?? "vhds";
        const account = new URL(uri).pathname.split("/")[1] ?? t.stagingAccount;
        await ctx.storage.ensureContainer(ctx.blobEndpoint(account), container);
        // A VHD footer's cookie is enough for anything that peeks at the artifact.
        await ctx.storage.putBlockBlob(
          uri,
          Buffer.concat([Buffer.from("conectix"), Buffer.alloc(504)]),
        );
      } catch (e) {
        const message = `Failed to write the VHD to '${redactUri(uri)}': ${(e as Error).message}`;
        return {
          record: { name, provisioningState: "Failed" },
          failure: `{runOutputName: '${name}', error: ${message}}`,
        };
      }
      return { record: { name, artifactUri: uri, provisioningState: "Succeeded" } };
    }
    default:
      return {
        record: { name, provisioningState: "Failed" },
        failure: `unknown distributor type ${String(d.type)}`,
      };
  }
}

/**
 * A distributor the template identity may not write, in the service's words for it
 * (https://github.com/danielsollondon/azvmimagebuilder/issues/20).
 */
function writeDenied(name: string, what: string, denied: string) {
  const message = `${what}. Error: StatusCode=403 -- Original Error: Code="AuthorizationFailed" Message="${denied}"`;
  return {
    record: { name, provisioningState: "Failed" as const },
    failure: `{runOutputName: '${name}', error: ${message}}`,
  };
}

/** The source image, when it is the customer's own, is read as the template identity. */
function checkSourceReadable(identity: TemplateIdentity, props: Json): void {
  const source = (props.source ?? {}) as Json;
  const id =
    source.type === "ManagedImage"
      ? str(source.imageId)
      : source.type === "SharedImageVersion"
        ? str(source.imageVersionId)
        : "";
  if (!id || identity.may("GET", id)) return;
  const action =
    source.type === "ManagedImage"
      ? "Microsoft.Compute/images/read"
      : "Microsoft.Compute/galleries/images/versions/read";
  throw new BuildFailure(
    "AuthorizationFailed",
    `Failed in building/customizing image: Failed while reading the source image: AuthorizationFailed: ${identity.denied(action, id)}`,
    null,
  );
}

function targetRegions(d: Json, fallback: string): string[] {
  const target = d.targetRegions as Array<{ name: string }> | undefined;
  if (target?.length) return target.map((r) => r.name);
  const replication = d.replicationRegions as string[] | undefined;
  if (replication?.length) return replication;
  if (typeof d.location === "string") return [d.location];
  return [fallback];
}

/** Versioning "Latest" (the default) bumps the newest version's patch; "Source" copies the source image's version. */
export function chooseVersion(
  existing: Map<string, unknown>,
  versioning: Json | undefined,
  source: Json | undefined,
): string {
  if (versioning?.scheme === "Source") {
    const v = (str(source?.version) || str(source?.imageVersionId)).split("/").pop() ?? "";
    const parts = /^(\d+)\.(\d+)\.(\d+)/.exec(v);
    if (parts) return `${Number(parts[1])}.${Number(parts[2])}.${Number(parts[3])}`;
    return "1.0.0";
  }
  const major = typeof versioning?.major === "number" ? versioning.major : -1;
  const versions = [...existing.keys()]
    .map((v) => v.split(".").map(Number) as [number, number, number])
    .filter((v) => v.length === 3 && v.every((n) => Number.isFinite(n)))
    .filter((v) => major < 0 || v[0] === major)
    .sort((a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2]);
  const latest = versions[versions.length - 1];
  if (!latest) return `${major >= 0 ? major : 0}.0.1`;
  return `${latest[0]}.${latest[1]}.${latest[2] + 1}`;
}

function str(v: unknown): string {
  return typeof v === "string" ? v : "";
}

/**
 * The service records which version "latest" meant when the build starts, in the read-only
 * `source.exactVersion`; callers report it as the build's real input.
 */
function resolveExactSourceVersion(ctx: BuildContext, t: TemplateRecord): void {
  const source = t.properties.source as Json | undefined;
  if (!source) return;
  if (source.type === "PlatformImage") {
    const newest = ctx.state.platformImages.find(
      t.location,
      str(source.publisher),
      str(source.offer),
      str(source.sku),
      "latest",
    );
    // A SKU the local Azure does not list still builds, as if its newest were this.
    source.exactVersion =
      source.version === "latest" ? (newest?.version ?? "24.04.202611010") : source.version;
  } else if (source.type === "SharedImageVersion") {
    const id = typeof source.imageVersionId === "string" ? source.imageVersionId : "";
    const version = id.split("/").pop() ?? "";
    source.exactVersion = version === "latest" ? "1.0.0" : version;
  }
}
