/**
 * The guard every bundle process runs under (local-ci/no-network.mjs) must itself be able
 * to fail: each way of reaching the network is reported and refused, and the helper turns a
 * report from a real bundle into a failed test.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { runGitHub, runNode } from "../../local-ci/run-bundle.js";

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), "bake-no-network-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function script(name: string, code: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, code);
  return file;
}

test.each([
  ["fetch", `await fetch("http://127.0.0.1:9/token");`, "fetch http://127.0.0.1:9/token"],
  [
    "http.request imported by name",
    `import { request } from "node:http";\nrequest({ host: "127.0.0.1", port: 9 }).end();`,
    "http.request 127.0.0.1:9",
  ],
  [
    "https.get",
    `import https from "node:https";\nhttps.get("https://127.0.0.1:9/");`,
    "https.get https://127.0.0.1:9/",
  ],
  [
    "net.connect",
    `import net from "node:net";\nnet.connect(9, "127.0.0.1");`,
    "net.Socket.connect 127.0.0.1:9",
  ],
  [
    "dns.promises.lookup",
    `import dns from "node:dns";\nawait dns.promises.lookup("management.azure.com");`,
    "dns.promises.lookup management.azure.com",
  ],
])("%s is reported and refused", async (name, code, target) => {
  const file = script(`${name.replace(/\W+/g, "-")}.mjs`, `${code}\nconsole.log("reached");\n`);
  const result = await runNode([file]);
  expect(result.networkAttempts).toEqual([target]);
  expect(result.stderr).toContain(`NETWORK-ACCESS-ATTEMPTED ${target}`);
  // Refused: the line after the attempt never runs, and the process fails.
  expect(result.stdout).not.toContain("reached");
  expect(result.exitCode).not.toBe(0);
});

test("a script that stays offline reports nothing", async () => {
  const file = script("offline.mjs", `console.log(JSON.stringify({ ok: 1 + 1 }));\n`);
  const result = await runNode([file]);
  expect(result.networkAttempts).toEqual([]);
  expect(result.stdout.trim()).toBe('{"ok":2}');
  expect(result.exitCode).toBe(0);
});

test("a bundle that reaches for the network fails the helper", async () => {
  // Not a dry run, and GitHub OIDC sign-in: the bundle asks the runner for an ID token.
  const run = runGitHub(
    {
      "resource-group": "rg-images",
      location: "westeurope",
      source: "Canonical:ubuntu-24_04-lts:server:latest",
      identity: "id-image-builder",
      "subscription-id": "00000000-0000-0000-0000-000000000000",
      vhd: "true",
      "client-id": "22222222-2222-2222-2222-222222222222",
      "tenant-id": "11111111-1111-1111-1111-111111111111",
    },
    {
      env: {
        ACTIONS_ID_TOKEN_REQUEST_URL: "http://127.0.0.1:9/token",
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: "not-a-real-token",
      },
    },
  );
  await expect(run).rejects.toThrow(/tried to reach the network: .*127\.0\.0\.1:9/);
});
