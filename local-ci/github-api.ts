/**
 * A local stand-in for the part of GitHub's REST API a pull request comment uses: list,
 * create and update issue comments (a pull request's conversation comments are issue
 * comments). HTTPS on 127.0.0.1 with its own certificate; a bundle reaches it through
 * GITHUB_API_URL, the setting GitHub Enterprise Server users have. Tokens are checked as
 * GitHub does: unknown → 401, read-only → 403 with GitHub's message.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { createServer } from "node:https";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { generate } from "selfsigned";

export interface IssueComment {
  id: number;
  body: string;
  user: { login: string };
  created_at: string;
  updated_at: string;
}

export interface GitHubApiRequest {
  method: string;
  path: string;
  token?: string;
}

export interface LocalGitHubApi {
  /** GITHUB_API_URL for a step. */
  url: string;
  /** A PEM file with this stand-in's certificate and the given extra ones: NODE_EXTRA_CA_CERTS. */
  caBundlePath: string;
  requests: GitHubApiRequest[];
  /** The conversation of `owner/repo` pull request (or issue) `number`, oldest first. */
  comments(repository: string, number: number): IssueComment[];
  addComment(repository: string, number: number, body: string, login?: string): IssueComment;
  stop(): Promise<void>;
}

/** Permission of a token on issues and pull requests. */
export type TokenAccess = "write" | "read";

// A 403 as GitHub answers a GITHUB_TOKEN without pull-requests/issues write, e.g. as quoted in
// https://github.com/jayamanikharyono/airflow-dag-action/issues/23 :
// 403 {"message": "Resource not accessible by integration", "documentation_url": "https://docs.github.com/rest/reference/issues#create-an-issue-comment"}
const NOT_ACCESSIBLE = "Resource not accessible by integration";

export async function startGitHubApi(options: {
  tokens: Record<string, TokenAccess>;
  /** PEM of other local services the step must also trust (the local Azure's CA). */
  alsoTrust?: string[];
}): Promise<LocalGitHubApi> {
  const tls = await certificate();
  const directory = mkdtempSync(path.join(os.tmpdir(), "local-github-api-"));
  const caBundlePath = path.join(directory, "ca-bundle.pem");
  writeFileSync(caBundlePath, [tls.cert, ...(options.alsoTrust ?? [])].join("\n"));
  const threads = new Map<string, IssueComment[]>();
  const requests: GitHubApiRequest[] = [];
  let nextId = 1_000_000_001;
  const thread = (repository: string, number: number) => {
    const key = `${repository.toLowerCase()}#${number}`;
    let list = threads.get(key);
    if (!list) threads.set(key, (list = []));
    return list;
  };
  const addComment = (repository: string, number: number, body: string, login = "octocat") => {
    const now = new Date().toISOString();
    const c: IssueComment = {
      id: nextId++,
      body,
      user: { login },
      created_at: now,
      updated_at: now,
    };
    thread(repository, number).push(c);
    return c;
  };
  let origin = "";

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", origin);
    const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    requests.push({ method: req.method ?? "", path: url.pathname + url.search, token: auth });
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
      res.end(JSON.stringify(body));
    };
    const access = auth ? options.tokens[auth] : undefined;
    if (!access)
      return send(401, {
        message: "Bad credentials",
        documentation_url: "https://docs.github.com/rest",
        status: "401",
      });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const payload = chunks.length
      ? (JSON.parse(Buffer.concat(chunks).toString("utf8")) as { body?: string })
      : {};
    const onThread = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const oneComment = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const writes = req.method === "POST" || req.method === "PATCH";
    if ((onThread || oneComment) && writes && access !== "write")
      return send(403, {
        message: NOT_ACCESSIBLE,
        documentation_url: onThread
          ? "https://docs.github.com/rest/issues/comments#create-an-issue-comment"
          : "https://docs.github.com/rest/issues/comments#update-an-issue-comment",
        status: "403",
      });
    if (onThread) {
      const list = thread(`${onThread[1]}/${onThread[2]}`, Number(onThread[3]));
      if (req.method === "GET") {
        const perPage = Math.min(100, Number(url.searchParams.get("per_page") ?? 30) || 30);
        const page = Math.max(1, Number(url.searchParams.get("page") ?? 1) || 1);
        const last = Math.max(1, Math.ceil(list.length / perPage));
        const link = (p: number, rel: string) => {
          const u = new URL(url);
          u.searchParams.set("page", String(p));
          u.searchParams.set("per_page", String(perPage));
          return `<${u.href}>; rel="${rel}"`;
        };
        const links = [
          ...(page < last ? [link(page + 1, "next"), link(last, "last")] : []),
          ...(page > 1 ? [link(1, "first"), link(page - 1, "prev")] : []),
        ];
        return send(
          200,
          list.slice((page - 1) * perPage, page * perPage),
          links.length ? { link: links.join(", ") } : {},
        );
      }
      if (req.method === "POST") {
        if (typeof payload.body !== "string")
          return send(422, {
            message: 'Invalid request.\n\n"body" wasn\'t supplied.',
            status: "422",
          });
        return send(
          201,
          addComment(
            `${onThread[1]}/${onThread[2]}`,
            Number(onThread[3]),
            payload.body,
            "github-actions[bot]",
          ),
        );
      }
    }
    if (oneComment) {
      const found = [...threads.values()].flat().find((c) => c.id === Number(oneComment[3]));
      if (!found) return send(404, { message: "Not Found", status: "404" });
      if (req.method === "GET") return send(200, found);
      if (req.method === "PATCH") {
        if (typeof payload.body !== "string")
          return send(422, {
            message: 'Invalid request.\n\n"body" wasn\'t supplied.',
            status: "422",
          });
        found.body = payload.body;
        found.updated_at = new Date().toISOString();
        return send(200, found);
      }
    }
    return send(404, {
      message: "Not Found",
      documentation_url: "https://docs.github.com/rest",
      status: "404",
    });
  };

  const server = createServer({ cert: tls.cert, key: tls.private }, (req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    caBundlePath,
    requests,
    comments: (repository, number) => [...thread(repository, number)],
    addComment,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/**
 * Its own CA for 127.0.0.1, under a subject of its own: OpenSSL picks a trusted CA by subject,
 * so one sharing the local Azure's would be tried for the other's certificates and fail.
 */
function certificate() {
  const now = Date.now();
  return generate([{ name: "commonName", value: "local GitHub API" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 7 * 24 * 3600_000),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      { name: "subjectAltName", altNames: [{ type: 7, ip: "127.0.0.1" }] },
    ],
  });
}
