import { cancelBuild, describeCancellation } from "../../src/core/run/cancel-build.js";
import { cleanUpAfterRun, cleanUpRecorded } from "../../src/core/run/cleanup.js";
import { FakeHost } from "./fake-host.js";
import { FakeTemplate, fakeTargets, stateOf } from "./fake-templates.js";

const NAME = "bake-golden-1234567890-1-build-bake";

/** A host with a later cleanup phase, as GitHub has its post step. */
class HostWithPostStep extends FakeHost {
  readonly cleanupPhase = "the post step";
}

describe("cancellation", () => {
  test("Image Builder is asked once to stop; a template still Canceling is handed to the post step, which removes it", async () => {
    const host = new HostWithPostStep({});
    const template = new FakeTemplate(NAME, "Running");
    template.cancelRetryAfterMs = 20;
    const targets = fakeTargets([template]);
    const state = stateOf(template, true);

    const askedMs = await cancelBuild(host, template);
    expect(askedMs).toBe(20);
    expect(host.log).toContain(`Cancelling the build of ${NAME}…`);

    // Image Builder keeps a cancelled build Canceling longer than a cancelled step may wait.
    const left = await cleanUpAfterRun(host, targets, state, {
      keepOnFailure: false,
      succeeded: false,
      cancelled: true,
      buildOver: false,
      cancelAskedMs: askedMs,
    });
    expect(template.count("cancel")).toBe(1);
    expect(template.count("delete")).toBe(0);
    expect(template.exists).toBe(true);
    expect(host.annotations).toEqual([]);
    expect(host.log).toContain(
      `Image template ${NAME} is not deleted yet (Image Builder is still stopping its build); the post step deletes it.`,
    );
    expect(JSON.parse(host.state.get("cleanup")!)).toEqual({ ...state, createdTemplate: true });
    expect(describeCancellation(true, state, left, host.cleanupPhase)).toBe(
      `The step was cancelled: the build was cancelled. Image Builder is still stopping it, so the post step removes image template ${NAME} once it has stopped.`,
    );

    template.runState = "Canceled";
    await cleanUpRecorded(host, () => Promise.resolve(targets));
    expect(template.exists).toBe(false);
    expect(template.count("cancel")).toBe(1);
    expect(host.log).toContain(`Deleted image template ${NAME}.`);
    expect(host.state.get("cleanup")).toBe("");
  });

  test("a cancel Image Builder does not take becomes a warning naming the template", async () => {
    const host = new FakeHost({});
    const template = new FakeTemplate(NAME, "Running");
    template.cancelFault = new Error("Service unavailable");
    await expect(cancelBuild(host, template)).resolves.toBeUndefined();
    expect(host.annotations).toEqual([
      {
        level: "warning",
        message: `Could not cancel the build of ${NAME}: Service unavailable`,
      },
    ]);
  });

  test("what a cancelled step says it left is what it left", () => {
    const template = new FakeTemplate(NAME, undefined);
    const nothing = stateOf(template, false);
    const created = stateOf(template, true);
    expect(describeCancellation(false, nothing, undefined, "the post step")).toBe(
      "The step was cancelled before the build started.",
    );
    expect(describeCancellation(true, created, undefined, "the post step")).toBe(
      "The step was cancelled: the build was cancelled, and what this step created was removed.",
    );
    expect(describeCancellation(true, created, created, undefined)).toBe(
      `The step was cancelled: the build was cancelled. Image template ${NAME} could not be removed (see the warning).`,
    );
  });
});
