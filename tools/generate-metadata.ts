import { writeFileSync } from "node:fs";
import path from "node:path";
import { expectedMetadata, ROOT } from "./metadata.js";

for (const [file, content] of Object.entries(expectedMetadata())) {
  writeFileSync(path.join(ROOT, file), content);
  console.log(`wrote ${file}`);
}
