// Shared by the mock-run scripts: sets up what the Azure Pipelines agent would (inputs through
// TaskMockRunner, the service connection and pipeline variables in the environment), then runs
// the bundled task, dist/ado/index.js.
import "../../../local-ci/no-network.mjs";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { TaskMockRunner } from "azure-pipelines-task-lib/mock-run.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const TASK = path.join(ROOT, "dist", "ado", "index.js");
const CONNECTION = "5b7f1a2e-3c4d-4e5f-8a9b-0c1d2e3f4a5b";

export const BASE_INPUTS = {
  resourceGroup: "rg-images",
  location: "westeurope",
  source: "Canonical:ubuntu-24_04-lts:server:latest",
  identity:
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-images/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-image-builder",
  vhd: "true",
  dryRun: "true",
};

/** Runs the task with `inputs` (camelCase, as in task.json) on top of BASE_INPUTS. */
export async function runTask(inputs) {
  const tmr = new TaskMockRunner(TASK);
  // The agent roots an empty filePath input at the sources directory.
  tmr.setInput("templateFile", ROOT);
  tmr.setInput("azureSubscription", CONNECTION);
  for (const [name, value] of Object.entries({ ...BASE_INPUTS, ...inputs })) {
    tmr.setInput(name, value);
  }
  const temp = mkdtempSync(path.join(tmpdir(), "bake-mock-"));
  Object.assign(process.env, {
    [`ENDPOINT_URL_${CONNECTION}`]: "https://management.azure.com/",
    [`ENDPOINT_DATA_${CONNECTION}_SUBSCRIPTIONID`]: "00000000-0000-0000-0000-000000000000",
    [`ENDPOINT_DATA_${CONNECTION}_ENVIRONMENT`]: "AzureCloud",
    [`ENDPOINT_AUTH_SCHEME_${CONNECTION}`]: "WorkloadIdentityFederation",
    TF_BUILD: "True",
    AGENT_TEMPDIRECTORY: temp,
    BUILD_SOURCESDIRECTORY: ROOT,
    BUILD_REPOSITORY_NAME: "golden-images",
    BUILD_BUILDID: "4711",
    BUILD_BUILDNUMBER: "20251123.3",
    BUILD_SOURCEVERSION: "3f786850e387550fdab836ed7e6dc881de23001b",
    SYSTEM_TEAMPROJECT: "Platform",
    SYSTEM_COLLECTIONURI: "https://dev.azure.com/contoso/",
    SYSTEM_JOBATTEMPT: "1",
    SYSTEM_JOBID: "12f1170f-54f2-53f3-20dd-22fc7dff55f9",
    SYSTEM_TASKINSTANCEID: "7a1b3e0c-2f4d-4c1e-9f3a-5b6c7d8e9f01",
  });
  // TaskMockRunner.run() loads the task with require(), which cannot load an ES module with
  // top-level await (ERR_REQUIRE_ASYNC_MODULE); the agent runs it as `node index.js`, which
  // importing it here matches. The task library in the bundle is the real one, not the mock.
  try {
    await import(pathToFileURL(TASK).href);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}
