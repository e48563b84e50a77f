import { randomBytes, randomUUID } from "node:crypto";
import { armAction } from "./access-control.js";
import { armError, notFound, resourceGroupNotFound } from "./arm-kit.js";
import type { MatchedOperation, SpecConformance } from "./conformance.js";
import { json, sleep, type Reply } from "./http-kit.js";
import { compatibilityError } from "./image-compatibility.js";
import { cancelRun, startRun, type BuildContext } from "./run-simulation.js";
import { canonicalJson, type TemplateRecord } from "./template-record.js";

type Json = Record<string, unknown>;

const TYPE = "Microsoft.VirtualMachineImages/imageTemplates";
const UPDATE_REFUSED =
  "Update/Upgrade of image templates is currently not supported. Please change the name of the template you are submitting. For more information, please go to https://aka.ms/updateimagetemplate.";

/**
 * The Microsoft.VirtualMachineImages resource provider: image templates, their runs, run outputs
 * and triggers, with the service's semantics (no in-place update, one run at a time, async
 * create/delete/run/cancel) on the scenario's timeline.
 */
export class ImageTemplatesProvider {
  readonly templates = new Map<string, TemplateRecord>();
  /**
   * Every template ever created, by resource ID (lower case), still readable after deletion,
   * with how many runs actually started for that name: a retried POST run that the service
   * refused with 409 does not count.
   */
  readonly history = new Map<string, { template: TemplateRecord; runsStarted: number }>();

  constructor(
    private readonly ctx: BuildContext & { subscriptionId: string },
    private readonly spec: SpecConformance,
  ) {}

  private key(rg: string, name: string): string {
    return `${rg}/${name}`.toLowerCase();
  }

  find(rg: string, name: string): TemplateRecord | undefined {
    return this.templates.get(this.key(rg, name));
  }

  handle(match: MatchedOperation, body: unknown, requestErrors: string[]): Reply {
    const p = match.params;
    const op = match.operation.operationId;
    if (op === "Operations_List") return json(200, this.operationsList());
    if (op === "VirtualMachineImageTemplates_List") {
      return json(200, { value: [...this.templates.values()].map((t) => this.toResource(t)) });
    }
    const rgName = p.resourceGroupName!;
    const rg = this.ctx.state.resourceGroup(rgName);
    if (!rg) return resourceGroupNotFound(rgName);
    if (op === "VirtualMachineImageTemplates_ListByResourceGroup") {
      return json(200, {
        value: [...this.templates.values()]
          .filter((t) => t.resourceGroup.toLowerCase() === rgName.toLowerCase())
          .map((t) => this.toResource(t)),
      });
    }
    const pathErrors = requestErrors.filter((e) => e.startsWith("path:"));
    if (pathErrors.length) return armError(400, "InvalidParameter", pathErrors.join("; "));
    const name = p.imageTemplateName!;
    const t = this.find(rgName, name);
    switch (op) {
      case "VirtualMachineImageTemplates_CreateOrUpdate":
        return this.put(rg.name, name, body, requestErrors, t);
      case "VirtualMachineImageTemplates_Get": {
        const wait = this.ctx.scenario().templateGetRetryAfterMs;
        const headers: Record<string, string> =
          wait === undefined ? {} : { "retry-after-ms": String(wait) };
        return t ? json(200, this.toResource(t), headers) : notFound(TYPE, name, rgName);
      }
      case "VirtualMachineImageTemplates_Update":
        return t ? this.patch(t, body, requestErrors) : notFound(TYPE, name, rgName);
      case "VirtualMachineImageTemplates_Delete":
        return this.delete(t);
      case "VirtualMachineImageTemplates_Run":
        return t ? this.run(t) : notFound(TYPE, name, rgName);
      case "VirtualMachineImageTemplates_Cancel":
        return t ? this.cancel(t) : notFound(TYPE, name, rgName);
      case "VirtualMachineImageTemplates_ListRunOutputs":
        if (!t) return notFound(TYPE, name, rgName);
        return json(200, { value: t.runOutputs.map((o) => this.runOutputResource(t, o)) });
      case "VirtualMachineImageTemplates_GetRunOutput": {
        if (!t) return notFound(TYPE, name, rgName);
        const o = t.runOutputs.find((r) => r.name === p.runOutputName);
        return o
          ? json(200, this.runOutputResource(t, o))
          : notFound(`${TYPE}/runOutputs`, `${name}/${p.runOutputName}`, rgName);
      }
      default:
        return this.triggers(op, t, name, rgName, p.triggerName, body, requestErrors);
    }
  }

