// A small dry run: platform image, one inline command, a VHD.
import { runTask } from "./task-runner.mjs";

await runTask({ inlineScript: "echo hello from the mock runner", tags: "team=platform" });
