/**
 * `npm run emulator [-- --seconds N]`: starts the local Azure and prints how to point the action
 * (or the CLI) at it; stops on SIGINT/SIGTERM or after N seconds, leaving nothing running.
 */
import { startLocalAzure } from "./harness.js";

function parseSeconds(argv: string[]): number | undefined {
  const i = argv.indexOf("--seconds");
  if (i === -1) return undefined;
  const n = Number(argv[i + 1]);
  if (!Number.isFinite(n) || n <= 0) throw new Error("--seconds needs a positive number");
  return n;
}

async function main(): Promise<void> {
  const seconds = parseSeconds(process.argv.slice(2));
  const started = Date.now();
  const az = await startLocalAzure({ retryAfterSeconds: 1 });
  const d = az.defaults;
  const lines = [
    `Local Azure is up (${Date.now() - started} ms).`,
    "",
    `  Resource Manager / Entra ID : ${az.armEndpoint}`,
    `  Azurite (blob, path-style)  : ${az.storageOrigin}/<account>`,
    `  CA certificate              : ${az.caCertPath}`,
    "",
    "Action inputs:",
    "  environment: custom",
    `  resource-manager-endpoint: ${az.armEndpoint}`,
    `  authority-host: ${az.authorityHost}`,
    `  tenant-id: ${az.tenantId}`,
    `  client-id: ${az.servicePrincipal.clientId}`,
    `  subscription-id: ${az.subscriptionId}`,
    `  location: ${az.location}`,
    `  resource-group: ${d.resourceGroup}`,
    `  staging-storage-account: ${d.storageAccount}`,
    `  staging-container: ${d.container}`,
    `  identity: ${d.identityId}`,
    `  gallery-image-id: ${d.galleryImageId}`,
    "",
    "Environment (a shell, or the step's env:):",
    ...Object.entries(az.env).map(([k, v]) => `  export ${k}='${v}'`),
    "",
    seconds ? `Stopping in ${seconds} s (or on Ctrl+C).` : "Press Ctrl+C to stop.",
  ];
  process.stdout.write(lines.join("\n") + "\n");

  await new Promise<void>((resolve) => {
    const timer = seconds ? setTimeout(resolve, seconds * 1000) : undefined;
    const onSignal = () => {
      if (timer) clearTimeout(timer);
      resolve();
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
  });
  const stopping = Date.now();
  await az.stop();
  process.removeAllListeners("SIGINT");
  process.removeAllListeners("SIGTERM");
  process.stdout.write(
    `Local Azure stopped (${Date.now() - stopping} ms); ${az.requestLog.length} requests served.\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 1;
});
