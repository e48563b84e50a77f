// galleryImageId points at a managed image, not a gallery image definition.
import { runTask } from "./task-runner.mjs";

await runTask({
  vhd: "false",
  galleryImageId:
    "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-images/providers/Microsoft.Compute/images/ubuntu-base",
});
