/**
 * `npm run demo`: starts the local Azure, then runs the GitHub Action bundle and the Azure
 * Pipelines task bundle on the Linux example against it, as each CI system would, and shows
 * what a user sees: the step's log and its outputs. Nothing leaves this machine.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { camelCase } from "../src/core/inputs/catalog.js";
import { startLocalAzure } from "../test/emulator/harness.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * Shows a step's log the way the runner or agent shows it: commands that register secrets are
 * consumed and the secrets masked, debug lines hidden.
 */
function run(
  label: string,
  script: string,
  env: Record<string, string>,
): Promise<{ code: number; adoOutputs: Record<string, string> }> {
  const secrets: string[] = [];
  const adoOutputs: Record<string, string> = {};
  let collapsed = false;
  const show = (line: string) => {
    const secret =
      /^::add-mask::(.*)$/.exec(line)?.[1] ?? /^##vso\[task\.setsecret\](.*)$/.exec(line)?.[1];
    if (secret !== undefined) {
      secrets.push(secret.replace(/%AZP25/g, "%").replace(/%3A/g, ":"));
      return;
    }
    const variable = /^##vso\[task\.setvariable variable=([^;]+);[^\]]*\](.*)$/.exec(line);
    if (variable) {
      adoOutputs[variable[1]!] = variable[2]!;
      return;
    }
    if (
      /^##vso\[task\.(debug|setprogress|uploadsummary|complete)/.test(line) ||
      line.startsWith("::debug::")
    )
      return;
    // Groups are collapsed in CI logs; the demo shows their titles only.
    const title = /^(?:::group::|##\[group\])(.*)$/.exec(line)?.[1];
    if (title !== undefined) {
      collapsed = true;
      line = `▸ ${title}`;
    } else if (/^(?:::endgroup::|##\[endgroup\])/.test(line)) {
      collapsed = false;
      return;
    } else if (collapsed) {
      return;
    }
    let masked = line;
    for (const s of secrets) if (s) masked = masked.split(s).join("***");
    process.stdout.write(`${label} │ ${masked}\n`);
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(root, script)], {
      cwd: root,
      env: { PATH: process.env.PATH ?? "", ...env },
    });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = "";
      stream.on("data", (chunk: Buffer) => {
        const lines = (rest + chunk.toString()).split("\n");
        rest = lines.pop() ?? "";
        lines.forEach(show);
      });
    }
    child.on("close", (code) => resolve({ code: code ?? 1, adoOutputs }));
  });
}

function githubOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const text = readFileSync(file, "utf8");
  for (const m of text.matchAll(/^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1]!] = m[3]!;
  return out;
}

async function main(): Promise<void> {
  const az = await startLocalAzure({
    templateGetRetryAfterMs: 400,
    timeline: { customizerMs: 800, distributingMs: 600, queuedMs: 400, buildingMs: 500 } as never,
  });
  try {
    const d = az.defaults;
    const inputs: Record<string, string> = {
      location: az.location,
      "resource-group": d.resourceGroup,
      source: "Canonical:ubuntu-24_04-lts:server:latest",
      identity: d.identityId,
      scripts: "examples/linux-gallery/scripts/*.sh",
      "gallery-image-id": d.galleryImageId,
      "replication-regions": az.location,
      vhd: "true",
      "staging-storage-account": d.storageAccount,
      "staging-container": d.container,
    };
    const scratch = mkdtempSync(path.join(tmpdir(), "bake-demo-"));

    process.stdout.write(
      `\nLocal Azure at ${az.armEndpoint}. GitHub Action, signing in with GitHub OIDC:\n\n`,
    );
    const outputFile = path.join(scratch, "github-output");
    writeFileSync(outputFile, "");
    writeFileSync(path.join(scratch, "summary.md"), "");
    writeFileSync(path.join(scratch, "state"), "");
    const githubEnv: Record<string, string> = {
      ...az.env,
      GITHUB_ACTIONS: "true",
      GITHUB_WORKSPACE: root,
      GITHUB_REPOSITORY: "contoso/golden-images",
      GITHUB_RUN_ID: "4242",
      GITHUB_RUN_ATTEMPT: "1",
      GITHUB_RUN_NUMBER: "17",
      GITHUB_SHA: "5f0c6e1d2a3b4c5d6e7f8091a2b3c4d5e6f70819",
      GITHUB_SERVER_URL: "https://github.com",
      GITHUB_JOB: "bake",
      GITHUB_ACTION: "bake",
      GITHUB_OUTPUT: outputFile,
      GITHUB_STATE: path.join(scratch, "state"),
      GITHUB_STEP_SUMMARY: path.join(scratch, "summary.md"),
    };
    const ghInputs = {
      ...inputs,
      "image-version": "1.4.17",
      environment: "custom",
      "resource-manager-endpoint": az.armEndpoint,
      "authority-host": az.authorityHost,
      "subscription-id": az.subscriptionId,
      "tenant-id": az.tenantId,
      "client-id": az.github.clientId,
    };
    for (const [k, v] of Object.entries(ghInputs)) githubEnv[`INPUT_${k.toUpperCase()}`] = v;
    const { code: ghCode } = await run("github", "dist/github/index.js", githubEnv);
    process.stdout.write(`\nGitHub step exit code ${ghCode}; outputs:\n`);
    for (const [k, v] of Object.entries(githubOutputs(outputFile)))
      if (k !== "template") process.stdout.write(`  ${k} = ${v}\n`);

    process.stdout.write(
      `\nAzure Pipelines task, signing in with the service connection's workload identity federation:\n\n`,
    );
    const adoEnv: Record<string, string> = {
      ...az.env,
      TF_BUILD: "True",
      BUILD_SOURCESDIRECTORY: root,
      BUILD_REPOSITORY_NAME: "golden-images",
      SYSTEM_TEAMPROJECT: "Platform",
      SYSTEM_COLLECTIONURI: "https://dev.azure.com/contoso/",
      BUILD_BUILDID: "901",
      BUILD_BUILDNUMBER: "20261123.1",
      SYSTEM_JOBATTEMPT: "1",
      BUILD_SOURCEVERSION: "5f0c6e1d2a3b4c5d6e7f8091a2b3c4d5e6f70819",
      AGENT_TEMPDIRECTORY: scratch,
      INPUT_AZURESUBSCRIPTION: az.ado.serviceConnectionId,
    };
    for (const [k, v] of Object.entries({ ...inputs, "image-version": "1.4.18" }))
      adoEnv[`INPUT_${camelCase(k).toUpperCase()}`] = v;
    const { code: adoCode, adoOutputs } = await run("ado   ", "dist/ado/index.js", adoEnv);
    process.stdout.write(`\nAzure Pipelines task exit code ${adoCode}; output variables:\n`);
    for (const [k, v] of Object.entries(adoOutputs))
      if (k !== "template") process.stdout.write(`  ${k} = ${v}\n`);
    const withKey = az.requestLog.filter(
      (r) => r.auth === "sharedKey" || r.auth === "accountSas",
    ).length;
    process.stdout.write(`\nRequests the two steps made with a storage account key: ${withKey}.\n`);
    process.exitCode = ghCode || adoCode;
  } finally {
    await az.stop();
  }
}

await main();
