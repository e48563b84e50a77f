/**
 * Jest setup after the environment (each test file): every output the local CI runs (bundles,
 * the CLI, steps) and every output tests capture through azure-pipelines-task-lib's
 * MockTestRunner reach the secret scan.
 */
import { MockTestRunner } from "azure-pipelines-task-lib/mock-test.js";
import { onCapturedOutput } from "../../local-ci/output-capture.js";
import { recordCapture } from "./secret-scan.js";

onCapturedOutput(recordCapture);

const prototype = MockTestRunner.prototype;
const runAsync = Object.getOwnPropertyDescriptor(prototype, "runAsync")!.value as (
  this: MockTestRunner,
  ...args: Parameters<MockTestRunner["runAsync"]>
) => Promise<void>;
prototype.runAsync = async function (this: MockTestRunner, ...args) {
  try {
    return await runAsync.apply(this, args);
  } finally {
    recordCapture("MockTestRunner", `${this.stdout}\n${this.stderr}`);
  }
};
