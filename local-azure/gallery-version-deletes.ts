import { randomUUID } from "node:crypto";
import { armTimestamp, notFound, resourceGroupNotFound } from "./arm-kit.js";
import type { ArmRoutes } from "./arm-kit.js";
import type { CloudState, GalleryImage } from "./cloud-state.js";
import { json, type Reply } from "./http-kit.js";

interface CapsOperation {
  id: string;
  definition: GalleryImage;
  version: string;
  status: "InProgress" | "Succeeded";
  polls: number;
  startTime: string;
  endTime?: string;
}

const VERSION_PATH =
  /^\/subscriptions\/[^/]+\/resourceGroups\/([^/]+)\/providers\/Microsoft\.Compute\/galleries\/([^/]+)\/images\/([^/]+)\/versions\/([^/]+)$/i;
const CAPS_OPERATION_PATH =
  /^\/subscriptions\/[^/]+\/providers\/Microsoft\.Compute\/locations\/[^/]+\/capsOperations\/([^/]+)$/i;

/**
 * Deleting a gallery image version, as Compute does it: a long-running operation answered 202
 * with `Azure-AsyncOperation` and `Location` pointing at the location's `capsOperations` (the
 * status resource of gallery operations; its RBAC action is
 * `Microsoft.Compute/locations/capsOperations/read`, listed in
 * https://learn.microsoft.com/azure/role-based-access-control/permissions/compute). The version
 * shows `provisioningState: Deleting` while the operation is in progress, then it is gone. A
 * version that does not exist is answered 204, as Resource Manager does for every DELETE.
 */
export class GalleryVersionDeletes implements ArmRoutes {
  private readonly operations = new Map<string, CapsOperation>();

  constructor(
    private readonly state: CloudState,
    private readonly armEndpoint: () => string,
    private readonly retryAfterSeconds: () => number,
  ) {}

  handle(method: string, path: string, query: URLSearchParams): Reply | undefined {
    let m: RegExpExecArray | null;
    if ((m = VERSION_PATH.exec(path)) && method === "DELETE") {
      const [, rgName, gallery, image, version] = m as unknown as string[];
      if (!this.state.resourceGroup(rgName!)) return resourceGroupNotFound(rgName!);
      const definition = this.state.galleryImageById(
        this.state.galleryImageId(rgName!, gallery!, image!),
      );
      if (!definition)
        return notFound("Microsoft.Compute/galleries/images", `${gallery}/${image}`, rgName!);
      const existing = definition.versions.get(version!);
      if (!existing) return { status: 204 };
      existing.provisioningState = "Deleting";
      const op: CapsOperation = {
        id: randomUUID(),
        definition,
        version: version!,
        status: "InProgress",
        polls: 0,
        startTime: armTimestamp(),
      };
      this.operations.set(op.id.toLowerCase(), op);
      const status = `${this.armEndpoint()}/subscriptions/${this.state.subscriptionId}/providers/Microsoft.Compute/locations/${definition.location}/capsOperations/${op.id}?api-version=${query.get("api-version")}`;
      return {
        status: 202,
        headers: {
          "Azure-AsyncOperation": status,
          Location: `${status}&monitor=true`,
          "Retry-After": String(this.retryAfterSeconds()),
        },
      };
    }
    if ((m = CAPS_OPERATION_PATH.exec(path)) && method === "GET") {
      const op = this.operations.get(m[1]!.toLowerCase());
      if (!op)
        return json(404, {
          error: { code: "NotFound", message: `The operation '${m[1]}' could not be found.` },
        });
      // The first poll sees the operation in progress, the next one sees it over: polling is
      // exercised without a test waiting on the clock.
      if (op.status === "InProgress" && op.polls++ > 0) this.complete(op);
      const inProgress = op.status === "InProgress";
      const retry = { "Retry-After": String(this.retryAfterSeconds()) };
      if (query.get("monitor") === "true")
        return inProgress ? { status: 202, headers: retry } : { status: 200 };
      return json(
        200,
        {
          startTime: op.startTime,
          ...(op.endTime ? { endTime: op.endTime } : {}),
          status: op.status,
          name: op.id,
        },
        inProgress ? retry : {},
      );
    }
    return undefined;
  }

  private complete(op: CapsOperation): void {
    op.definition.versions.delete(op.version);
    op.status = "Succeeded";
    op.endTime = armTimestamp();
  }
}
