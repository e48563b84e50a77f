import { request, type Agent } from "node:https";

/** Marks the emulator's own storage traffic, so the request log can keep it apart from clients'. */
export const SERVICE_ORIGIN_HEADER = "x-local-azure-origin";

export interface BlobResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/**
 * Blob I/O the way Image Builder does it from the service side: plain REST against the account's
 * endpoint, authorised by a SAS in the URL or by a bearer token of the service's identity.
 */
export class ServiceStorage {
  constructor(
    private readonly agent: Agent,
    private readonly serviceToken: () => string,
  ) {}

  send(
    method: string,
    url: string,
    opts: { body?: Buffer; headers?: Record<string, string>; bearer?: string | null } = {},
  ): Promise<BlobResponse> {
    const headers: Record<string, string> = {
      "x-ms-version": "2021-12-02",
      "x-ms-date": new Date().toUTCString(),
      [SERVICE_ORIGIN_HEADER]: "image-builder",
      ...(opts.headers ?? {}),
    };
    const bearer = opts.bearer === undefined ? this.serviceToken() : opts.bearer;
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    headers["Content-Length"] = String(opts.body?.length ?? 0);
    return new Promise((resolve, reject) => {
      const req = request(url, { method, headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks),
          }),
        );
        res.on("error", reject);
      });
      req.on("error", reject);
      req.end(opts.body);
    });
  }

  async ensureContainer(accountUrl: string, container: string): Promise<void> {
    const r = await this.send("PUT", `${accountUrl}/${container}?restype=container`);
    if (r.status !== 201 && r.status !== 409) throw storageFailure("create container", r);
  }

  async createAppendBlob(
    blobUrl: string,
    contentType = "text/plain; charset=utf-8",
  ): Promise<void> {
    const r = await this.send("PUT", blobUrl, {
      headers: { "x-ms-blob-type": "AppendBlob", "x-ms-blob-content-type": contentType },
    });
    if (r.status !== 201) throw storageFailure("create append blob", r);
  }

  async append(blobUrl: string, text: string): Promise<void> {
    if (!text) return;
    const r = await this.send("PUT", `${blobUrl}?comp=appendblock`, {
      body: Buffer.from(text, "utf8"),
    });
    if (r.status !== 201) throw storageFailure("append block", r);
  }

  async putBlockBlob(
    blobUrl: string,
    body: Buffer,
    contentType = "application/octet-stream",
  ): Promise<void> {
    const r = await this.send("PUT", blobUrl, {
      body,
      headers: { "x-ms-blob-type": "BlockBlob", "x-ms-blob-content-type": contentType },
    });
    if (r.status !== 201) throw storageFailure("put blob", r);
  }
}

export function storageFailure(what: string, r: BlobResponse): Error {
  return new Error(`${what} failed: ${r.status} ${storageErrorCode(r) ?? ""}`.trim());
}

/** Storage answers errors in XML: <Error><Code>…</Code><Message>…</Message></Error>. */
export function storageErrorCode(r: BlobResponse): string | undefined {
  const header = r.headers["x-ms-error-code"];
  if (typeof header === "string") return header;
  return /<Code>([^<]+)<\/Code>/.exec(r.body.toString("utf8"))?.[1];
}

export function storageErrorMessage(r: BlobResponse): string | undefined {
  return /<Message>([^<]+)<\/Message>/.exec(r.body.toString("utf8"))?.[1]?.split("\n")[0];
}
