import type { AddressInfo, Server } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";
import dynalite from "dynalite";

export interface LocalDynamoDB {
  endpoint: string;
  client: DynamoDBClient;
  /** Every stored item of the table, unmarshalled. */
  items(tableName: string): Promise<Record<string, unknown>[]>;
  createIdempotencyTable(tableName: string): Promise<void>;
  /** The shape the synthesizer gives a tenant-isolated pattern's data table: `pk` (S) and `sk` (S). */
  createTenantTable(tableName: string): Promise<void>;
  stop(): Promise<void>;
}

export const DUMMY_CREDENTIALS = { accessKeyId: "test", secretAccessKey: "test" };
export const REGION = "us-east-1";

/** dynalite on an ephemeral loopback port; its tables are created ACTIVE, in memory. */
export async function startLocalDynamoDB(): Promise<LocalDynamoDB> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0 });
  const address = await listenOnLoopback("dynalite", server);
  const endpoint = `http://127.0.0.1:${address.port}`;
  const client = new DynamoDBClient({ endpoint, region: REGION, credentials: DUMMY_CREDENTIALS });
  const documents = DynamoDBDocumentClient.from(client);

  return {
    endpoint,
    client,
    async createIdempotencyTable(tableName) {
      // The shape the synthesizer gives the table: hash key `id` (S), on-demand.
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [{ AttributeName: "id", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "id", KeyType: "HASH" }],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
    },
    async createTenantTable(tableName) {
      await client.send(
        new CreateTableCommand({
          TableName: tableName,
          AttributeDefinitions: [
            { AttributeName: "pk", AttributeType: "S" },
            { AttributeName: "sk", AttributeType: "S" },
          ],
          KeySchema: [
            { AttributeName: "pk", KeyType: "HASH" },
            { AttributeName: "sk", KeyType: "RANGE" },
          ],
          BillingMode: "PAY_PER_REQUEST",
        }),
      );
    },
    async items(tableName) {
      const { Items = [] } = await documents.send(new ScanCommand({ TableName: tableName, ConsistentRead: true }));
      return Items;
    },
    async stop() {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

/** Starts `server` on an ephemeral 127.0.0.1 port; closes it and throws should it listen anywhere else (see assertLoopback). */
export async function listenOnLoopback(what: string, server: Server): Promise<AddressInfo> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as AddressInfo;
  try {
    assertLoopback(what, address);
  } catch (error) {
    server.close();
    throw error;
  }
  return address;
}

/** Test emulators are for this machine only: throws unless the server listens on a loopback address. */
export function assertLoopback(what: string, address: AddressInfo | null): void {
  if (address?.address !== "127.0.0.1" && address?.address !== "::1") {
    throw new Error(`${what} listens on ${address ? `${address.address}:${address.port}` : "no address"}, not on the loopback interface only`);
  }
}
