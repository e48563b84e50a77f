import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

/** A throwaway repository checkout with the given files (path → content). */
export function makeWorkspace(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "bake-ws-"));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(root, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return root;
}

export const SUB = "00000000-0000-0000-0000-000000000000";
export const RG = `/subscriptions/${SUB}/resourceGroups/rg-images`;
export const IDENTITY = `${RG}/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-builder`;
export const GALLERY_IMAGE = `${RG}/providers/Microsoft.Compute/galleries/golden/images/ubuntu`;
export const MANAGED_IMAGE = `${RG}/providers/Microsoft.Compute/images/win-iis`;
