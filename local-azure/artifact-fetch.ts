import { createHash } from "node:crypto";
import type { CloudState } from "./cloud-state.js";
import type { Entra } from "./entra.js";
import { storageErrorCode, storageErrorMessage, type ServiceStorage } from "./storage-io.js";

export type FetchResult =
  | { ok: true; content: Buffer; access: "sas" | "identity" | "anonymous" | "external" }
  | { ok: false; status: number; code: string; message: string };

export interface FetchContext {
  storageOrigin: string;
  state: CloudState;
  entra: Entra;
  storage: ServiceStorage;
  /** Content served for non-storage URIs (GitHub raw links and such), which are otherwise unreachable. */
  externalFiles: Map<string, Buffer | string>;
}

/**
 * Downloads a customizer's scriptUri/sourceUri as Image Builder does, with exactly the access it
 * was given: a SAS in the URI is used as is (Azurite checks signature, expiry and permissions);
 * a plain blob URI works only if one of the template's user-assigned identities was granted read
 * on the container, in which case the service presents that identity's token.
 */
export async function fetchArtifact(
  ctx: FetchContext,
  uri: string,
  identityIds: string[],
): Promise<FetchResult> {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return {
      ok: false,
      status: 400,
      code: "InvalidUri",
      message: `parse "${uri}": invalid URI for request`,
    };
  }
  if (url.origin !== ctx.storageOrigin) {
    const external = ctx.externalFiles.get(uri);
    if (external !== undefined)
      return { ok: true, content: Buffer.from(external), access: "external" };
    return {
      ok: false,
      status: 0,
      code: "NoSuchHost",
      message: `Get "${uri}": dial tcp: lookup ${url.hostname}: no such host`,
    };
  }
  const [account = "", container = ""] = url.pathname.split("/").filter(Boolean);
  if (url.searchParams.has("sig")) {
    return answer(await ctx.storage.send("GET", uri, { bearer: null }), "sas");
  }
  for (const id of identityIds) {
    const identity = ctx.state.identityByResourceId(id);
    if (identity && ctx.state.canRead(identity.principalId, account, container)) {
      const { token } = ctx.entra.mintAccessToken({
        audience: "https://storage.azure.com/",
        oid: identity.principalId,
        appid: identity.clientId,
        lifetimeSeconds: 3600,
      });
      return answer(await ctx.storage.send("GET", uri, { bearer: token }), "identity");
    }
  }
  // Without a grant only a public container would answer.
  const anonymous = await ctx.storage.send("GET", uri, { bearer: null });
  if (anonymous.status === 200) return { ok: true, content: anonymous.body, access: "anonymous" };
  return {
    ok: false,
    status: 403,
    code: "AuthorizationPermissionMismatch",
    message: "This request is not authorized to perform this operation using this permission.",
  };
}

function answer(
  r: Awaited<ReturnType<ServiceStorage["send"]>>,
  access: "sas" | "identity",
): FetchResult {
  if (r.status === 200) return { ok: true, content: r.body, access };
  return {
    ok: false,
    status: r.status,
    code: storageErrorCode(r) ?? "Unknown",
    message: storageErrorMessage(r) ?? `HTTP ${r.status}`,
  };
}

export function sha256Hex(content: Buffer): string {
  return createHash("sha256").update(content).digest("hex");
}

/** The URI without its query, as the service prints it (a SAS signature never reaches the log). */
export function redactUri(uri: string): string {
  const q = uri.indexOf("?");
  return q === -1 ? uri : uri.slice(0, q);
}
