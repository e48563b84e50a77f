/**
 * Every example of examples/, dry-run through the GitHub and Azure Pipelines bundles under
 * Node 20 and Node 24. The rendered template is checked against the official Image Builder
 * spec's create-request schema (from the committed operations document, compiled here rather
 * than the product's generated validator), and for what a user of each example expects to
 * find in it.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv2019 } from "ajv/dist/2019.js";
import { parse as parseYaml } from "yaml";
import { readOperationsDocument, standaloneSchema } from "../../tools/spec/operations-document.js";
import {
  ADO_RUN,
  GITHUB_RUN,
  nodeBinary,
  ROOT,
  runBundle,
  runCli,
  runNode,
  type BundleHost,
  type BundleResult,
  type NodeMajor,
} from "../../local-ci/run-bundle.js";

const EXAMPLES_DIR = path.join(ROOT, "examples");
const EXAMPLES = readdirSync(EXAMPLES_DIR)
  .filter((d) => existsSync(path.join(EXAMPLES_DIR, d, "inputs.yml")))
  .sort();

const ajv = new Ajv2019({ allErrors: true, strict: true, strictTypes: false });
const spec = readOperationsDocument();
const validateRequest = ajv.compile(
  standaloneSchema(
    spec,
    "request",
    spec.operations.find((o) => o.operationId === "VirtualMachineImageTemplates_CreateOrUpdate")!
      .body!.schema,
  ),
);

/** An inputs.yml is a workflow's `with:` block: every value reaches the step as a string. */
function exampleInputs(example: string): Record<string, string> {
  const doc = parseYaml(
    readFileSync(path.join(EXAMPLES_DIR, example, "inputs.yml"), "utf8"),
  ) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(doc).map(([k, v]) => [k, String(v)]));
}

const sha256 = (repoPath: string) =>
  createHash("sha256")
    .update(readFileSync(path.join(ROOT, repoPath)))
    .digest("hex");

interface Combo {
  host: BundleHost;
  node: NodeMajor;
}
const COMBOS: Combo[] = [
  { host: "github", node: "20" },
  { host: "ado", node: "20" },
  { host: "github", node: "24" },
  { host: "ado", node: "24" },
];

/** What each host's run context should leave in the template. */
const RUN = {
  github: {
    repository: GITHUB_RUN.repository,
    runId: GITHUB_RUN.runId,
    runAttempt: GITHUB_RUN.runAttempt,
    commit: GITHUB_RUN.sha,
    runUrl: `${GITHUB_RUN.serverUrl}/${GITHUB_RUN.repository}/actions/runs/${GITHUB_RUN.runId}/attempts/${GITHUB_RUN.runAttempt}`,
  },
  ado: {
    repository: `${ADO_RUN.project}/${ADO_RUN.repository}`,
    runId: ADO_RUN.buildId,
    runAttempt: ADO_RUN.jobAttempt,
    commit: ADO_RUN.sourceVersion,
    runUrl: `${ADO_RUN.collectionUri}${ADO_RUN.project}/_build/results?buildId=${ADO_RUN.buildId}`,
  },
};

const runs = new Map<string, Promise<BundleResult>>();
function render(example: string, combo: Combo, repeat = 0): Promise<BundleResult> {
  const key = `${example} ${combo.host} ${combo.node} ${repeat}`;
  let result = runs.get(key);
  if (!result) {
    result = runBundle(combo.host, exampleInputs(example), { node: combo.node });
    runs.set(key, result);
  }
  return result;
}

beforeAll(() => {
  // Start everything at once; the helper keeps the number of processes small.
  for (const example of EXAMPLES) {
    for (const combo of COMBOS) render(example, combo).catch(() => undefined);
    render(example, COMBOS[0]!, 1).catch(() => undefined);
  }
});

test("the examples are all here, and Node 20 and 24 are two binaries", () => {
  expect(EXAMPLES).toEqual(
    expect.arrayContaining(["advanced-template-file", "linux-gallery", "windows-managed-image"]),
  );
  expect(nodeBinary("20")).not.toBe(nodeBinary("24"));
});

