import type { CleanupState, CleanupTargets } from "../../src/core/run/cleanup.js";
import type { TemplateOperations } from "../../src/core/run/template-operations.js";

/**
 * An image template as Image Builder would keep it, in memory: the requests it is sent are
 * recorded, and it answers the way the service does (a cancelled run goes Canceling, a
 * delete may be refused with 409 while a run is wrapped up).
 */
export class FakeTemplate implements TemplateOperations {
  readonly requests: Array<"find" | "cancel" | "delete"> = [];
  exists = true;
  /** How many deletes are refused with 409 before one goes through. */
  refusedDeletes = 0;
  /** Set to fail each delete with this error instead. */
  deleteFault: Error | undefined;
  cancelFault: Error | undefined;
  /** The Retry-After the service answers a cancel with. */
  cancelRetryAfterMs: number | undefined;

  constructor(
    readonly name: string,
    public runState: string | undefined,
    readonly tags: Record<string, string> = {},
  ) {}

  get id(): string {
    return `/subscriptions/sub/resourceGroups/rg/providers/Microsoft.VirtualMachineImages/imageTemplates/${this.name}`;
  }

  find(): Promise<{ lastRunStatus?: { runState?: string } } | undefined> {
    this.requests.push("find");
    return Promise.resolve(
      this.exists ? { lastRunStatus: { runState: this.runState } } : undefined,
    );
  }

  requestCancel(): Promise<number | undefined> {
    this.requests.push("cancel");
    if (this.cancelFault) return Promise.reject(this.cancelFault);
    if (this.runState === "Running") this.runState = "Canceling";
    return Promise.resolve(this.cancelRetryAfterMs);
  }

  delete(): Promise<boolean> {
    this.requests.push("delete");
    if (!this.exists) return Promise.resolve(false);
    if (this.deleteFault) return Promise.reject(this.deleteFault);
    if (this.refusedDeletes > 0) {
      this.refusedDeletes--;
      return Promise.reject(
        Object.assign(new Error("Conflict: the template's run is being wrapped up"), {
          statusCode: 409,
        }),
      );
    }
    this.exists = false;
    return Promise.resolve(true);
  }

  count(request: "find" | "cancel" | "delete"): number {
    return this.requests.filter((r) => r === request).length;
  }
}

/** Staged files under one prefix, deleted through the same call cleanup makes. */
export class FakeStagedFiles {
  readonly deletedPrefixes: string[] = [];
  constructor(public files: number) {}
  deletePrefix(prefix: string): Promise<number> {
    this.deletedPrefixes.push(prefix);
    const deleted = this.files;
    this.files = 0;
    return Promise.resolve(deleted);
  }
}

/** What cleanup reaches, made of the fakes above; a name with no template is one that is gone. */
export function fakeTargets(
  templates: FakeTemplate[],
  staged = new FakeStagedFiles(0),
): CleanupTargets {
  return {
    templatesIn: async function* () {
      for (const t of templates)
        if (t.exists) yield await Promise.resolve({ name: t.name, tags: t.tags });
    },
    template: (_resourceGroup, name) => {
      const found = templates.find((t) => t.name === name);
      if (found) return found;
      const gone = new FakeTemplate(name, undefined);
      gone.exists = false;
      return gone;
    },
    stagedFiles: () => staged,
  };
}

export function stateOf(
  template: FakeTemplate,
  created: boolean,
  staging?: CleanupState["staging"],
): CleanupState {
  return { resourceGroup: "rg", templateName: template.name, createdTemplate: created, staging };
}

export const STAGING: NonNullable<CleanupState["staging"]> = {
  account: {
    id: "/subscriptions/sub/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/bakestaging",
    name: "bakestaging",
    blobEndpoint: "https://bakestaging.blob.core.windows.net/",
  },
  container: "bake-staging",
  prefix: "1234567890/1/build-bake/",
};
