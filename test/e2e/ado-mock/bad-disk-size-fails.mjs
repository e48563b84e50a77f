// osDiskSizeGb is not a number.
import { runTask } from "./task-runner.mjs";

await runTask({ osDiskSizeGb: "128GB" });
