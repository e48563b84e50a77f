/**
 * Every output a step or bundle process produced, offered to whoever listens: the test suite
 * installs a listener that records it for its end-of-run secret scan (test/support), the demo
 * and the benchmarks install none. The listener lives on the global object, not in this module,
 * because jest may load a module once for the setup file and again for a test file.
 */
export type OutputListener = (label: string, text: string, env: Record<string, string>) => void;

const LISTENER = Symbol.for("bake-azure-image.local-ci.output-listener");
type WithListener = { [LISTENER]?: OutputListener };

export function onCapturedOutput(listener: OutputListener | undefined): void {
  (globalThis as WithListener)[LISTENER] = listener;
}

/** Hands one process's output (and the environment it ran with) to the listener, if any. */
export function captureOutput(label: string, text: string, env: Record<string, string> = {}): void {
  (globalThis as WithListener)[LISTENER]?.(label, text, env);
}
