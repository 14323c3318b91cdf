import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageBatchCommand } from "@aws-sdk/client-sqs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmulators, type Emulators } from "../../local/emulators.js";
import { EventSourcePoller } from "../../local/event-source.js";
import type { Invocation } from "../../local/function-runner.js";
import { Semaphore } from "../../local/semaphore.js";
import type { EventSourceModel, FunctionModel } from "../../patterns/model/types.js";

// No pattern today gives a function with several mappings a reservation (sharded consumers have
// no reservedConcurrency), so this drives two mappings of one function directly, with a stand-in
// for the function that only counts how many of its invocations run at once.
let emulators: Emulators;
beforeAll(async () => {
  emulators = await startEmulators("us-east-1");
});
afterAll(async () => {
  await emulators?.stop();
});

async function queue(name: string) {
  const { QueueUrl } = await emulators.clients.sqs.send(new CreateQueueCommand({ QueueName: name }));
  const { Attributes } = await emulators.clients.sqs.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ["QueueArn"] }));
  await emulators.clients.sqs.send(new SendMessageBatchCommand({ QueueUrl, Entries: Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: `${name}-${i}` })) }));
  return { name, url: QueueUrl!, arn: Attributes!.QueueArn! };
}

describe("a function's reserved concurrency on the local runtime", () => {
  it("bounds the batches of all its mappings together, below what their caps would allow", async () => {
    const fn = { name: "svc-dev-consumer", reservedConcurrency: 3 } as FunctionModel;
    const source = { batchSize: 1, maximumBatchingWindowSeconds: 0, maximumConcurrency: 2, reportBatchItemFailures: true } as EventSourceModel;
    let running = 0;
    let most = 0;
    let done = 0;
    const runner = {
      async invoke(): Promise<Invocation> {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 150));
        running--;
        return { outcome: { kind: "response", response: null }, durationMs: 150 };
      },
    };
    const reserved = new Semaphore(3);
    const pollers = await Promise.all(
      ["shard-a", "shard-b"].map(
        async (name) =>
          new EventSourcePoller({ fn, source, queue: await queue(name), region: "us-east-1", sqs: emulators.clients.sqs, runner, reserved, onBatchStart: () => undefined, onBatchDone: () => void done++, onProblem: (m) => { throw new Error(m); } }),
      ),
    );
    pollers.forEach((p) => p.start());
    const deadline = Date.now() + 20_000;
    while (done < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    pollers.forEach((p) => p.halt());
    await Promise.all(pollers.map((p) => p.drained()));

    expect(done).toBe(20);
    // Two mappings of 2 could run 4 at once; the reservation holds them to 3.
    expect(most).toBe(3);
  });
});
