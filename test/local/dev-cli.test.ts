import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { PublishCommand, SNSClient } from "@aws-sdk/client-sns";
import { describe, expect, it } from "vitest";
import { cli } from "../support/project.js";
import { devProcess as startDev } from "./support/dev-process.js";
import { echoSpec, tempService } from "./support/temp-service.js";

const spec = tempService(
  "dev-cli",
  echoSpec("devcli"),
  { "handlers/echo.ts": `import { sqsConsumer } from "RUNTIME";\nexport const handler = sqsConsumer(async (payload, { logger }) => { logger.info("echo", { payload }); });\n` },
);

const devProcess = (...args: string[]) => startDev([spec, ...args]);

describe("bulkhead dev", () => {
  it("runs the service until Ctrl-C, a line per invocation, then the report, and leaves no code behind", async () => {
    const dev = devProcess();
    const [, sqs] = await dev.printed(/SQS, SNS and S3 at (http:\/\/127\.0\.0\.1:\d+)/);
    const sns = new SNSClient({ endpoint: sqs, region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    try {
      await sns.send(new PublishCommand({ TopicArn: "arn:aws:sns:us-east-1:000000000000:devcli-dev-events", Message: JSON.stringify({ hello: "world" }) }));
    } finally {
      sns.destroy();
    }
    await dev.printed(/^\d\d:\d\d:\d\d devcli-dev-events-echo: 1 record, ok in \d+ ms \(1 processed\)$/m);
    dev.interrupt();
    const { code, stdout } = await dev.exited();

    expect(code).toBe(0);
    expect(stdout).toMatch(/^function\s+invocations\s+processed\s+duplicate\s+failed\s+deferred\s+expired\s+tenantRejected\s+timedOut$/m);
    expect(stdout).toMatch(/^devcli-dev-events-echo\s+1\s+1\s+0\s+0\s+0\s+0\s+0\s+0$/m);
    expect(stdout).toContain("every dead-letter queue is empty");
    // Its run folder (named after its process) is gone.
    const runs = existsSync(join(".bulkhead", "dev")) ? readdirSync(join(".bulkhead", "dev")) : [];
    expect(runs.filter((r) => r.startsWith(`${dev.pid}-`))).toEqual([]);
  });

  it("says which environments there are when asked for another", async () => {
    const run = await cli(process.cwd(), "dev", spec, "--env", "qa");
    expect(run.code).toBe(1);
    expect(run.stderr).toContain(`bulkhead dev: ${spec} has no environment "qa"; it has dev`);
  });
});
