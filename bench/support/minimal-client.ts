/**
 * The least a client must do for one build, in a fresh process (cold connections, as the
 * step has them): a token, the template PUT and the poll that sees it provisioned, the run
 * POST and the poll that sees it finished, the run outputs, the DELETE and the poll that sees
 * it gone. SDK pollers poll at a zero interval, so only request time counts; of each
 * long-running operation, the first request and the final poll are counted. Timed from the
 * first request to the last, after the modules are loaded. Input: BENCH_MINIMAL (JSON); output:
 * one JSON line.
 */
import type { ImageTemplate } from "@azure/arm-imagebuilder";
import {
  credentialFor,
  timedImageBuilder,
  type LocalAzureAccess,
  type TimedRequest,
} from "./local.js";

export interface MinimalClientInput {
  access: LocalAzureAccess;
  resourceGroup: string;
  name: string;
  /** The template in the wire shape (properties nested). */
  body: Record<string, unknown>;
}

export interface MinimalClientResult {
  token: number;
  put: number;
  run: number;
  outputs: number;
  delete: number;
  sum: number;
  /** First request to last, including the client's own time between them. */
  elapsed: number;
  requests: number;
}

/** First request and final poll of a long-running operation. */
function lro(requests: TimedRequest[]): number {
  if (requests.length === 0) throw new Error("no request recorded");
  return requests.length === 1 ? requests[0]!.ms : requests[0]!.ms + requests.at(-1)!.ms;
}

async function main(): Promise<void> {
  const input = JSON.parse(process.env.BENCH_MINIMAL ?? "") as MinimalClientInput;
  const { access, resourceGroup: rg, name } = input;
  const credential = credentialFor(access);
  const requests: TimedRequest[] = [];
  let count = 0;
  const take = () => {
    count += requests.length;
    return requests.splice(0, requests.length);
  };
  const ops = timedImageBuilder(access, credential, requests).virtualMachineImageTemplates;
  const { properties, ...resource } = input.body;
  const model = { ...resource, ...(properties as object) } as unknown as ImageTemplate;

  const t0 = performance.now();
  await credential.getToken(`${access.armAudience}/.default`);
  const token = performance.now() - t0;
  await ops.beginCreateOrUpdateAndWait(rg, name, model, { updateIntervalInMs: 0 });
  const put = lro(take());
  await ops.beginRunAndWait(rg, name, { updateIntervalInMs: 0 });
  const run = lro(take());
  for await (const output of ops.listRunOutputs(rg, name)) void output;
  const outputs = take().reduce((s, r) => s + r.ms, 0);
  // The emulator refuses a DELETE for the few ms between a run's terminal state and its last
  // log flush (a quirk of the emulator, not of Azure): those tries are not counted.
  for (let tries = 1; ; tries++) {
    try {
      await ops.beginDeleteAndWait(rg, name, { updateIntervalInMs: 0 });
      break;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode !== 409 || tries >= 100) throw error;
      take();
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
  const del = lro(take());
  const result: MinimalClientResult = {
    token,
    put,
    run,
    outputs,
    delete: del,
    sum: token + put + run + outputs + del,
    elapsed: performance.now() - t0,
    requests: count,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

await main();
