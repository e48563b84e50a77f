/**
 * Jest setup after the environment (each test file): outputs that tests capture through
 * azure-pipelines-task-lib's MockTestRunner reach the secret scan too (bundles and the CLI
 * are recorded by run-bundle.ts and ci-step.ts themselves).
 */
import { MockTestRunner } from "azure-pipelines-task-lib/mock-test.js";
import { recordCapture } from "./secret-scan.js";

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
