import { ArmError } from "../../src/core/azure/arm.js";
import { InputError } from "../../src/core/errors.js";
import type { BakeInputs } from "../../src/core/inputs/read-inputs.js";
import { preflight } from "../../src/core/run/preflight.js";
import type { RenderedTemplate } from "../../src/core/template/render-template.js";
import type { JsonObject } from "../../src/core/template/template-file.js";

const SUB = "00000000-0000-0000-0000-0000000000aa";
const RG = `/subscriptions/${SUB}/resourceGroups/rg-images`;
const NET = `/subscriptions/${SUB}/resourceGroups/rg-net/providers/Microsoft.Network`;
const VNET = `${NET}/virtualNetworks/vnet`;
const SUBNET = `${VNET}/subnets/build`;
const NSG = `${NET}/networkSecurityGroups/nsg`;
const IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-aib`;
const DEFINITION = `${RG}/providers/Microsoft.Compute/galleries/gal/images/ubuntu`;
const ROLE = `/subscriptions/${SUB}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`;
const IMAGES = `/subscriptions/${SUB}/providers/Microsoft.Compute/locations/westeurope/publishers/Canonical/artifacttypes/vmimage/offers/ubuntu-24_04-lts/skus/server/versions`;

/** Resource Manager in memory: each path answers a body, or an error Resource Manager would. */
class FakeArm {
  readonly subscriptionId = SUB;
  readonly reads: string[] = [];
  constructor(private readonly resources: Map<string, unknown>) {}

  private answer(path: string): unknown {
    this.reads.push(path);
    const found = this.resources.get(path);
    if (found instanceof ArmError) throw found;
    if (found === undefined) throw new ArmError(404, "ResourceNotFound", "not found", path);
    return found;
  }
  get<T>(path: string): Promise<T> {
    return Promise.resolve(this.answer(path) as T);
  }
  list<T>(path: string): Promise<T[]> {
    return Promise.resolve((this.answer(path) as { value: T[] }).value);
  }
}

function world(overrides: Record<string, unknown> = {}) {
  return new Map<string, unknown>(
    Object.entries({
      [RG]: { name: "rg-images" },
      [IDENTITY]: { properties: { principalId: "p-1" } },
      [DEFINITION]: {
        location: "westeurope",
        properties: {
          osType: "Linux",
          hyperVGeneration: "V2",
          features: [{ name: "SecurityType", value: "TrustedLaunchSupported" }],
        },
      },
      [VNET]: { location: "westeurope" },
      [SUBNET]: {
        properties: {
          addressPrefix: "10.0.1.0/24",
          privateLinkServiceNetworkPolicies: "Disabled",
          networkSecurityGroup: { id: NSG },
        },
      },
      [NSG]: { properties: { securityRules: [] } },
      [IMAGES]: [{ name: "24.04.202501010" }, { name: "24.04.202511010" }],
      [`${IMAGES}/24.04.202511010`]: {
        properties: {
          hyperVGeneration: "V2",
          features: [{ name: "SecurityType", value: "TrustedLaunchSupported" }],
        },
      },
      [`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments`]: {
        value: [{ properties: { roleDefinitionId: ROLE, scope: `/subscriptions/${SUB}` } }],
      },
      [ROLE]: {
        properties: { roleName: "Contributor", permissions: [{ actions: ["*"], notActions: [] }] },
      },
      ...overrides,
    }),
  );
}

const inputs = {
  resourceGroup: "rg-images",
  subnetId: SUBNET,
  identityId: IDENTITY,
} as unknown as BakeInputs;

function rendered(): RenderedTemplate {
  const body: JsonObject = {
    location: "westeurope",
    identity: { type: "UserAssigned", userAssignedIdentities: { [IDENTITY]: {} } },
    properties: {
      source: {
        type: "PlatformImage",
        publisher: "Canonical",
        offer: "ubuntu-24_04-lts",
        sku: "server",
        version: "latest",
      },
      vmProfile: { vnetConfig: { subnetId: SUBNET } },
      distribute: [
        {
          type: "SharedImage",
          galleryImageId: DEFINITION,
          runOutputName: "x",
          targetRegions: [{ name: "westeurope" }],
        },
      ],
    },
  };
  return { body, osType: "linux" } as unknown as RenderedTemplate;
}

async function run(arm: FakeArm) {
  const notices: string[] = [];
  let error: unknown;
  await preflight(arm, inputs, rendered(), new AbortController().signal, {
    notice: (m) => void notices.push(m),
    warning: (m) => void notices.push(`warning: ${m}`),
  }).catch((e: unknown) => (error = e));
  return { notices, error: error as InputError | undefined };
}

describe("the checks before the build", () => {
  test("a template that passes every check reads each resource once and says nothing", async () => {
    const arm = new FakeArm(world());
    const { notices, error } = await run(arm);
    expect(error).toBeUndefined();
    expect(notices).toEqual([]);
    expect(new Set(arm.reads).size).toBe(arm.reads.length);
    expect(arm.reads).toContain(`${IMAGES}/24.04.202511010`);
  });

  test("reads the pipeline's identity may not make skip their family with one notice each", async () => {
    const forbidden = (path: string) => new ArmError(403, "AuthorizationFailed", "no", path);
    const arm = new FakeArm(
      world({
        [VNET]: forbidden(VNET),
        [SUBNET]: forbidden(SUBNET),
        [`/subscriptions/${SUB}/providers/Microsoft.Authorization/roleAssignments`]:
          forbidden("ra"),
      }),
    );
    const { notices, error } = await run(arm);
    expect(error).toBeUndefined();
    expect(notices).toHaveLength(2);
    expect(notices[0]).toMatch(
      /^Skipped the network checks before the build: .*AuthorizationFailed/,
    );
    expect(notices[0]).toContain("Reader on the virtual network");
    expect(notices[1]).toMatch(/^Skipped the template identity permission checks/);
    expect(notices[1]).toContain("Microsoft.Authorization/roleAssignments/read");
  });

  test("several failed items end in one error, the first family's", async () => {
    const arm = new FakeArm(
      world({
        [VNET]: { location: "northeurope" },
        [ROLE]: { properties: { permissions: [{ actions: ["*/read"] }] } },
      }),
    );
    const { error } = await run(arm);
    expect(error).toBeInstanceOf(InputError);
    expect(error!.input).toBe("subnet-id");
    expect(error!.message).toContain("northeurope");
  });
});
