// Fails when dist/ (or generated metadata) differs from what the build just produced: the
// committed bundles are what users run, so they must be exactly the build of the sources.
import { execFileSync } from "node:child_process";

const paths = ["dist", "action.yml", "task.json"];
try {
  execFileSync("git", ["rev-parse", "--is-inside-work-tree"], { stdio: "ignore" });
} catch {
  console.log("check-dist: not a git checkout, nothing to compare against.");
  process.exit(0);
}
const status = execFileSync("git", ["status", "--porcelain", "--", ...paths], {
  encoding: "utf8",
}).trim();
if (status) {
  console.error(
    "check-dist: the committed files differ from the build. Run `npm run build` and commit:",
  );
  console.error(status);
  console.error(execFileSync("git", ["diff", "--stat", "--", ...paths], { encoding: "utf8" }));
  process.exit(1);
}
console.log("check-dist: dist/, action.yml and task.json match the build.");
