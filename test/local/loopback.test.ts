import { existsSync, readdirSync } from "node:fs";
import { connect, createServer, type AddressInfo, type Server } from "node:net";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { startLocalService } from "../../local/index.js";
import { onLoopbackOnly } from "../../local/loopback.js";
import { tempService } from "./support/temp-service.js";

const spec = tempService(
  "lifecycle",
  `version: 1
service: lifecycle
region: us-east-1
environments:
  dev: {}
  staging: {}
patterns:
  events:
    type: fanout
    subscribers:
      one: { handler: handlers/one.ts }
      two: { handler: handlers/one.ts }
`,
  { "handlers/one.ts": `import { sqsConsumer } from "RUNTIME";\nexport const handler = sqsConsumer(async () => undefined);\n` },
);

/** This machine's addresses that are not loopback: an emulator must not answer on any of them. */
const outsideAddresses = Object.values(networkInterfaces())
  .flat()
  .filter((a) => a !== undefined && !a.internal && a.family === "IPv4")
  .map((a) => a!.address);

function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

const portOf = (endpoint: string) => Number(new URL(endpoint).port);

describe("the local runtime's emulators", () => {
  it.runIf(outsideAddresses.length > 0)("answer on 127.0.0.1 and on none of the machine's other addresses", async () => {
    const service = await startLocalService(spec);
    try {
      for (const endpoint of Object.values(service.endpoints)) {
        expect(new URL(endpoint).hostname).toBe("127.0.0.1");
        expect(await reachable("127.0.0.1", portOf(endpoint)), endpoint).toBe(true);
        for (const address of outsideAddresses) expect(await reachable(address, portOf(endpoint)), `${address}:${portOf(endpoint)}`).toBe(false);
      }
    } finally {
      await service.stop();
    }
  });

  it.runIf(outsideAddresses.length > 0)("are held to loopback even when they ask to listen everywhere, and refused when they get around it", async () => {
    const everywhere = await onLoopbackOnly("probe", () => listening(createServer(), "0.0.0.0"), close);
    try {
      expect(await reachable(outsideAddresses[0]!, (everywhere.address() as AddressInfo).port)).toBe(false);
    } finally {
      await close(everywhere);
    }
    await expect(onLoopbackOnly("probe", () => listening(createServer(), outsideAddresses[0]!), close)).rejects.toThrow(`probe listens on ${outsideAddresses[0]}:`);
  });
});

describe("a local service's life", () => {
  it("writes each function's bundle under .bulkhead/dev/<run>/ while it runs and removes it when it stops", async () => {
    const service = await startLocalService(spec, { env: "staging" });
    expect(service.environment).toBe("staging");
    const runs = readdirSync(join(".bulkhead", "dev"));
    const run = runs.find((r) => existsSync(join(".bulkhead", "dev", r, "lifecycle-staging-events-one", "index.mjs")));
    expect(run).toBeDefined();
    expect(existsSync(join(".bulkhead", "dev", run!, "lifecycle-staging-events-two", "index.mjs"))).toBe(true);
    await service.stop();
    await service.stop();
    expect(existsSync(join(".bulkhead", "dev", run!))).toBe(false);
  });

  it("names the environments a spec has when asked for another", async () => {
    await expect(startLocalService(spec, { env: "prod" })).rejects.toThrow(`${spec} has no environment "prod"; it has dev, staging`);
  });
});

function listening(server: Server, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port: 0, host }, () => resolve(server));
  });
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
