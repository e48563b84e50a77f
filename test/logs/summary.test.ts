import { LogAnalyzer, type LogAnalysis } from "../../src/core/logs/log-analyzer.js";
import { summaryMarkdown } from "../../src/core/logs/summary.js";
import { CUSTOMIZERS, readFixture } from "./fixtures.js";

function analyse(name: string): LogAnalysis {
  const analyzer = new LogAnalyzer(CUSTOMIZERS[name]);
  analyzer.push(readFixture(name));
  analyzer.end();
  return analyzer.result();
}

describe("summaryMarkdown", () => {
  it("shows a failed build's result, outputs, timeline chart and excerpt", () => {
    const markdown = summaryMarkdown({
      title: "Bake ubuntu-web",
      runStatus: "Failed",
      outputs: { "run-status": "Failed", "image-id": "" },
      analysis: analyse("linux-shell-failure"),
      logUrl: "https://bakestg7f3a.blob.core.windows.net/packerlogs/0e4d/customization.log",
    });
    expect(markdown).toContain("## Bake ubuntu-web");
    expect(markdown).toContain(
      "**Result:** ❌ Failed — failed in customizer 3 'scripts/install-tools.sh' (Shell)",
    );
    expect(markdown).toContain("| `run-status` | `Failed` |");
    // Empty outputs are left out rather than shown as blank rows.
    expect(markdown).not.toContain("image-id");

    const chart = /```mermaid\n([\s\S]*?)\n```/.exec(markdown)?.[1];
    expect(chart?.split("\n")).toEqual([
      "gantt",
      "  dateFormat YYYY-MM-DD HH:mm:ss",
      "  axisFormat %H:%M",
      "  section Customizers",
      // ':' would end the task's name in Mermaid.
      "  1 files config/nginx/site.conf :done, s0, 2026-11-23 00:05:40, 2026-11-23 00:05:41",
      "  2 scripts/install-base.sh :done, s1, 2026-11-23 00:05:41, 2026-11-23 00:07:58",
      "  3 scripts/install-tools.sh :crit, s2, 2026-11-23 00:07:58, 2026-11-23 00:08:31",
    ]);
    expect(markdown).toContain(
      "| 3 | scripts/install-tools.sh | Shell | 00:07:58 | 00:08:31 | 33s | ❌ failed |",
    );
    expect(markdown).toMatch(/```text\n[^`]*E: Unable to locate package azure-clii\n/);
    expect(markdown).toContain(
      "Full log: [customization.log](https://bakestg7f3a.blob.core.windows.net/packerlogs/0e4d/customization.log)",
    );
  });

  it("shows a succeeded build without a failure section", () => {
    const markdown = summaryMarkdown({
      title: "Bake contoso-web",
      runStatus: "Succeeded",
      outputs: {
        "image-id": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.Compute/images/contoso",
      },
      analysis: analyse("success-several-customizers"),
    });
    expect(markdown).toContain("**Result:** ✅ Succeeded\n");
    expect(markdown).not.toContain("Why it failed");
    expect(markdown).toContain(
      "|  | deprovisioning | Shell | 00:26:09 | 00:26:14 | 5s | ✅ succeeded |",
    );
    expect(markdown.match(/:done, s\d/g)).toHaveLength(5);
  });

  it("names the phase of a failure outside customizers, and works without a log", () => {
    const markdown = summaryMarkdown({
      title: "t",
      runStatus: "Failed",
      outputs: {},
      analysis: analyse("policy-violation"),
    });
    expect(markdown).toContain("failed in deploying the build VM");
    expect(markdown).toContain("RequestDisallowedByPolicy");
    expect(markdown).not.toContain("```mermaid");

    expect(summaryMarkdown({ title: "t", runStatus: "Canceled", outputs: {} })).toBe(
      "## t\n\n**Result:** ⚪ Canceled\n",
    );
  });

  it("keeps log text from breaking the markdown around it", () => {
    const markdown = summaryMarkdown({
      title: "t",
      runStatus: "Failed",
      outputs: { "odd|name": "a`b" },
      analysis: {
        status: "failed",
        failure: {
          step: { index: 0, name: "x", type: "Shell", sourceFile: null, deprovisioning: false },
          phase: "customization",
          reason: "see <b>this</b> | **that**",
          excerpt: ["```", "echo done"],
          scriptLine: null,
        },
        timeline: [],
      },
    });
    expect(markdown).toContain("| `odd\\|name` | ``a`b`` |");
    expect(markdown).toContain("see \\<b\\>this\\</b\\> \\| \\*\\*that\\*\\*");
    expect(markdown).toContain("````text\n```\necho done\n````");
  });
});