  private put(
    rg: string,
    name: string,
    body: unknown,
    requestErrors: string[],
    existing: TemplateRecord | undefined,
  ): Reply {
    const bodyErrors = requestErrors.filter((e) => e.startsWith("body"));
    if (bodyErrors.length) return invalidContent(bodyErrors);
    const b = body as Json;
    const semantic = semanticErrors(b) ?? compatibilityError(this.ctx.state, b);
    if (semantic) return armError(400, "InvalidParameter", semantic);
    const submitted = canonicalJson({
      location: b.location,
      tags: b.tags ?? {},
      identity: b.identity,
      properties: b.properties,
    });
    if (existing) {
      if (existing.provisioningState === "Deleting") {
        return armError(
          409,
          "Conflict",
          `Image template '${name}' is being deleted. Retry after the deletion has completed.`,
        );
      }
      if (existing.submitted !== submitted) return armError(409, "Conflict", UPDATE_REFUSED);
      return json(200, this.toResource(existing));
    }
    const props = structuredClone(b.properties) as Json;
    const staging = this.prepareStaging(rg, name, props.stagingResourceGroup as string | undefined);
    const t: TemplateRecord = {
      id: `/subscriptions/${this.ctx.subscriptionId}/resourceGroups/${rg}/providers/${TYPE}/${name}`,
      name,
      resourceGroup: rg,
      location: b.location as string,
      ...(b.tags ? { tags: b.tags as Record<string, string> } : {}),
      identity: structuredClone(b.identity) as TemplateRecord["identity"],
      properties: props,
      submitted,
      provisioningState: "Creating",
      ...staging,
      runOutputs: [],
      triggers: new Map(),
    };
    this.templates.set(this.key(rg, name), t);
    const seen = this.history.get(t.id.toLowerCase());
    this.history.set(t.id.toLowerCase(), { template: t, runsStarted: seen?.runsStarted ?? 0 });
    const op = this.ctx.operations.start(t.location);
    void sleep(this.ctx.scenario().timeline.provisionMs, this.ctx.shutdown)
      .then(() => {
        if (t.provisioningState !== "Creating") return;
        t.provisioningState = "Succeeded";
        this.ctx.operations.finish(op, "Succeeded");
        if ((props.autoRun as Json | undefined)?.state === "Enabled") this.startCounted(t);
      })
      .catch(() => undefined);
    return json(201, this.toResource(t), this.ctx.operations.headers(op));
  }

  /** IT_<rg>_<template>_<guid> with a storage account in it, unless the client named a group. */
  private prepareStaging(rg: string, name: string, requested: string | undefined) {
    let groupName: string;
    let owned: boolean;
    if (requested) {
      groupName = requested.split("/").filter(Boolean)[3] ?? requested;
      owned = !this.ctx.state.resourceGroup(groupName);
    } else {
      groupName = `IT_${rg}_${name}_${randomUUID()}`;
      owned = true;
    }
    this.ctx.state.addResourceGroup(groupName, this.ctx.state.resourceGroup(rg)?.location);
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    const account = [...randomBytes(24)].map((x) => alphabet[x % alphabet.length]).join("");
    this.ctx.state.addStorageAccount(account, groupName);
    return {
      exactStagingResourceGroup: `/subscriptions/${this.ctx.subscriptionId}/resourceGroups/${groupName}`,
      stagingResourceGroupName: groupName,
      stagingAccount: account,
      stagingGroupOwned: owned,
    };
  }

  private patch(t: TemplateRecord, body: unknown, requestErrors: string[]): Reply {
    const bodyErrors = requestErrors.filter((e) => e.startsWith("body"));
    if (bodyErrors.length) return invalidContent(bodyErrors);
    if (t.run)
      return armError(
        409,
        "Conflict",
        `Image template '${t.name}' has a run in progress; it cannot be updated now.`,
      );
    const b = (body ?? {}) as Json;
    if (b.tags) t.tags = b.tags as Record<string, string>;
    if (b.identity) t.identity = structuredClone(b.identity) as TemplateRecord["identity"];
    const props = b.properties as Json | undefined;
    if (props?.vmProfile) t.properties.vmProfile = structuredClone(props.vmProfile);
    if (props?.distribute) t.properties.distribute = structuredClone(props.distribute);
    return json(200, this.toResource(t));
  }

