import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Agent } from "node:https";
import os from "node:os";
import path from "node:path";
import { generate } from "selfsigned";

/**
 * A certificate made at start for 127.0.0.1/localhost. The SDKs refuse bearer tokens over plain
 * HTTP, so every local endpoint speaks HTTPS; clients trust this certificate through
 * NODE_EXTRA_CA_CERTS (child processes) or through `ca` on an agent (this process).
 */
export interface TlsMaterial {
  certPem: string;
  keyPem: string;
  /** Temp directory holding the PEM files; removed by dispose(). */
  directory: string;
  certPath: string;
  keyPath: string;
  /** An https.Agent that trusts the certificate, for in-process clients. */
  agent: Agent;
  dispose(): void;
}

export async function createTlsMaterial(): Promise<TlsMaterial> {
  const now = Date.now();
  // EC keys keep start-up fast; RSA-2048 generation alone takes a noticeable share of the budget.
  const pems = await generate([{ name: "commonName", value: "127.0.0.1" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + 7 * 24 * 3600_000),
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true, critical: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 2, value: "localhost" },
          { type: 7, ip: "127.0.0.1" },
        ],
      },
    ],
  });
  const directory = mkdtempSync(path.join(os.tmpdir(), "local-azure-tls-"));
  const certPath = path.join(directory, "local-azure-ca.pem");
  const keyPath = path.join(directory, "local-azure-key.pem");
  writeFileSync(certPath, pems.cert);
  writeFileSync(keyPath, pems.private, { mode: 0o600 });
  const agent = new Agent({ ca: pems.cert, keepAlive: true });
  return {
    certPem: pems.cert,
    keyPem: pems.private,
    directory,
    certPath,
    keyPath,
    agent,
    dispose() {
      agent.destroy();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