const STAGED = /^https:\/\/stbakestaging\.blob\.core\.windows\.net\/bake-azure-image\/[^?#]+$/;

/** Facts a user of each example can check in the rendered template. */
const FACTS: Record<string, (t: any, combo: Combo) => void> = {
  "linux-gallery": (t) => {
    const scripts = [
      "examples/linux-gallery/scripts/01-packages.sh",
      "examples/linux-gallery/scripts/02-harden.sh",
    ];
    expect(t.properties.customize.map((c: any) => [c.type, c.name, c.sha256Checksum])).toEqual(
      scripts.map((s) => ["Shell", s, sha256(s)]),
    );
    for (const [i, c] of t.properties.customize.entries()) {
      expect(c.scriptUri).toMatch(STAGED);
      expect(c.scriptUri.endsWith(`/${scripts[i]}`)).toBe(true);
    }
    const [gallery, ...others] = t.properties.distribute;
    expect(others).toEqual([]);
    expect(gallery.type).toBe("SharedImage");
    expect(gallery.galleryImageId).toMatch(
      /\/galleries\/golden\/images\/ubuntu-24-04\/versions\/1\.4\.27$/,
    );
    expect(gallery.targetRegions).toEqual([{ name: "westeurope" }, { name: "northeurope" }]);
    expect(gallery.artifactTags.baseline).toBe("cis-l1");
    expect(t.tags.team).toBe("platform");
    expect(t.location).toBe("westeurope");
    expect(Object.keys(t.identity.userAssignedIdentities)).toEqual([
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-images/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-image-builder",
    ]);
  },
  "windows-managed-image": (t) => {
    const customize = t.properties.customize;
    expect(customize.map((c: any) => c.type)).toEqual([
      "PowerShell",
      "WindowsUpdate",
      "WindowsRestart",
    ]);
    expect(customize[0].inline).toEqual([
      "Install-WindowsFeature -Name Web-Server -IncludeManagementTools",
      "Set-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Policies\\System' -Name EnableLUA -Value 1",
    ]);
    expect(customize[0].runElevated).toBe(true);
    expect(t.properties.distribute.map((d: any) => d.type)).toEqual(["ManagedImage", "VHD"]);
    expect(t.properties.distribute[0]).toMatchObject({
      imageId:
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-images/providers/Microsoft.Compute/images/win2022-iis",
      location: "eastus2",
    });
    expect(t.properties.vmProfile).toEqual({ vmSize: "Standard_D4s_v5", osDiskSizeGB: 128 });
    expect(t.properties.buildTimeoutInMinutes).toBe(180);
    expect(t.properties.source).toMatchObject({
      type: "PlatformImage",
      publisher: "MicrosoftWindowsServer",
      version: "latest",
    });
  },
  "private-network": (t) => {
    expect(t.properties.vmProfile.vnetConfig).toEqual({
      subnetId:
        "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-build/subnets/snet-build",
    });
    const [script] = t.properties.customize;
    expect(script.scriptUri).toMatch(STAGED);
    expect(script.sha256Checksum).toBe(
      sha256("examples/private-network/scripts/01-internal-mirror.sh"),
    );
    expect(t.properties.distribute[0].galleryImageId).toMatch(
      /\/images\/ubuntu-24-04-internal\/versions\/1\.0\.27$/,
    );
  },
  "isolated-build": (t) => {
    const net =
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-network/providers/Microsoft.Network/virtualNetworks/vnet-build/subnets";
    // No proxy VM in an isolated build: no proxyVmSize.
    expect(t.properties.vmProfile.vnetConfig).toEqual({
      subnetId: `${net}/snet-build`,
      containerInstanceSubnetId: `${net}/snet-aci`,
    });
    const [script] = t.properties.customize;
    expect(script.scriptUri).toMatch(STAGED);
    expect(script.sha256Checksum).toBe(
      sha256("examples/isolated-build/scripts/01-internal-mirror.sh"),
    );
    expect(t.properties.distribute[0].versioning).toEqual({ scheme: "Latest", major: 2 });
  },
  "advanced-template-file": (t, combo) => {
    const dir = "examples/advanced-template-file";
    const p = t.properties;
    // The template file's own 2025-10-01 fields survive the round trip.
    expect(p.errorHandling).toEqual({ onCustomizerError: "abort", onValidationError: "cleanup" });
    expect(p.optimize).toEqual({ vmBoot: { state: "Enabled" } });
    expect(p.managedResourceTags).toEqual({ "cost-center": "platform" });
    expect(p.validate).toMatchObject({
      continueDistributeOnFailure: false,
      sourceValidationOnly: false,
    });
    const [smoke, ...noMore] = p.validate.inVMValidations;
    expect(noMore).toEqual([]);
    expect(smoke.name).toBe("smoke test");
    expect(smoke.scriptUri).toMatch(STAGED);
    expect(smoke.scriptUri.endsWith(`/${dir}/scripts/smoke-test.sh`)).toBe(true);
    expect(smoke.sha256Checksum).toBe(sha256(`${dir}/scripts/smoke-test.sh`));
    const [gallery, ...others] = p.distribute;
    expect(others).toEqual([]);
    expect(gallery.versioning).toEqual({ scheme: "Latest", major: 2 });
    expect(gallery.replicationMode).toBe("Shallow");
    expect(gallery.targetRegions).toEqual([
      { name: "westeurope", replicaCount: 2, storageAccountType: "Standard_ZRS" },
      { name: "swedencentral" },
    ]);
    // ${GALLERY_IMAGE} came from variables; the file's runOutputName is replaced per run.
    expect(gallery.galleryImageId).toBe(
      "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-images/providers/Microsoft.Compute/galleries/golden/images/ubuntu-24-04-app",
    );
    expect(gallery.runOutputName).not.toBe("ignored-replaced-per-run");
    expect(p.vmProfile).toEqual({ vmSize: "Standard_D2ds_v5", osDiskSizeGB: 64 });
    expect(p.buildTimeoutInMinutes).toBe(120);
    expect(t.tags.app).toBe("orders");

    const byName = new Map<string, any>(p.customize.map((c: any) => [c.name, c]));
    expect([...byName.keys()]).toEqual([
      "app configuration",
      `unpack ${dir}/config/app`,
      "install the app",
      "record the version",
    ]);
    const install = byName.get("install the app");
    expect(install.scriptUri).toMatch(STAGED);
    expect(install.sha256Checksum).toBe(sha256(`${dir}/scripts/install-app.sh`));
    // The config directory travels as one archive, unpacked where the file said.
    const config = byName.get("app configuration");
    expect(config.sourceUri).toMatch(STAGED);
    expect(config.sourceUri.endsWith(`/${dir}/config/app.tar.gz`)).toBe(true);
    expect(config.sha256Checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(byName.get(`unpack ${dir}/config/app`).inline).toEqual(
      expect.arrayContaining([expect.stringContaining(`-C '/etc/orders'`)]),
    );
    // Variables are substituted in inline commands; shell variables are left to the shell.
    expect(byName.get("record the version").inline).toEqual([
      `echo "orders 2.3.1 built by run ${RUN[combo.host].runId}" | sudo tee /etc/orders/VERSION`,
      'echo "home is ${HOME}"',
    ]);
  },
};

/**
 * The template without what differs by design between two CI systems: run-specific names,
 * provenance tags and the run's blob prefix.
 */
function withoutRunSpecifics(result: BundleResult, host: BundleHost): unknown {
  const t = JSON.parse(result.outputs.template!);
  const name = result.outputs["template-name"]!;
  const step = t.tags["bake.step"];
  const run = RUN[host];
  let text = JSON.stringify(t)
    .split(`/${run.repository}/${run.runId}-${run.runAttempt}/${step}/`)
    .join("/<run>/")
    .split(name)
    .join("<template-name>")
    .split(`built by run ${run.runId}`)
    .join("built by run <run-id>");
  text = text.replace(/"bake\.[\w-]+":"[^"]*",?/g, "");
  return JSON.parse(text.replace(/,}/g, "}"));
}

describe.each(EXAMPLES)("example %s", (example) => {
  describe.each(COMBOS)("on $host under Node $node", (combo) => {
    let result: BundleResult;
    beforeAll(async () => {
      result = await render(example, combo);
    });

    test("succeeds and sets template and template-name", () => {
      expect(result.errors).toEqual([]);
      expect(result.exitCode).toBe(0);
      expect(result.outputs.template).toBeDefined();
      expect(result.outputs["template-name"]).toMatch(/^[A-Za-z0-9-_.]{1,64}$/);
      if (combo.host === "ado") {
        // Output variables are named as task.json declares them.
        expect(Object.keys(result.rawOutputs).sort()).toEqual(["template", "templateName"]);
      }
      expect(result.summary).toContain(result.outputs["template-name"]);
    });

    test("the template is a valid request body of the official spec", () => {
      const body = JSON.parse(result.outputs.template!);
      const valid = validateRequest(body);
      expect(validateRequest.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    });

    test("the validator refuses the template with one enum in the wrong case", () => {
      const body = JSON.parse(result.outputs.template!);
      body.properties.distribute[0].type = body.properties.distribute[0].type.toLowerCase();
      expect(validateRequest(body)).toBe(false);
    });

    test("provenance tags name the repository and the run", () => {
      const t = JSON.parse(result.outputs.template!);
      const run = RUN[combo.host];
      const expected = {
        "bake.repository": run.repository,
        "bake.commit": run.commit,
        "bake.run-id": run.runId,
        "bake.run-attempt": run.runAttempt,
        "bake.run-url": run.runUrl,
      };
      expect(t.tags).toMatchObject(expected);
      for (const d of t.properties.distribute) expect(d.artifactTags).toMatchObject(expected);
      expect(result.outputs["template-name"]).toContain(`-${run.runId}-${run.runAttempt}-`);
      // Both run contexts check out a repository named golden-images.
      expect(result.outputs["template-name"]).toMatch(/^bake-golden-images-/);
    });

    test("holds what the example asks for", () => {
      const facts = FACTS[example];
      expect(facts).toBeDefined();
      facts!(JSON.parse(result.outputs.template!), combo);
    });
  });

  test("GitHub and Azure Pipelines render the same template apart from run-specific parts", async () => {
    const github = await render(example, COMBOS[0]!);
    const ado = await render(example, COMBOS[1]!);
    expect(github.outputs.template).not.toBe(ado.outputs.template);
    expect(withoutRunSpecifics(ado, "ado")).toEqual(withoutRunSpecifics(github, "github"));
  });

  test("Node 20 and Node 24 render byte-identical templates", async () => {
    for (const host of ["github", "ado"] as const) {
      const on20 = await render(example, { host, node: "20" });
      const on24 = await render(example, { host, node: "24" });
      expect(on24.outputs.template).toBe(on20.outputs.template);
    }
  });

  test("the CLI renders a valid template with the same staged files", async () => {
    const cli = await runCli(["render", "--inputs", `examples/${example}/inputs.yml`]);
    expect(cli.errors).toEqual([]);
    expect(cli.exitCode).toBe(0);
    const body = JSON.parse(cli.outputs.template!);
    expect(validateRequest(body)).toBe(true);
    const github = JSON.parse((await render(example, COMBOS[0]!)).outputs.template!);
    const checksums = (t: any) =>
      JSON.stringify(t.properties).match(/"sha256Checksum":"[0-9a-f]{64}"/g) ?? [];
    expect(checksums(body)).toEqual(checksums(github));
    expect(body.properties.distribute.map((d: any) => d.type)).toEqual(
      github.properties.distribute.map((d: any) => d.type),
    );
  });

  test("rendering the same inputs twice gives a byte-identical template", async () => {
    const first = await render(example, COMBOS[0]!);
    const second = await render(example, COMBOS[0]!, 1);
    expect(second.exitCode).toBe(0);
    expect(second.outputs.template).toBe(first.outputs.template);
    expect(second.outputs["template-name"]).toBe(first.outputs["template-name"]);
  });
});

test.each<NodeMajor>(["20", "24"])(
  "the helper runs bundles on the Node asked for (%s)",
  async (node) => {
    const r = await runNode(["-p", "process.versions.node"], { node });
    expect(r.stdout.trim().split(".")[0]).toBe(node);
  },
);
