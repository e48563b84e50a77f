import { createRequire } from "node:module";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

/**
 * Azurite's blob service, started in this process (its package entry point cannot be required,
 * so the server class is deep-imported). The in-process server never initialises Azurite's
 * telemetry client (only its CLI does), and it is switched off explicitly as well: nothing may
 * leave this machine.
 */
const require = createRequire(import.meta.url);

interface AzuriteAccount {
  name: string;
  key1: Buffer;
  key2?: Buffer;
}

interface AzuriteBlobServer {
  httpServer: Server & { stop(cb?: () => void): void };
  accountDataStore: { getAccount(name: string): AzuriteAccount | undefined; refresh(): void };
  start(): Promise<void>;
  close(): Promise<void>;
  clean(): Promise<void>;
}

type BlobServerCtor = new (config: unknown) => AzuriteBlobServer;
type BlobConfigurationCtor = new (...args: unknown[]) => unknown;

function loadAzurite(): {
  BlobServer: BlobServerCtor;
  BlobConfiguration: BlobConfigurationCtor;
  ChunkStore: new (limit: number) => unknown;
} {
  const telemetry = require("azurite/dist/src/common/Telemetry") as {
    AzuriteTelemetryClient: { enableTelemetry: boolean };
  };
  telemetry.AzuriteTelemetryClient.enableTelemetry = false;
  const BlobServer = (require("azurite/dist/src/blob/BlobServer") as { default: BlobServerCtor })
    .default;
  const BlobConfiguration = (
    require("azurite/dist/src/blob/BlobConfiguration") as { default: BlobConfigurationCtor }
  ).default;
  const ChunkStore = (
    require("azurite/dist/src/common/persistence/MemoryExtentStore") as {
      MemoryExtentChunkStore: new (limit: number) => unknown;
    }
  ).MemoryExtentChunkStore;
  return { BlobServer, BlobConfiguration, ChunkStore };
}

export type RequestHook = (req: IncomingMessage, res: ServerResponse, next: () => void) => void;

export interface RunningAzurite {
  port: number;
  /** `https://127.0.0.1:<port>`; accounts are path-style below it. */
  origin: string;
  stop(): Promise<void>;
}

/**
 * Starts one Azurite blob server for every emulated storage account. Accounts are looked up live
 * in `accounts` (the emulator's ARM state) rather than read once from AZURITE_ACCOUNTS, so several
 * emulators can share a process and accounts seeded later are known at once. `hook` sees every
 * request first (request log, faults) and calls next() to let Azurite answer.
 */
export async function startAzurite(opts: {
  certPath: string;
  keyPath: string;
  accounts: (name: string) => { name: string; key: string } | undefined;
  hook: RequestHook;
  /** In-memory store limit; 512 MiB by default. */
  memoryLimitBytes?: number;
}): Promise<RunningAzurite> {
  const { BlobServer, BlobConfiguration, ChunkStore } = loadAzurite();
  const scratch = path.join(os.tmpdir(), "local-azure-azurite-unused");
  const config = new BlobConfiguration(
    "127.0.0.1",
    0,
    5, // keep-alive timeout (s): short, so stop() is not held up by idle sockets
    path.join(scratch, "db.json"),
    path.join(scratch, "extent.json"),
    [],
    false, // access log
    undefined,
    false, // debug log
    undefined,
    false, // loose
    true, // skipApiVersionCheck: the SDK speaks a newer x-ms-version than Azurite 3.35 knows
    opts.certPath,
    opts.keyPath,
    "",
    "basic",
    false, // disableProductStyleUrl
    true, // in-memory persistence
    new ChunkStore(opts.memoryLimitBytes ?? 512 * 1024 * 1024),
  );
  const server = new BlobServer(config);
  server.accountDataStore.getAccount = (name: string) => {
    const account = opts.accounts(name);
    return account ? { name: account.name, key1: Buffer.from(account.key, "base64") } : undefined;
  };
  server.accountDataStore.refresh = () => {};
  const httpServer = server.httpServer;
  const [azuriteListener] = httpServer.listeners("request") as Array<
    (req: IncomingMessage, res: ServerResponse) => void
  >;
  if (!azuriteListener) throw new Error("Azurite blob server has no request listener");
  httpServer.removeAllListeners("request");
  httpServer.on("request", (req: IncomingMessage, res: ServerResponse) => {
    opts.hook(req, res, () => azuriteListener(req, res));
  });
  await server.start();
  const port = (httpServer.address() as AddressInfo).port;
  return {
    port,
    origin: `https://127.0.0.1:${port}`,
    async stop() {
      const closed = new Promise<void>((resolve) => {
        if (!httpServer.listening) resolve();
        else httpServer.once("close", () => resolve());
      });
      await server.close();
      httpServer.closeAllConnections?.();
      await closed;
      await server.clean();
    },
  };
}
