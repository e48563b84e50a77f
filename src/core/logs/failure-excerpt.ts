import { CAUSE_RANK, isPowershellPosition, scriptLineOf, type Cause } from "./line-causes.js";

interface Candidate {
  seq: number;
  text: string;
  cause: Cause | undefined;
  /** From Packer's internal log: shown when it explains, but a reason only if nothing else is. */
  noise: boolean;
}

/** Lines of output kept before the failure, for what the script was doing when it stopped. */
const CONTEXT_LINES = 6;
/** Explaining lines kept per segment; the first is always kept, as it is often the root cause. */
const MAX_EXPLAINING = 16;
/** Explaining lines kept after the failure (the build's verdict, other regions). */
const MAX_AFTER = 8;
export const MAX_EXCERPT_LINES = 30;
const MAX_LINE_LENGTH = 500;
/** Lines a PowerShell error message may wrap onto before its `At …` position. */
const MESSAGE_LINES = 3;

export interface FailureExplanation {
  reason: string;
  excerpt: string[];
  /** The line of the failing script an error message points at, when one does. */
  scriptLine: number | null;
}

/**
 * Picks the lines that explain a failure while the log streams past, keeping bounded state:
 * the last few lines of the current segment (a customizer, or the stretch between two), the
 * lines of it that look like causes, and once the build failed, the segment it failed in.
 */
export class FailureExcerpt {
  // The last lines of output, as parallel arrays: most lines pass through here and nowhere
  // else, so they should cost no allocation.
  private ringSeq: number[] = [];
  private ringText: string[] = [];
  private ringCause: Array<Cause | undefined> = [];
  private ringNext = 0;
  private explaining: Candidate[] = [];
  private frozen: { lines: Candidate[]; withContext: boolean } | undefined;
  private after: Candidate[] = [];

  get isFrozen(): boolean {
    return this.frozen !== undefined;
  }

  /** A customizer starts or ends: earlier lines no longer explain what happens next. */
  newSegment(): void {
    if (this.frozen) return;
    this.ringSeq = [];
    this.ringText = [];
    this.ringCause = [];
    this.ringNext = 0;
    this.explaining = [];
  }

  observe(seq: number, text: string, cause: Cause | undefined, noise: boolean): void {
    if (this.frozen) {
      if (cause && cause !== "detail") this.addAfter({ seq, text: clip(text), cause, noise });
      return;
    }
    if (cause === "detail" && isPowershellPosition(text)) this.promoteMessageLine();
    if (cause) this.addExplaining({ seq, text: clip(text), cause, noise });
    if (!noise) this.addContext(seq, text, cause);
  }

  /**
   * The build failed in the current segment. `withContext` keeps the last lines of output
   * too, which matter for a script and not for, say, the cleanup after a failed deployment.
   */
  freeze(withContext: boolean): void {
    if (this.frozen) return;
    const context = withContext ? this.contextLines() : [];
    const bySeq = new Map<number, Candidate>();
    for (const c of [...this.explaining, ...context]) bySeq.set(c.seq, c);
    this.frozen = { lines: [...bySeq.values()].sort((a, b) => a.seq - b.seq), withContext };
  }

  explanation(fallback: string): FailureExplanation {
    const lines = this.frozen?.lines ?? this.explaining;
    const all = [...lines, ...this.after];
    let best: Candidate | undefined;
    let bestRank = 0;
    for (const c of all) {
      if (!c.cause || CAUSE_RANK[c.cause] === 0) continue;
      const rank = CAUSE_RANK[c.cause] - (c.noise ? 0.5 : 0);
      // The first mention of a policy or deadline is the cleanest; Packer repeats it wrapped
      // in its summary. For script errors the last one, right before the exit, is the one.
      if (rank > bestRank || (rank === bestRank && rank <= CAUSE_RANK["missing-file"])) {
        best = c;
        bestRank = rank;
      }
    }
    let scriptLine: number | null = null;
    for (const c of lines) {
      if (!c.cause) continue;
      const line = scriptLineOf(c.text);
      if (line !== undefined) scriptLine = line;
    }
    const reason = best ? reasonText(best) : fallback;
    return { reason, excerpt: this.excerptLines(), scriptLine };
  }

  private excerptLines(): string[] {
    const lines = this.frozen?.lines ?? this.explaining;
    const out: string[] = [];
    for (const c of lines) if (out[out.length - 1] !== c.text) out.push(c.text);
    for (const c of this.after) {
      // Packer's verdict often repeats a line already shown ("…errored after 3 minutes: Script
      // exited with non-zero exit status: 100…"), and its summary (`--> azure-arm: …`) repeats
      // the verdict; once is enough.
      if (out.some((shown) => shown.trim().length > 20 && c.text.includes(shown.trim()))) continue;
      const summary = summarised(c.text);
      if (summary && out.some((shown) => shown.includes(summary))) continue;
      if (!out.includes(c.text)) out.push(c.text);
    }
    if (out.length <= MAX_EXCERPT_LINES) return out;
    return [out[0]!, "…", ...out.slice(out.length - (MAX_EXCERPT_LINES - 2))];
  }

