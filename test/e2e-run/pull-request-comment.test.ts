/**
 * Pull request previews (comment: true) on the GitHub bundle, against the local Azure and a
 * local stand-in of GitHub's REST API reached through GITHUB_API_URL: a dry run on a pull
 * request posts one comment saying what a build would make, later runs update it in place,
 * an image already built from the same inputs is named, a token that may not write is a
 * warning, and a push posts nothing.
 */
import { createHash } from "node:crypto";
import { rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { startLocalAzure, type LocalAzure } from "../../local-azure/harness.js";
import { startGitHubApi, type LocalGitHubApi } from "../../local-ci/github-api.js";
import { runStep, type StepResult } from "../../local-ci/ci-step.js";
import { stepAgainst } from "../../local-ci/local-azure-step.js";
import { GITHUB_RUN } from "../../local-ci/run-bundle.js";
import { makeWorkspace } from "../core/workspace.js";

const WRITE_TOKEN = "ghs_preview0write0token0000000000000000";
const READ_TOKEN = "ghs_preview0read0token00000000000000000";
const SCRIPT = "#!/bin/bash\necho preview\n";

let az: LocalAzure;
let gh: LocalGitHubApi;
const workspaces: string[] = [];
let pullRequests = 40;
let definitions = 0;

beforeAll(async () => {
  az = await startLocalAzure({ templateGetRetryAfterMs: 100 });
  gh = await startGitHubApi({
    tokens: { [WRITE_TOKEN]: "write", [READ_TOKEN]: "read" },
    alsoTrust: [az.caCertPem],
  });
});
afterAll(async () => {
  await gh?.stop();
  await az?.stop();
  for (const w of workspaces) rmSync(w, { recursive: true, force: true });
});

/** A checkout with one script, and inputs that publish it to a gallery definition of its own. */
function setup() {
  const workspace = makeWorkspace({ "scripts/setup.sh": SCRIPT });
  workspaces.push(workspace);
  const definition = az.seed.galleryImage(
    az.defaults.resourceGroup,
    "previewGallery",
    `pr-${++definitions}`,
  );
  const d = az.defaults;
  const inputs: Record<string, string> = {
    location: az.location,
    "resource-group": d.resourceGroup,
    source: "Canonical:ubuntu-24_04-lts:server:latest",
    identity: d.identityId,
    scripts: "scripts/setup.sh",
    "staging-storage-account": d.storageAccount,
    "staging-container": d.container,
    "gallery-image-id": definition,
    "replication-regions": az.location,
  };
  return { workspace, inputs, definition };
}

/** The event file a runner writes for a pull_request event (the fields the action reads). */
function pullRequestEvent(workspace: string, number: number): string {
  const file = path.join(workspace, `event-${number}.json`);
  writeFileSync(
    file,
    JSON.stringify({
      action: "synchronize",
      number,
      pull_request: { number, head: { sha: GITHUB_RUN.sha }, base: { ref: "main" } },
      repository: { full_name: GITHUB_RUN.repository, name: "golden-images" },
    }),
  );
  return file;
}

async function step(
  s: { workspace: string; inputs: Record<string, string> },
  more: Record<string, string>,
  env: Record<string, string>,
): Promise<StepResult> {
  return runStep({
    ...stepAgainst(
      az,
      "github",
      { ...s.inputs, ...more },
      {
        env: { GITHUB_API_URL: gh.url, NODE_EXTRA_CA_CERTS: gh.caBundlePath, ...env },
      },
    ),
    workspace: s.workspace,
  });
}

const onPullRequest = (workspace: string, number: number) => ({
  GITHUB_EVENT_NAME: "pull_request",
  GITHUB_EVENT_PATH: pullRequestEvent(workspace, number),
  GITHUB_REF: `refs/pull/${number}/merge`,
});
const preview = (token = WRITE_TOKEN) => ({
  "dry-run": "true",
  comment: "true",
  "github-token": token,
});

function expectNoSecrets(result: StepResult, comment = "") {
  const seen = `${result.log.join("\n")}\n${comment}`;
  for (const secret of [WRITE_TOKEN, READ_TOKEN, ...az.issuedSecrets()])
    expect(seen).not.toContain(secret);
  expect(seen).not.toMatch(/[?&]sig=/);
}

describe("comment: true on a pull request", () => {
  test("posts one comment with the fingerprint, source, customizers and template; a re-run updates it", async () => {
    const s = setup();
    const number = ++pullRequests;
    // More comments than one page holds, so the stand-in's Link header must be followed.
    for (let i = 0; i < 105; i++) gh.addComment(GITHUB_RUN.repository, number, `review note ${i}`);
    const first = await step(s, preview(), onPullRequest(s.workspace, number));
    expect(first.errors).toEqual([]);
    expect(first.warnings).toEqual([]);
    expect(first.exitCode).toBe(0);
    const fingerprint = first.outputs.fingerprint!;
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const ours = () =>
      gh
        .comments(GITHUB_RUN.repository, number)
        .filter((c) => c.body.includes("bake-azure-image:"));
    expect(ours()).toHaveLength(1);
    const comment = { ...ours()[0]! };
    expect(comment.body).toContain(
      `<!-- bake-azure-image:${GITHUB_RUN.job}/${GITHUB_RUN.action} -->`,
    );
    expect(comment.body).toContain(`Fingerprint: \`${fingerprint}\``);
    expect(first.outputs["source-image-version"]).toMatch(/^\d+\.\d+\.\d+$/);
    expect(comment.body).toContain(`Source version: \`${first.outputs["source-image-version"]}\``);
    expect(comment.body).toContain("No image with this fingerprint exists");
    const sha = createHash("sha256").update(SCRIPT).digest("hex");
    expect(comment.body).toMatch(
      new RegExp(`\\| 1 \\| Shell \\| .* \\| \`scripts/setup.sh\` \\| \`${sha}\` \\|`),
    );
    expect(comment.body).toContain("<details><summary>Rendered template");
    expect(comment.body).toContain(`"bake.fingerprint": "${fingerprint}"`);
    expect(comment.body).toContain(`"version": "${first.outputs["source-image-version"]}"`);
    expect(first.log.join("\n")).toContain(`Commented on pull request #${number}.`);
    expectNoSecrets(first, comment.body);

    const second = await step(s, preview(), onPullRequest(s.workspace, number));
    expect(second.errors).toEqual([]);
    expect(second.log.join("\n")).toContain(`Updated the comment on pull request #${number}.`);
    expect(ours()).toHaveLength(1);
    expect(ours()[0]!.id).toBe(comment.id);
    // The second run's comment, not the first one's left as it was.
    const secondRunId = JSON.parse(second.outputs.template!).tags["bake.run-id"] as string;
    expect(ours()[0]!.body).toContain(`/actions/runs/${secondRunId}/`);
    expect(comment.body).not.toContain(`/actions/runs/${secondRunId}/`);
    expect(gh.comments(GITHUB_RUN.repository, number)).toHaveLength(106);
    const patches = gh.requests.filter((r) => r.method === "PATCH");
    expect(patches.at(-1)!.path).toBe(
      `/repos/${GITHUB_RUN.repository}/issues/comments/${comment.id}`,
    );
  });

  test("two bake steps of one workflow keep a comment each", async () => {
    const s = setup();
    const number = ++pullRequests;
    const linux = await step(s, preview(), onPullRequest(s.workspace, number));
    const windows = await step(s, preview(), {
      ...onPullRequest(s.workspace, number),
      GITHUB_ACTION: "bake-windows",
    });
    expect([...linux.errors, ...windows.errors]).toEqual([]);
    const markers = gh
      .comments(GITHUB_RUN.repository, number)
      .map((c) => /<!-- bake-azure-image:(.*) -->/.exec(c.body)?.[1]);
    expect(markers).toEqual([
      `${GITHUB_RUN.job}/${GITHUB_RUN.action}`,
      `${GITHUB_RUN.job}/bake-windows`,
    ]);
  });

  test("names the image a real build already made from the same inputs", async () => {
    const s = setup();
    const built = await step(s, {}, {});
    expect(built.errors).toEqual([]);
    expect(built.outputs["run-status"]).toBe("Succeeded");
    const number = ++pullRequests;
    const result = await step(s, preview(), onPullRequest(s.workspace, number));
    expect(result.errors).toEqual([]);
    expect(result.outputs.fingerprint).toBe(built.outputs.fingerprint);
    const [comment] = gh.comments(GITHUB_RUN.repository, number);
    expect(comment!.body).toContain("An image with this fingerprint already exists");
    expect(comment!.body).toContain(`- \`${built.outputs["image-version-id"]}\``);
    expectNoSecrets(result, comment!.body);
  });

  test("a template file's secure parameter is *** in the comment", async () => {
    const secret = `Svc-Pa55-${Math.random().toString(36).slice(2, 10)}`;
    const workspace = makeWorkspace({
      "image/template.json": JSON.stringify({
        $schema: "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        contentVersion: "1.0.0.0",
        parameters: { servicePassword: { type: "secureString" } },
        resources: [
          {
            name: "image",
            type: "Microsoft.VirtualMachineImages/imageTemplates",
            apiVersion: "2024-02-01",
            location: "[resourceGroup().location]",
            properties: {
              source: {
                type: "PlatformImage",
                publisher: "Canonical",
                offer: "ubuntu-24_04-lts",
                sku: "server",
                version: "latest",
              },
              customize: [
                {
                  type: "Shell",
                  name: "service-account",
                  inline: ["[concat('echo svc:', parameters('servicePassword'), ' | chpasswd')]"],
                },
              ],
              distribute: [
                {
                  type: "SharedImage",
                  galleryImageId: az.defaults.galleryImageId,
                  runOutputName: "golden",
                  targetRegions: [{ name: "[resourceGroup().location]" }],
                },
              ],
            },
          },
        ],
      }),
    });
    workspaces.push(workspace);
    const number = ++pullRequests;
    const result = await step(
      {
        workspace,
        inputs: {
          location: az.location,
          "resource-group": az.defaults.resourceGroup,
          identity: az.defaults.identityId,
          "template-file": "image/template.json",
          "template-parameters": `servicePassword=${secret}`,
        },
      },
      preview(),
      onPullRequest(workspace, number),
    );
    expect(result.errors).toEqual([]);
    const [comment] = gh.comments(GITHUB_RUN.repository, number);
    expect(comment!.body).toContain("echo svc:*** | chpasswd");
    expect(comment!.body).not.toContain(secret);
    expect(result.log.join("\n")).not.toContain(secret);
  });

  test("a token that may not write to pull requests is one warning, and the step succeeds", async () => {
    const s = setup();
    const number = ++pullRequests;
    const result = await step(s, preview(READ_TOKEN), onPullRequest(s.workspace, number));
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(result.warnings).toHaveLength(1);
    expect(result.warnings[0]).toContain("permissions: pull-requests: write");
    expect(gh.comments(GITHUB_RUN.repository, number)).toEqual([]);
    expectNoSecrets(result);
  });

  test("a token GitHub does not know is one error naming github-token", async () => {
    const s = setup();
    const number = ++pullRequests;
    const unknown = "ghp_unknown0token000000000000000000000000";
    const result = await step(s, preview(unknown), onPullRequest(s.workspace, number));
    expect(result.exitCode).not.toBe(0);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toContain("github-token");
    expect(result.errors[0]).toContain("Bad credentials");
    expect(result.log.join("\n")).not.toContain(unknown);
  });

  test("without comment, a dry run on a pull request posts nothing and makes no request", async () => {
    const s = setup();
    const number = ++pullRequests;
    const [fromGitHub, fromAzure] = [gh.requests.length, az.requestLog.length];
    const result = await step(
      s,
      { "dry-run": "true", "github-token": WRITE_TOKEN },
      onPullRequest(s.workspace, number),
    );
    expect(result.errors).toEqual([]);
    expect(gh.requests.slice(fromGitHub)).toEqual([]);
    expect(az.requestLog.slice(fromAzure)).toEqual([]);
    expect(gh.comments(GITHUB_RUN.repository, number)).toEqual([]);
  });

  test("on a push, nothing is posted and GitHub's API is not called", async () => {
    const s = setup();
    const from = gh.requests.length;
    const result = await step(s, preview(), {});
    expect(result.errors).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(gh.requests.slice(from)).toEqual([]);
    expect(result.outputs.template).toBeTruthy();
    expect(result.log.join("\n")).toContain("comment: this run is not for a pull request");
  });
});