  private delete(t: TemplateRecord | undefined): Reply {
    if (!t) return { status: 204 };
    if (t.run) {
      return armError(
        409,
        "Conflict",
        `Image template '${t.name}' has a run in progress (runState '${t.lastRunStatus?.runState ?? "Running"}'). Cancel the run before deleting the template.`,
      );
    }
    const op = this.ctx.operations.start(t.location);
    if (t.provisioningState !== "Deleting") {
      t.provisioningState = "Deleting";
      void sleep(this.ctx.scenario().timeline.deleteMs, this.ctx.shutdown)
        .then(() => {
          this.templates.delete(this.key(t.resourceGroup, t.name));
          this.ctx.state.storageAccounts.delete(t.stagingAccount);
          if (t.stagingGroupOwned) this.ctx.state.removeResourceGroup(t.stagingResourceGroupName);
          this.ctx.operations.finish(op, "Succeeded");
        })
        .catch(() => undefined);
    } else {
      this.ctx.operations.finish(op, "Succeeded");
    }
    return { status: 202, headers: this.ctx.operations.headers(op, true) };
  }

  private run(t: TemplateRecord): Reply {
    if (t.provisioningState !== "Succeeded") {
      return armError(
        409,
        "Conflict",
        `Image template '${t.name}' is in provisioning state '${t.provisioningState}'; it can be run only once provisioning has succeeded.`,
      );
    }
    if (t.run) {
      return armError(
        409,
        "Conflict",
        `Image template '${t.name}' already has a run in progress (runState '${t.lastRunStatus?.runState ?? "Running"}', runSubState '${t.lastRunStatus?.runSubState ?? "Queued"}'). Wait for it to finish or cancel it before starting another run.`,
      );
    }
    const run = this.startCounted(t);
    return { status: 202, headers: this.ctx.operations.headers(run.operation, true) };
  }

  private startCounted(t: TemplateRecord) {
    const h = this.history.get(t.id.toLowerCase());
    if (h) h.runsStarted++;
    return startRun(this.ctx, t);
  }

  private cancel(t: TemplateRecord): Reply {
    if (!t.run)
      return armError(
        409,
        "Conflict",
        `Image template '${t.name}' has no run in progress to cancel.`,
      );
    const op = this.ctx.operations.start(t.location);
    const run = t.run;
    if (!run.cancelRequested) cancelRun(this.ctx, t, run);
    void run.done.then(() => this.ctx.operations.finish(op, "Succeeded"));
    return { status: 202, headers: this.ctx.operations.headers(op, true) };
  }

  private triggers(
    op: string,
    t: TemplateRecord | undefined,
    name: string,
    rg: string,
    triggerName: string | undefined,
    body: unknown,
    requestErrors: string[],
  ): Reply {
    if (!t) return notFound(TYPE, name, rg);
    const resource = (tr: { name: string; properties: Json; provisioningState: string }) => ({
      id: `${t.id}/triggers/${tr.name}`,
      name: tr.name,
      type: `${TYPE}/triggers`,
      properties: {
        ...tr.properties,
        status: { code: "Healthy", message: "", time: new Date().toISOString() },
        provisioningState: tr.provisioningState,
      },
    });
    switch (op) {
      case "Triggers_ListByImageTemplate":
        return json(200, { value: [...t.triggers.values()].map(resource) });
      case "Triggers_Get": {
        const tr = t.triggers.get(triggerName!);
        return tr
          ? json(200, resource(tr))
          : notFound(`${TYPE}/triggers`, `${name}/${triggerName}`, rg);
      }
      case "Triggers_CreateOrUpdate": {
        const bodyErrors = requestErrors.filter((e) => e.startsWith("body"));
        if (bodyErrors.length) return invalidContent(bodyErrors);
        const tr = {
          name: triggerName!,
          properties: structuredClone((body as Json).properties) as Json,
          provisioningState: "Succeeded" as const,
        };
        t.triggers.set(tr.name, tr);
        const aop = this.ctx.operations.start(t.location);
        this.ctx.operations.finish(aop, "Succeeded");
        return json(201, resource(tr), this.ctx.operations.headers(aop));
      }
      case "Triggers_Delete": {
        if (!t.triggers.delete(triggerName!)) return { status: 204 };
        const aop = this.ctx.operations.start(t.location);
        this.ctx.operations.finish(aop, "Succeeded");
        return { status: 202, headers: this.ctx.operations.headers(aop, true) };
      }
      default:
        return armError(
          400,
          "InvalidResourceType",
          `The operation '${op}' is not supported by the emulator.`,
        );
    }
  }