  private addExplaining(c: Candidate): void {
    if (this.explaining.length >= MAX_EXPLAINING) this.explaining.splice(1, 1);
    this.explaining.push(c);
  }

  private addAfter(c: Candidate): void {
    if (this.after.length >= MAX_AFTER) return;
    this.after.push(c);
  }

  private addContext(seq: number, text: string, cause: Cause | undefined): void {
    // A loop printing the same line (IMAGE_STATE_UNDEPLOYABLE every 5 s) shows it once.
    const last = (this.ringNext + CONTEXT_LINES - 1) % CONTEXT_LINES;
    if (this.ringSeq.length > 0 && this.ringText[last] === text) return;
    const i = this.ringNext;
    this.ringSeq[i] = seq;
    this.ringText[i] = text;
    this.ringCause[i] = cause;
    this.ringNext = (i + 1) % CONTEXT_LINES;
  }

  /** The ring's lines, oldest first. */
  private contextLines(): Candidate[] {
    const out: Candidate[] = [];
    const size = this.ringSeq.length;
    const first = size < CONTEXT_LINES ? 0 : this.ringNext;
    for (let k = 0; k < size; k++) {
      const i = (first + k) % CONTEXT_LINES;
      const text = clip(this.ringText[i]!);
      out.push({ seq: this.ringSeq[i]!, text, cause: this.ringCause[i], noise: false });
    }
    return out;
  }

  /**
   * PowerShell writes an error's message before its `At …` position, starting with the command
   * that failed (`Get-Service : Cannot find …`); a long message wraps onto further lines.
   */
  private promoteMessageLine(): void {
    const size = this.ringSeq.length;
    if (size === 0) return;
    let last = (this.ringNext + CONTEXT_LINES - 1) % CONTEXT_LINES;
    let probe = last;
    for (let back = 0; back < Math.min(size, MESSAGE_LINES); back++) {
      if (this.ringText[probe]!.includes(" : ")) {
        last = probe;
        break;
      }
      probe = (probe + CONTEXT_LINES - 1) % CONTEXT_LINES;
    }
    const text = this.ringText[last]!;
    const cause = this.ringCause[last];
    if (text.trim() === "" || (cause && cause !== "error" && cause !== "missing-file")) return;
    this.ringCause[last] = "powershell-error";
    const seq = this.ringSeq[last]!;
    const listed = this.explaining.find((c) => c.seq === seq);
    if (listed) listed.cause = "powershell-error";
    else this.addExplaining({ seq, text: clip(text), cause: "powershell-error", noise: false });
  }
}

/** Longest command a reason quotes whole; Packer's WinRM wrappers run to hundreds of characters. */
const MAX_REASON_COMMAND = 100;

/**
 * A line as a reason: Packer's summary without its `--> azure-arm: ` arrow, a failed command
 * without the plugin's prefix and with the middle of a long command left out.
 */
function reasonText(c: Candidate): string {
  const text = c.text.trim();
  const summary = summarised(text);
  if (summary) return summary;
  if (c.cause !== "packer-exit") return text;
  const tag = text.search(/\[(?:INFO|ERROR)\] /);
  const bare = tag >= 0 ? text.slice(tag + text.slice(tag).indexOf("] ") + 2) : text;
  const open = bare.indexOf("'");
  const close = bare.lastIndexOf("'");
  if (open < 0 || close - open <= MAX_REASON_COMMAND) return bare;
  const keep = Math.floor(MAX_REASON_COMMAND / 2);
  return `${bare.slice(0, open + keep)} … ${bare.slice(close - keep)}`;
}

/** The message of Packer's `--> azure-arm: <message>` summary line. */
function summarised(text: string): string | undefined {
  if (!text.startsWith("--> ")) return undefined;
  const colon = text.indexOf(": ");
  return colon < 0 ? undefined : text.slice(colon + 2).trim() || undefined;
}

/**
 * A long line keeps its start and its end: Azure's nested errors put what happened first and
 * the innermost cause (`Code="ResourceNotFound" …`) last.
 */
function clip(text: string): string {
  if (text.length <= MAX_LINE_LENGTH) return text;
  const half = Math.floor((MAX_LINE_LENGTH - 3) / 2);
  return `${text.slice(0, half)} … ${text.slice(text.length - half)}`;
}
