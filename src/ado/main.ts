import path from "node:path";
import { runBake, runCleanupPhase } from "../core/main.js";
import { AdoHost } from "./host.js";

// task.json runs dist/ado/index.js as the task's execution and dist/ado/post.js (which imports
// it) as its postjobexecution handler: the safety net that removes what a cancelled or killed
// main execution left, with the task variables it saved.
const host = new AdoHost();
if (path.basename(process.argv[1] ?? "") === "post.js") await runCleanupPhase(host);
else await runBake(host);
