import type { AsyncOperation } from "./async-operations.js";

export type RunState =
  "Running" | "Canceling" | "Succeeded" | "PartiallySucceeded" | "Failed" | "Canceled";
export type RunSubState =
  "Queued" | "Building" | "Customizing" | "Optimizing" | "Validating" | "Distributing";
export type ProvisioningState =
  "Creating" | "Updating" | "Succeeded" | "Failed" | "Deleting" | "Canceled";

export interface LastRunStatus {
  startTime: string;
  endTime?: string;
  runState: RunState;
  runSubState?: RunSubState;
  message: string;
}

export interface RunOutputRecord {
  name: string;
  artifactId?: string;
  artifactUri?: string;
  provisioningState: ProvisioningState;
}

export interface ActiveRun {
  operation: AsyncOperation;
  /** Names the packerlogs/<guid>/ folder. */
  guid: string;
  abort: AbortController;
  logUrl: string;
  cancelRequested: boolean;
  done: Promise<void>;
}

export interface TriggerRecord {
  name: string;
  properties: Record<string, unknown>;
  provisioningState: ProvisioningState;
}

/** One image template as the service holds it. */
export interface TemplateRecord {
  id: string;
  name: string;
  resourceGroup: string;
  location: string;
  tags?: Record<string, string>;
  identity: { type: string; userAssignedIdentities?: Record<string, unknown> };
  /** Client-writable properties as submitted. */
  properties: Record<string, unknown>;
  /** Canonical JSON of the submitted body: a re-PUT that differs is an update, which is refused. */
  submitted: string;
  provisioningState: ProvisioningState;
  provisioningError?: { provisioningErrorCode: string; message: string };
  exactStagingResourceGroup: string;
  stagingResourceGroupName: string;
  stagingAccount: string;
  /** The service made the staging group, so it removes it with the template. */
  stagingGroupOwned: boolean;
  lastRunStatus?: LastRunStatus;
  runOutputs: RunOutputRecord[];
  run?: ActiveRun;
  /** customization.log of the latest run. */
  lastLogUrl?: string;
  triggers: Map<string, TriggerRecord>;
}

/** JSON with sorted keys, so two bodies compare by content rather than key order. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === "object") {
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
    );
  }
  return v;
}
