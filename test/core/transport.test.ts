import { createServer, type IncomingMessage, type ServerResponse, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createHttpHeaders, createPipelineRequest } from "@azure/core-rest-pipeline";
import {
  RetryingHttpClient,
  type RetryIncident,
  type RetrySettings,
} from "../../src/core/azure/transport.js";

type Script = (req: IncomingMessage, res: ServerResponse, attempt: number) => void;

let server: Server;
let origin = "";
let script: Script = (_req, res) => res.end("ok");
let attempts = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    attempts++;
    req.resume();
    req.on("end", () => script(req, res, attempts));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  attempts = 0;
});

const FAST: RetrySettings = {
  maxTries: 4,
  firstDelayMs: 20,
  maxDelayMs: 80,
  maxRetryAfterMs: 2_000,
  tryTimeoutMs: 500,
};

function client(settings: RetrySettings = FAST, replay = () => true) {
  const incidents: RetryIncident[] = [];
  const http = new RetryingHttpClient((i) => incidents.push(i), settings, replay);
  return { http, incidents };
}

function get(
  path = "/subscriptions/s/resourceGroups/rg?sig=SECRET",
  method: "GET" | "POST" = "GET",
) {
  return createPipelineRequest({
    url: `${origin}${path}`,
    method,
    headers: createHttpHeaders(),
    // The test server speaks plain HTTP on 127.0.0.1.
    allowInsecureConnection: true,
  });
}

function answer(status: number, headers: Record<string, string> = {}): Script {
  return (_req, res) => {
    res.writeHead(status, headers);
    res.end(status === 200 ? "ok" : "busy");
  };
}

/** Fails the first `n` tries with `fault`, then answers 200. */
function firstFail(n: number, fault: Script): Script {
  return (req, res, attempt) =>
    attempt <= n ? fault(req, res, attempt) : answer(200)(req, res, attempt);
}

test("429 without Retry-After is retried with backoff, and told once", async () => {
  script = firstFail(2, answer(429));
  const { http, incidents } = client();
  const response = await http.sendRequest(get());
  expect(response.status).toBe(200);
  expect(attempts).toBe(3);
  expect(incidents).toHaveLength(1);
  expect(incidents[0]).toMatchObject({ fault: "429", method: "GET", attempt: 1 });
  expect(incidents[0]!.path).toBe("/subscriptions/s/resourceGroups/rg");
});

test("Retry-After is obeyed, in seconds or milliseconds", async () => {
  script = firstFail(1, answer(503, { "retry-after-ms": "300" }));
  const { http, incidents } = client();
  const started = Date.now();
  expect((await http.sendRequest(get())).status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  expect(incidents[0]!.delayMs).toBe(300);
});

test.each([500, 502, 503, 504, 408])("%d is retried", async (status) => {
  script = firstFail(1, answer(status));
  const { http } = client();
  expect((await http.sendRequest(get())).status).toBe(200);
  expect(attempts).toBe(2);
});

test.each([400, 401, 403, 404, 409, 501])("%d is answered at once", async (status) => {
  script = answer(status);
  const { http, incidents } = client();
  expect((await http.sendRequest(get())).status).toBe(status);
  expect(attempts).toBe(1);
  expect(incidents).toEqual([]);
});

test("a connection reset is retried", async () => {
  script = firstFail(1, (req) => req.socket.destroy());
  const { http, incidents } = client();
  expect((await http.sendRequest(get())).status).toBe(200);
  expect(attempts).toBe(2);
  expect(incidents[0]!.fault).toBe("ECONNRESET");
});

test("a try that hangs is abandoned and tried again", async () => {
  script = firstFail(1, () => undefined);
  const { http, incidents } = client();
  expect((await http.sendRequest(get())).status).toBe(200);
  expect(incidents[0]!.fault).toBe("TRY_TIMEOUT");
});

test("tries are bounded: the last answer is returned", async () => {
  script = answer(503);
  const { http, incidents } = client();
  expect((await http.sendRequest(get())).status).toBe(503);
  expect(attempts).toBe(FAST.maxTries);
  expect(incidents).toHaveLength(1);
});

test("a Retry-After beyond the limit is an outage, answered as it is", async () => {
  script = answer(503, { "retry-after": "3600" });
  const { http } = client();
  expect((await http.sendRequest(get())).status).toBe(503);
  expect(attempts).toBe(1);
});

test("an action that may have happened is not sent again; a refusal (429) is", async () => {
  const notReplayed = () => false;
  script = firstFail(1, (req) => req.socket.destroy());
  await expect(client(FAST, notReplayed).http.sendRequest(get("/x/run", "POST"))).rejects.toThrow();
  expect(attempts).toBe(1);

  attempts = 0;
  script = firstFail(1, answer(503));
  expect((await client(FAST, notReplayed).http.sendRequest(get("/x/run", "POST"))).status).toBe(
    503,
  );
  expect(attempts).toBe(1);

  attempts = 0;
  script = firstFail(1, answer(429));
  expect((await client(FAST, notReplayed).http.sendRequest(get("/x/run", "POST"))).status).toBe(
    200,
  );
  expect(attempts).toBe(2);
});

test("cancellation stops the backoff at once", async () => {
  script = answer(503, { "retry-after": "1" });
  const { http } = client();
  const controller = new AbortController();
  const request = get();
  request.abortSignal = controller.signal;
  const started = Date.now();
  setTimeout(() => controller.abort(), 100);
  await expect(http.sendRequest(request)).rejects.toMatchObject({ name: "AbortError" });
  expect(Date.now() - started).toBeLessThan(900);
  expect(attempts).toBe(1);
});
