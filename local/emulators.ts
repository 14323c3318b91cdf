import { Agent } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { SQSClient } from "@aws-sdk/client-sqs";
import { startFauxqs, type FauxqsServer } from "fauxqs";
import { assertLoopback, onLoopbackOnly } from "./loopback.js";

/** Any credentials do for the emulators; these are never real ones, so nothing can reach AWS with them. */
export const LOCAL_CREDENTIALS = { accessKeyId: "bulkhead-local", secretAccessKey: "bulkhead-local" };

export interface LocalEndpoints {
  readonly sqs: string;
  readonly sns: string;
  readonly s3: string;
  readonly dynamodb: string;
}

/** SQS, SNS and S3 (fauxqs, in this thread) and DynamoDB (dynalite, in a thread of its own), on free loopback ports. */
export interface Emulators {
  readonly fauxqs: FauxqsServer;
  readonly endpoints: LocalEndpoints;
  /** Clients of this process (provisioning, polling, sending), pointed at the emulators. */
  readonly clients: { readonly sqs: SQSClient; readonly sns: SNSClient; readonly s3: S3Client; readonly dynamodb: DynamoDBClient };
  stop(): Promise<void>;
}

export async function startEmulators(region: string): Promise<Emulators> {
  // One after the other: the loopback guard patches listen for the whole process while fauxqs starts.
  const fauxqs = await onLoopbackOnly("fauxqs", () => startFauxqs({ port: 0, logger: false, defaultRegion: region }), (s) => s.stop());
  let dynalite: DynaliteThread | undefined;
  try {
    dynalite = await startDynalite();
  } catch (error) {
    await fauxqs.stop();
    throw error;
  }
  const fauxqsUrl = `http://127.0.0.1:${fauxqs.port}`;
  const dynamodb = `http://127.0.0.1:${dynalite.port}`;
  const endpoints = { sqs: fauxqsUrl, sns: fauxqsUrl, s3: fauxqsUrl, dynamodb };
  const { clients, destroy } = emulatorClients(endpoints, region);
  const server = dynalite;
  return {
    fauxqs,
    endpoints,
    clients,
    async stop() {
      destroy();
      // Long polls still waiting in fauxqs hold timers of up to 20 s; purging releases them.
      fauxqs.purgeAll();
      await Promise.all([fauxqs.stop(), server.stop()]);
    },
  };
}

/** Clients pointed at the emulators' endpoints (this process's, or those a running `bulkhead dev` published). */
export function emulatorClients(endpoints: LocalEndpoints, region: string): { clients: Emulators["clients"]; destroy: () => void } {
  // Every event source long-polls at once: the default agent's socket cap would queue them behind each other.
  const requestHandler = { httpAgent: new Agent({ keepAlive: true, maxSockets: 1024 }) };
  const config = { region, credentials: LOCAL_CREDENTIALS, requestHandler };
  const clients = {
    sqs: new SQSClient({ ...config, endpoint: endpoints.sqs }),
    sns: new SNSClient({ ...config, endpoint: endpoints.sns }),
    // Path style: a bucket's virtual host (<bucket>.127.0.0.1) does not exist.
    s3: new S3Client({ ...config, endpoint: endpoints.s3, forcePathStyle: true }),
    dynamodb: new DynamoDBClient({ ...config, endpoint: endpoints.dynamodb }),
  };
  return {
    clients,
    destroy() {
      for (const client of Object.values(clients)) client.destroy();
      requestHandler.httpAgent.destroy();
    },
  };
}

interface DynaliteThread {
  readonly port: number;
  stop(): Promise<void>;
}

/**
 * dynalite in a worker thread: it is JavaScript over an in-memory LevelDB, and every function's
 * idempotency records (two writes a record) go through it, so in this thread it would take turns
 * with fauxqs and the pollers; in its own it runs beside them. Anything it throws ends its thread,
 * not this process.
 */
async function startDynalite(): Promise<DynaliteThread> {
  const worker = new Worker(DYNALITE_THREAD, { eval: true, workerData: { from: import.meta.url }, execArgv: [], stdout: true, stderr: true });
  // Its own output (none, unless it fails) is not the developer's concern; its failures arrive as messages.
  worker.stdout.resume();
  worker.stderr.resume();
  const address = await new Promise<AddressInfo>((resolve, reject) => {
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`dynalite's thread exited with code ${code} before it listened`)));
    worker.on("message", (m: { type: string; address?: AddressInfo; message?: string }) => {
      if (m.type === "listening") resolve(m.address!);
      else if (m.type === "error") reject(new Error(`dynalite could not listen: ${m.message}`));
    });
  });
  worker.removeAllListeners("error").removeAllListeners("exit").removeAllListeners("message");
  // A failure after start is the requests' to report (they are refused); it must not throw here.
  worker.on("error", () => undefined);
  const stop = async () => {
    const stopped = new Promise<void>((resolve) => {
      worker.once("message", () => resolve());
      worker.once("exit", () => resolve());
      setTimeout(resolve, 5_000).unref();
    });
    worker.postMessage("stop");
    await stopped;
    await worker.terminate();
  };
  try {
    assertLoopback("dynalite", address);
  } catch (error) {
    await stop();
    throw error;
  }
  return { port: address.port, stop };
}

/**
 * The thread's source. Tables are ACTIVE at once, as provisioning needs them. It stops by closing
 * its HTTP server only, not with dynalite's own close, which also closes the database once no
 * database operation is pending: an UpdateItem whose client went away (a worker terminated at
 * stop) is then between its get and its put, and its put throws "Database is closed". The
 * database is in memory and goes with the thread.
 */
const DYNALITE_THREAD = String.raw`
const { parentPort, workerData } = require("node:worker_threads");
const { createRequire } = require("node:module");
const http = require("node:http");
const dynalite = createRequire(workerData.from)("dynalite");
const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.once("error", (error) => parentPort.postMessage({ type: "error", message: error.message }));
server.listen(0, "127.0.0.1", () => parentPort.postMessage({ type: "listening", address: server.address() }));
parentPort.on("message", (message) => {
  if (message !== "stop") return;
  http.Server.prototype.close.call(server, () => parentPort.postMessage({ type: "stopped" }));
  server.closeAllConnections();
});
`;
