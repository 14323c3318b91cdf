import { createRequire } from "node:module";
import { Agent } from "node:http";
import type { AddressInfo } from "node:net";
import { Server as HttpServer, type Server } from "node:http";
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

/** SQS, SNS and S3 (fauxqs) and DynamoDB (dynalite), in this process, on free loopback ports. */
export interface Emulators {
  readonly fauxqs: FauxqsServer;
  readonly endpoints: LocalEndpoints;
  /** Clients of this process (provisioning, polling, sending), pointed at the emulators. */
  readonly clients: { readonly sqs: SQSClient; readonly sns: SNSClient; readonly s3: S3Client; readonly dynamodb: DynamoDBClient };
  stop(): Promise<void>;
}

// dynalite ships no types, and its declaration in the handler tests is theirs; this is the part used here.
type Dynalite = (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => Server;
const loadDynalite = (): Dynalite => createRequire(import.meta.url)("dynalite") as Dynalite;

export async function startEmulators(region: string): Promise<Emulators> {
  // One after the other: the loopback guard patches listen for the whole process while fauxqs starts.
  const fauxqs = await onLoopbackOnly("fauxqs", () => startFauxqs({ port: 0, logger: false, defaultRegion: region }), (s) => s.stop());
  let dynalite: Server | undefined;
  try {
    dynalite = await startDynalite();
  } catch (error) {
    await fauxqs.stop();
    throw error;
  }
  const fauxqsUrl = `http://127.0.0.1:${fauxqs.port}`;
  const dynamodb = `http://127.0.0.1:${(dynalite.address() as AddressInfo).port}`;
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
      await Promise.all([fauxqs.stop(), stopListening(server)]);
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

/**
 * Stops dynalite's HTTP server without dynalite's own close, which also closes its database once no
 * database operation is pending: an UpdateItem whose client went away (a worker terminated at
 * stop) is then between its get and its put, and its put throws "Database is closed" out of a
 * callback, which ends the process. The database is in memory and goes with the server.
 */
function stopListening(server: Server): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    HttpServer.prototype.close.call(server, (e?: Error) => (e ? reject(e) : resolve()));
    server.closeAllConnections();
  });
}

async function startDynalite(): Promise<Server> {
  // Tables are ACTIVE at once, as provisioning needs them; dynalite keeps them in memory.
  const server = loadDynalite()({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  try {
    assertLoopback("dynalite", server.address() as AddressInfo);
  } catch (error) {
    server.close();
    throw error;
  }
  return server;
}
