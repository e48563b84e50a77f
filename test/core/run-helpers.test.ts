import { createHttpHeaders } from "@azure/core-rest-pipeline";
import { retryAfterMs } from "../../src/core/azure/transport.js";
import { artifactIds, withoutQueryStrings } from "../../src/core/run/outputs.js";
import { Nudge, PollSchedule } from "../../src/core/run/wait-for-build.js";
import { sleep } from "../../src/core/run/waiting.js";
import type { RenderedTemplate } from "../../src/core/template/render-template.js";

describe("run helpers", () => {
  test("Retry-After in milliseconds, seconds or as a date", () => {
    expect(retryAfterMs(createHttpHeaders({ "retry-after-ms": "250" }))).toBe(250);
    expect(retryAfterMs(createHttpHeaders({ "x-ms-retry-after-ms": "40" }))).toBe(40);
    expect(retryAfterMs(createHttpHeaders({ "retry-after": "3" }))).toBe(3000);
    const inFive = new Date(Date.now() + 5000).toUTCString();
    expect(retryAfterMs(createHttpHeaders({ "retry-after": inFive }))).toBeGreaterThan(3000);
    expect(retryAfterMs(createHttpHeaders({}))).toBeUndefined();
  });

  test("the poll schedule grows from a few seconds to half a minute", () => {
    const schedule = new PollSchedule();
    const taken = Array.from({ length: 8 }, () => schedule.take());
    expect(taken[0]).toBe(5000);
    expect(taken.every((v, i) => i === 0 || v >= taken[i - 1]!)).toBe(true);
    expect(taken.at(-1)).toBe(30000);
  });

  test("the schedule's ceiling can rise while the log tells what happens, and a change restarts it", () => {
    const schedule = new PollSchedule(5_000, 30_000);
    for (let i = 0; i < 10; i++) schedule.take();
    expect(schedule.take()).toBe(30_000);
    schedule.setCeiling(90_000);
    const quiet = Array.from({ length: 6 }, () => schedule.take());
    expect(quiet.at(-1)).toBe(90_000);
    schedule.setCeiling(30_000);
    expect(schedule.take()).toBe(30_000);
    schedule.restart();
    expect(schedule.take()).toBe(5_000);
  });

  test("a nudge cuts a poll's wait short, and one given before the wait counts too", async () => {
    const nudge = new Nudge();
    const signal = new AbortController().signal;
    let started = Date.now();
    setTimeout(() => nudge.fire(), 50);
    await expect(nudge.wait(10_000, signal)).resolves.toBe(true);
    expect(Date.now() - started).toBeLessThan(1_000);
    nudge.fire();
    started = Date.now();
    await expect(nudge.wait(10_000, signal)).resolves.toBe(true);
    expect(Date.now() - started).toBeLessThan(100);
    await expect(nudge.wait(20, signal)).resolves.toBe(false);
  });

  test("sleep stops at once when the step is cancelled", async () => {
    const controller = new AbortController();
    const started = Date.now();
    const pending = sleep(60_000, controller.signal);
    controller.abort(new Error("received SIGINT"));
    await expect(pending).rejects.toThrow("received SIGINT");
    expect(Date.now() - started).toBeLessThan(1000);
  });

  test("the first artifact is a gallery version, then a managed image, then a VHD", () => {
    const rendered = {
      runOutputs: [
        { name: "t-vhd", kind: "vhd" },
        { name: "t-managed", kind: "managed" },
        { name: "t-gallery", kind: "gallery" },
      ],
    } as unknown as RenderedTemplate;
    const ids = artifactIds(rendered, [
      { runOutputName: "t-vhd", artifactUri: "https://st.blob.core.windows.net/vhds/x.vhd" },
      {
        runOutputName: "t-managed",
        artifactId: "/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/images/m",
      },
      {
        runOutputName: "t-gallery",
        artifactId:
          "/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/galleries/g/images/d/versions/1.0.0",
      },
    ]);
    expect(ids.map((i) => i.kind)).toEqual(["gallery", "managed", "vhd"]);
    expect(ids[2]!.id).toBe("https://st.blob.core.windows.net/vhds/x.vhd");
  });

  test("query strings (SAS tokens) are removed from service messages", () => {
    expect(
      withoutQueryStrings(
        "failed. Image Build log location: https://st.blob.core.windows.net/packerlogs/abc/customization.log?sv=2024&sig=SECRET. OperationId: 1",
      ),
    ).toBe(
      "failed. Image Build log location: https://st.blob.core.windows.net/packerlogs/abc/customization.log. OperationId: 1",
    );
  });
});