  toResource(t: TemplateRecord): Json {
    const identities: Record<string, Json> = {};
    for (const id of Object.keys(t.identity.userAssignedIdentities ?? {})) {
      const known = this.ctx.state.identityByResourceId(id);
      identities[id] = {
        principalId: known?.principalId ?? stableGuid(id, "p"),
        clientId: known?.clientId ?? stableGuid(id, "c"),
      };
    }
    return {
      id: t.id,
      name: t.name,
      type: TYPE,
      location: t.location,
      ...(t.tags ? { tags: t.tags } : {}),
      identity:
        t.identity.type === "None"
          ? { type: "None" }
          : { type: t.identity.type, userAssignedIdentities: identities },
      properties: {
        ...t.properties,
        provisioningState: t.provisioningState,
        ...(t.provisioningError ? { provisioningError: t.provisioningError } : {}),
        ...(t.lastRunStatus ? { lastRunStatus: { ...t.lastRunStatus } } : {}),
        exactStagingResourceGroup: t.exactStagingResourceGroup,
      },
    };
  }

  private runOutputResource(t: TemplateRecord, o: TemplateRecord["runOutputs"][number]): Json {
    return {
      id: `${t.id}/runOutputs/${o.name}`,
      name: o.name,
      type: `${TYPE}/runOutputs`,
      properties: {
        ...(o.artifactId ? { artifactId: o.artifactId } : {}),
        ...(o.artifactUri ? { artifactUri: o.artifactUri } : {}),
        provisioningState: o.provisioningState,
      },
    };
  }

  /** The provider's operations, one per RBAC action its API serves, named as ARM names them. */
  private operationsList(): Json {
    const seen = new Set<string>();
    const value: Json[] = [];
    for (const op of this.spec.operations()) {
      const action = armAction(op.method, op.pathTemplate);
      if (!action || seen.has(action)) continue;
      seen.add(action);
      const [provider, ...rest] = action.split("/");
      value.push({
        name: action,
        display: {
          provider: provider!,
          resource: rest.slice(0, -1).join("/"),
          operation: rest.at(-1)!,
          description: op.operationId,
        },
        isDataAction: false,
      });
    }
    return { value };
  }
}

function invalidContent(errors: string[]): Reply {
  return armError(
    400,
    "InvalidRequestContent",
    `The request content was invalid and could not be deserialized: ${errors.join("; ")}`,
    {
      details: errors.map((e) => ({
        code: "InvalidRequestContent",
        message: e,
        target:
          e
            .split(":")[0]!
            .replace(/^body\/?/, "")
            .replace(/\//g, ".") || "body",
      })),
    },
  );
}

/** Rules the schema cannot express but the service enforces at submission. */
function semanticErrors(b: Json): string | undefined {
  const props = (b.properties ?? {}) as Json;
  const customize = (props.customize as Json[] | undefined) ?? [];
  for (const [i, c] of customize.entries()) {
    if (
      (c.type === "Shell" || c.type === "PowerShell") &&
      (c.scriptUri ? 1 : 0) + (c.inline ? 1 : 0) !== 1
    ) {
      return `Validation failed: 'ImageTemplate.properties.customize[${i}]': exactly one of 'scriptUri' or 'inline' must be specified.`;
    }
    if (c.type === "File" && (!c.sourceUri || !c.destination)) {
      return `Validation failed: 'ImageTemplate.properties.customize[${i}]': 'sourceUri' and 'destination' are required for File customizers.`;
    }
  }
  const distribute = (props.distribute as Json[] | undefined) ?? [];
  if (distribute.length === 0)
    return "Validation failed: 'ImageTemplate.properties.distribute': at least one distribution target is required.";
  const names = distribute.map((d) => String(d.runOutputName).toLowerCase());
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    return `Validation failed: 'ImageTemplate.properties.distribute': runOutputName '${dup}' is used more than once.`;
  const identity = b.identity as Json | undefined;
  if (
    identity?.type === "UserAssigned" &&
    Object.keys((identity.userAssignedIdentities as Json | undefined) ?? {}).length !== 1
  ) {
    return "Validation failed: 'ImageTemplate.identity': exactly one user-assigned identity must be specified.";
  }
  return undefined;
}

function stableGuid(seed: string, salt: string): string {
  let h = 0;
  for (const ch of salt + seed.toLowerCase()) h = (h * 31 + ch.charCodeAt(0)) >>> 0;
  const hex = (h.toString(16).padStart(8, "0") + "0".repeat(24)).slice(0, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}
