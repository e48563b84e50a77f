import { describe, expect, it } from "@jest/globals";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { startLocalAzure } from "../../local-azure/harness.js";

describe("harness start and stop", () => {
  it("listens only on 127.0.0.1, removes its certificate and frees its ports on stop", async () => {
    const az = await startLocalAzure();
    expect(az.armEndpoint).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(az.storageOrigin).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(existsSync(az.caCertPath)).toBe(true);
    expect(az.env.NODE_EXTRA_CA_CERTS).toBe(az.caCertPath);
    await az.stop();
    expect(existsSync(az.caCertPath)).toBe(false);
    const net = await import("node:net");
    for (const origin of [az.armEndpoint, az.storageOrigin]) {
      const port = Number(new URL(origin).port);
      const refused = await new Promise<boolean>((resolve) => {
        const s = net.connect(port, "127.0.0.1");
        s.once("connect", () => (s.destroy(), resolve(false)));
        s.once("error", () => resolve(true));
      });
      expect(refused).toBe(true);
    }
  });

  it("`npm run emulator -- --seconds 1` prints how to use it and exits by itself, with nothing left running", async () => {
    const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
    const child = spawn(
      process.execPath,
      [
        path.join(root, "node_modules", "tsx", "dist", "cli.mjs"),
        "local-azure/cli.ts",
        "--seconds",
        "1",
      ],
      { cwd: root, stdio: ["ignore", "pipe", "pipe"] },
    );
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    const code = await new Promise<number | null>((resolve) => {
      const killer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      child.on("exit", (c) => (clearTimeout(killer), resolve(c)));
    });
    expect(code).toBe(0);
    expect(out).toContain("environment: custom");
    expect(out).toMatch(/export NODE_EXTRA_CA_CERTS='.+local-azure-ca\.pem'/);
    expect(out).toMatch(/Local Azure stopped \(\d+ ms\)/);
  });
});
