/**
 * `npm run least-privilege`: the permissions the README lists are the ones the product's
 * requests need, measured by running the GitHub bundle in each mode against the local Azure.
 */
import { readFileSync } from "node:fs";
import {
  armAction,
  builtInRolesGranting,
  currentSection,
  observeAll,
  permissionsSection,
  README,
  storageAction,
  withSection,
  type Observation,
} from "../../tools/least-privilege.js";

describe("mapping requests to RBAC actions", () => {
  const rg = "/subscriptions/s/resourceGroups/rg/providers";
  test.each([
    [
      "PUT",
      `${rg}/Microsoft.VirtualMachineImages/imageTemplates/t`,
      "Microsoft.VirtualMachineImages/imageTemplates/write",
    ],
    [
      "GET",
      `${rg}/Microsoft.VirtualMachineImages/imageTemplates`,
      "Microsoft.VirtualMachineImages/imageTemplates/read",
    ],
    [
      "POST",
      `${rg}/Microsoft.VirtualMachineImages/imageTemplates/t/run`,
      "Microsoft.VirtualMachineImages/imageTemplates/run/action",
    ],
    [
      "POST",
      `${rg}/Microsoft.VirtualMachineImages/imageTemplates/t/cancel`,
      "Microsoft.VirtualMachineImages/imageTemplates/cancel/action",
    ],
    [
      "GET",
      `${rg}/Microsoft.VirtualMachineImages/imageTemplates/t/runOutputs`,
      "Microsoft.VirtualMachineImages/imageTemplates/runOutputs/read",
    ],
    [
      "DELETE",
      `${rg}/Microsoft.VirtualMachineImages/imageTemplates/t`,
      "Microsoft.VirtualMachineImages/imageTemplates/delete",
    ],
    [
      "GET",
      "/subscriptions/s/providers/Microsoft.VirtualMachineImages/locations/westus2/operations/x",
      "Microsoft.VirtualMachineImages/locations/operations/read",
    ],
    ["GET", `${rg}/Microsoft.Storage/storageAccounts/st`, "Microsoft.Storage/storageAccounts/read"],
    [
      "GET",
      "/subscriptions/s/resourceGroups/rg",
      "Microsoft.Resources/subscriptions/resourceGroups/read",
    ],
  ])("%s %s is %s", (method, path, action) => {
    expect(armAction(method, path)).toBe(action);
  });

  const blobs = "Microsoft.Storage/storageAccounts/blobServices";
  test.each([
    [
      "POST",
      "/st/",
      { restype: "service", comp: "userdelegationkey" },
      `${blobs}/generateUserDelegationKey/action`,
      "Action",
    ],
    ["PUT", "/st/c", { restype: "container" }, `${blobs}/containers/write`, "Action"],
    [
      "GET",
      "/st/c",
      { restype: "container", comp: "list" },
      `${blobs}/containers/blobs/read`,
      "DataAction",
    ],
    ["PUT", "/st/c/a/b.sh", {}, `${blobs}/containers/blobs/write`, "DataAction"],
    ["GET", "/st/c/a/b.sh", {}, `${blobs}/containers/blobs/read`, "DataAction"],
    ["DELETE", "/st/c/a/b.sh", {}, `${blobs}/containers/blobs/delete`, "DataAction"],
  ])("storage %s %s %j is %s", (method, path, query, action, kind) => {
    expect(storageAction(method, path, query)).toEqual({ action, kind });
  });

  test("names the built-in roles that grant an action, honouring NotActions and DataActions", () => {
    expect(
      builtInRolesGranting({ action: `${blobs}/generateUserDelegationKey/action`, kind: "Action" }),
    ).toEqual([
      "Storage Blob Delegator",
      "Storage Blob Data Reader",
      "Storage Blob Data Contributor",
      "Contributor",
    ]);
    expect(
      builtInRolesGranting({ action: `${blobs}/containers/blobs/write`, kind: "DataAction" }),
    ).toEqual(["Storage Blob Data Contributor"]);
    expect(
      builtInRolesGranting({
        action: "Microsoft.Authorization/roleAssignments/write",
        kind: "Action",
      }),
    ).toEqual([]);
  });
});

describe("the runs in each mode", () => {
  let observations: Observation[];
  beforeAll(async () => {
    observations = await observeAll();
  }, 240_000);
  const of = (name: string) => observations.find((o) => o.mode.name === name)!;
  const actions = (o: Observation, principal = "pipeline") =>
    o.permissions.filter((p) => p.principal === principal).map((p) => p.action);

  const dataActions = (o: Observation, principal: string) =>
    o.permissions.filter((p) => p.principal === principal && p.kind === "DataAction");

  test("need a user delegation key only with SAS access, and a read role for the template identity only without", () => {
    const key = "Microsoft.Storage/storageAccounts/blobServices/generateUserDelegationKey/action";
    expect(actions(of("sas"))).toContain(key);
    expect(actions(of("identity"))).not.toContain(key);
    expect(dataActions(of("sas"), "template identity")).toEqual([]);
    expect(dataActions(of("identity"), "template identity").map((p) => p.action)).toEqual([
      "Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read",
    ]);
  });

  test("have the template identity write the gallery version, and only with subnet-id read the network and join the subnet", () => {
    const gallery = [
      "Microsoft.Compute/galleries/images/read",
      "Microsoft.Compute/galleries/images/versions/write",
    ];
    expect(actions(of("sas"), "template identity")).toEqual(gallery);
    const networked = of("subnet-id").permissions.filter(
      (p) => p.principal === "template identity" && p.action.startsWith("Microsoft.Network/"),
    );
    expect(networked.map((p) => [p.action, p.scope])).toEqual([
      ["Microsoft.Network/virtualNetworks/subnets/join/action", "subnet"],
      ["Microsoft.Network/virtualNetworks/read", "virtual network"],
    ]);
    expect(actions(of("sas"), "template identity").some((a) => a.includes("Network"))).toBe(false);
  });

  test("have the template identity read a gallery version source and write the managed image", () => {
    const o = of("managed image from a gallery version");
    expect(
      o.permissions
        .filter((p) => p.principal === "template identity")
        .map((p) => [p.action, p.scope]),
    ).toEqual([
      ["Microsoft.Compute/images/write", "managed image"],
      ["Microsoft.Compute/galleries/images/versions/read", "source image"],
    ]);
  });

  test("create, run and delete the template, and never use an account key", () => {
    expect(actions(of("sas"))).toEqual(
      expect.arrayContaining([
        "Microsoft.VirtualMachineImages/imageTemplates/write",
        "Microsoft.VirtualMachineImages/imageTemplates/run/action",
        "Microsoft.VirtualMachineImages/imageTemplates/delete",
      ]),
    );
    expect(actions(of("sas")).some((a) => a.includes("listKeys"))).toBe(false);
  });

  test("need nothing for a dry run", () => {
    expect(of("dry-run").requests).toBe(0);
    expect(of("dry-run").permissions).toEqual([]);
  });

  test("are what README.md's Permissions section says (npm run least-privilege -- --write)", () => {
    const readme = readFileSync(README, "utf8");
    const section = permissionsSection(observations);
    expect(currentSection(readme)).toBe(section);
    // Only that section would change.
    expect(withSection(readme, section)).toBe(readme);
  });
});
