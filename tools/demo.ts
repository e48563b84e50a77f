/**
 * `npm run demo`: starts the local Azure, then runs the GitHub Action bundle and the Azure
 * Pipelines task bundle on the Linux example against it, as each CI system would, and shows
 * what a user sees: the step's log (groups collapsed, secrets masked) and its outputs. It ends
 * with the GitHub step run again with the same inputs: a cache hit that builds nothing.
 * Nothing leaves this machine.
 */
import { startLocalAzure } from "../local-azure/harness.js";
import { runStep, type HostKind } from "../local-ci/ci-step.js";
import { baseInputs, stepAgainst } from "../local-ci/local-azure-step.js";

/** Collapsed groups show their title only, as in a CI log before you click. */
function printer(label: string): (line: string) => void {
  let collapsed = false;
  return (line) => {
    const title = /^(?:::group::|##\[group\])(.*)$/.exec(line)?.[1];
    if (title !== undefined) {
      collapsed = true;
      process.stdout.write(`${label} │ ▸ ${title}\n`);
    } else if (/^(?:::endgroup::|##\[endgroup\])/.test(line)) {
      collapsed = false;
    } else if (!collapsed) {
      process.stdout.write(`${label} │ ${line}\n`);
    }
  };
}

async function main(): Promise<void> {
  const az = await startLocalAzure({
    templateGetRetryAfterMs: 400,
    timeline: { customizerMs: 800, distributingMs: 600, queuedMs: 400, buildingMs: 500 } as never,
  });
  try {
    const inputs = {
      ...baseInputs(az),
      "gallery-image-id": az.defaults.galleryImageId,
      "replication-regions": az.location,
    };
    const first = { ...inputs, "image-version": "1.4.17" };
    const steps: Array<[HostKind, string, Record<string, string>]> = [
      ["github", "GitHub Action, signing in with GitHub OIDC", first],
      [
        "ado",
        "Azure Pipelines task, signing in with the service connection's workload identity federation; it also makes a VHD, which carries no tags, so this step always builds",
        { ...inputs, "image-version": "1.4.18", vhd: "true" },
      ],
      [
        "github",
        "The GitHub Action again, with the first step's inputs: nothing changed, so it reuses that image (if-unchanged: skip is the default) and builds nothing",
        first,
      ],
    ];
    let failed = 0;
    const results = [];
    for (const [host, title, stepInputs] of steps) {
      process.stdout.write(`\n${title} (local Azure at ${az.armEndpoint}):\n\n`);
      const result = await runStep({
        ...stepAgainst(az, host, stepInputs),
        onLine: printer(host.padEnd(6)),
      });
      results.push(result);
      process.stdout.write(`\nexit code ${result.exitCode}; outputs:\n`);
      for (const [k, v] of Object.entries(result.outputs))
        if (k !== "template") process.stdout.write(`  ${k} = ${v}\n`);
      if (result.exitCode !== 0) failed++;
    }
    const [built, , reused] = results;
    const same =
      reused?.outputs["cache-hit"] === "true" &&
      reused.outputs["image-version-id"] === built?.outputs["image-version-id"];
    process.stdout.write(
      `\nThe third step ${same ? "reused" : "did NOT reuse"} the first step's image ${built?.outputs["image-version-id"] ?? ""}.\n`,
    );
    if (!same) failed++;
    const withKey = az.requestLog.filter(
      (r) => r.auth === "sharedKey" || r.auth === "accountSas",
    ).length;
    process.stdout.write(`Requests the three steps made with a storage account key: ${withKey}.\n`);
    process.exitCode = failed ? 1 : 0;
  } finally {
    await az.stop();
  }
}

await main();
