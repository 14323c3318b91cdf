import { job } from "../payloads.js";
import type { HandlerPlan, PatternPlan } from "../plan.js";

/** High and low lanes, one handler for both. */
export function priorityQueue(name: string): PatternPlan {
  const payload = job(name);
  const handler: HandlerPlan = {
    file: `handlers/${name}.ts`,
    test: `handlers/${name}.test.ts`,
    payload,
    businessFunction: "processJob",
    doc: [
      `Runs one job of \`${name}\`, in whichever lane it arrives: high, or low when sent so or deferred. The lanes`,
      "share their idempotency records, so a job deferred after it ran is not run again.",
    ],
    placeholder: ["Business logic goes here: do what job.task says, passing jobId as the idempotency key of any call", "that takes one."],
    logMessage: "job done",
    role: `both lanes of \`${name}\`, high and low`,
  };
  return {
    type: "priority-queue",
    name,
    spec: { name, handler: handler.file, idempotencyKey: payload.idempotencyKey },
    handlers: [handler],
    e2e: {
      title: `a high-priority job sent to ${name} is processed once, in the high lane`,
      payload,
      options: { priority: "high" },
      functions: [{ source: ["patterns", name, "consumers", "high"] }],
    },
  };
}
