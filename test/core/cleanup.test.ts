import { BakeError } from "../../src/core/errors.js";
import { TAG } from "../../src/core/naming.js";
import { cleanUpAfterRun, cleanUpRecorded, removeLeftovers } from "../../src/core/run/cleanup.js";
import { FakeHost } from "./fake-host.js";
import { FakeStagedFiles, FakeTemplate, fakeTargets, STAGING, stateOf } from "./fake-templates.js";

const NAME = "bake-golden-1234567890-1-build-bake";
const finished = { keepOnFailure: false, succeeded: true, cancelled: false, buildOver: true };

describe("cleanup after the build", () => {
  test("a build this run saw end is deleted at once: nothing is looked at or cancelled first", async () => {
    const host = new FakeHost({});
    const template = new FakeTemplate(NAME, "Succeeded");
    const left = await cleanUpAfterRun(
      host,
      fakeTargets([template]),
      stateOf(template, true),
      finished,
    );
    expect(template.requests).toEqual(["delete"]);
    expect(template.exists).toBe(false);
    expect(left).toBeUndefined();
    expect(host.log).toContain(`Deleted image template ${NAME}.`);
    expect(host.state.get("cleanup")).toBe("");
    expect(host.annotations).toEqual([]);
  });

  test("a 409 while Image Builder wraps the run up is waited out, then the template is deleted", async () => {
    const host = new FakeHost({});
    const template = new FakeTemplate(NAME, "Failed");
    template.refusedDeletes = 1;
    const left = await cleanUpAfterRun(host, fakeTargets([template]), stateOf(template, true), {
      ...finished,
      succeeded: false,
    });
    // After the refusal the template is looked at again: its run is over, so it is deleted.
    expect(template.requests).toEqual(["delete", "find", "delete"]);
    expect(template.exists).toBe(false);
    expect(left).toBeUndefined();
    expect(host.log).toContain(`Deleted image template ${NAME}.`);
    expect(host.annotations).toEqual([]);
  });

  test("a template this step did not create is left alone; its staged files are removed", async () => {
    const host = new FakeHost({});
    const template = new FakeTemplate(NAME, "Running");
    const staged = new FakeStagedFiles(3);
    const left = await cleanUpAfterRun(
      host,
      fakeTargets([template], staged),
      stateOf(template, false, STAGING),
      { ...finished, succeeded: false, buildOver: false },
    );
    expect(template.requests).toEqual([]);
    expect(template.exists).toBe(true);
    expect(staged.deletedPrefixes).toEqual([STAGING.prefix]);
    expect(host.log).toContain("Deleted 3 staged file(s).");
    expect(left).toBeUndefined();
  });

  test("a template that cannot be deleted is named in a warning and recorded for the post step", async () => {
    const host = new FakeHost({});
    const template = new FakeTemplate(NAME, "Failed");
    template.deleteFault = Object.assign(new Error("Internal server error"), { statusCode: 500 });
    const left = await cleanUpAfterRun(host, fakeTargets([template]), stateOf(template, true), {
      ...finished,
      succeeded: false,
    });
    expect(left).toMatchObject({ templateName: NAME, createdTemplate: true });
    expect(host.annotations).toEqual([
      {
        level: "warning",
        message: `Cleanup: the image template ${template.id} could not be deleted (Internal server error). Delete it by hand.`,
      },
    ]);
    expect(JSON.parse(host.state.get("cleanup")!)).toMatchObject({ createdTemplate: true });
  });

  test("keep-on-failure keeps a failed build's template and staged files, and names them", async () => {
    const host = new FakeHost({});
    const template = new FakeTemplate(NAME, "Failed");
    const staged = new FakeStagedFiles(2);
    await cleanUpAfterRun(host, fakeTargets([template], staged), stateOf(template, true, STAGING), {
      ...finished,
      succeeded: false,
      keepOnFailure: true,
    });
    expect(template.requests).toEqual([]);
    expect(staged.deletedPrefixes).toEqual([]);
    expect(host.log).toContain(
      `keep-on-failure: kept image template ${template.id} and the staged files under ${STAGING.container}/${STAGING.prefix} in ${STAGING.account.name} for debugging. Delete them when done.`,
    );
    expect(host.state.get("cleanup")).toBe("");
  });
});

describe("templates left by earlier tries", () => {
  const host = () => new FakeHost({});
  const ours = (h: FakeHost, attempt: string) => ({
    [TAG.repository]: h.context.repository,
    [TAG.runId]: h.context.runId,
    [TAG.step]: "build/bake",
    [TAG.runAttempt]: attempt,
  });

  test("this step's template of an earlier attempt is removed, its run cancelled first", async () => {
    const h = host();
    const earlier = new FakeTemplate(
      "bake-golden-1234567890-1-build-bake",
      "Running",
      ours(h, "1"),
    );
    const signal = new AbortController().signal;
    // The fake goes Canceling on the cancel and stays there until told; let it stop at the next look.
    const find = earlier.find.bind(earlier);
    earlier.find = () => {
      if (earlier.runState === "Canceling" && earlier.count("find") >= 2)
        earlier.runState = "Canceled";
      return find();
    };
    await removeLeftovers(
      fakeTargets([earlier]),
      "rg",
      NAME.replace(/-1-/, "-2-"),
      "build/bake",
      h.context,
      h,
      signal,
    );
    expect(earlier.count("cancel")).toBe(1);
    expect(earlier.exists).toBe(false);
    expect(h.log).toContain(
      `Removing image template ${earlier.name}, left by an interrupted earlier try of this step (attempt 1).`,
    );
  });

  test("a template of the same name made by someone else is not touched: one error names it", async () => {
    const h = host();
    const theirs = new FakeTemplate(NAME, "Succeeded", {
      [TAG.repository]: "fabrikam/images",
      [TAG.runId]: "77",
    });
    const signal = new AbortController().signal;
    const attempt = removeLeftovers(
      fakeTargets([theirs]),
      "rg",
      NAME,
      "build/bake",
      h.context,
      h,
      signal,
    );
    await expect(attempt).rejects.toThrow(BakeError);
    await expect(attempt).rejects.toThrow(
      `An image template named ${NAME} already exists in resource group rg and was not made by this step of this run (its tags name repository 'fabrikam/images', run '77'). Delete it, or run in another resource group.`,
    );
    expect(theirs.requests).toEqual([]);
    expect(theirs.exists).toBe(true);
  });
});

describe("the post step", () => {
  test("removes what the main step recorded and did not remove, then clears the record", async () => {
    const host = new FakeHost({});
    const template = new FakeTemplate(NAME, "Canceled");
    const staged = new FakeStagedFiles(4);
    host.saveState("cleanup", JSON.stringify(stateOf(template, true, STAGING)));
    let connected = 0;
    await cleanUpRecorded(host, () => {
      connected++;
      return Promise.resolve(fakeTargets([template], staged));
    });
    expect(connected).toBe(1);
    expect(host.log).toEqual([
      `The main step did not finish its cleanup; removing image template ${NAME} and the staged files.`,
      `Deleted image template ${NAME}.`,
      "Deleted 4 staged file(s).",
    ]);
    expect(template.exists).toBe(false);
    expect(staged.deletedPrefixes).toEqual([STAGING.prefix]);
    expect(host.state.get("cleanup")).toBe("");
  });

  test("with nothing recorded it does not even sign in", async () => {
    const host = new FakeHost({});
    let connected = 0;
    await cleanUpRecorded(host, () => {
      connected++;
      return Promise.resolve(fakeTargets([]));
    });
    expect(connected).toBe(0);
    expect(host.log).toEqual([]);
  });
});
