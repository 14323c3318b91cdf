import { S3Client } from "@aws-sdk/client-s3";
import { SNSClient } from "@aws-sdk/client-sns";
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient, type Message } from "@aws-sdk/client-sqs";
import { startFauxqs, type FauxqsServer } from "fauxqs";
import { Server, type AddressInfo, type ListenOptions } from "node:net";
import { assertLoopback, DUMMY_CREDENTIALS, REGION } from "./local-dynamodb.js";

/** fauxqs in this process on an ephemeral loopback port: SQS, SNS and S3, in memory. */
export interface LocalAws {
  server: FauxqsServer;
  /** A new client, so that nothing it caches (e.g. queue URLs) carries over from another test. */
  sqsClient(): CountedClient<SQSClient>;
  s3Client(): CountedClient<S3Client>;
  snsClient(): CountedClient<SNSClient>;
  /** Receives and deletes everything in the queue, with message attributes (and, on FIFO queues, group and deduplication ids), as a consumer would. */
  drain(queueName: string): Promise<Message[]>;
  stop(): Promise<void>;
}

export interface CountedClient<C> {
  client: C;
  /** How many times each command (e.g. "GetQueueUrlCommand") was sent through the client so far. */
  calls(commandName: string): number;
  /** Commands sent so far, in order. */
  commands: string[];
}

export async function startLocalAws(): Promise<LocalAws> {
  const server = await startFauxqsOnLoopback();
  const config = { endpoint: server.address, region: REGION, credentials: DUMMY_CREDENTIALS };
  const reader = new SQSClient(config);
  const clients: { destroy(): void }[] = [reader];
  const counted = <C extends { destroy(): void }>(client: C & CommandStack): CountedClient<C> => {
    clients.push(client);
    return { client, ...countCommands(client) };
  };

  return {
    server,
    sqsClient: () => counted(new SQSClient(config)),
    // Path style: virtual-hosted buckets would need *.localhost to resolve, which DNS here does not promise.
    s3Client: () => counted(new S3Client({ ...config, forcePathStyle: true })),
    snsClient: () => counted(new SNSClient(config)),
    async drain(queueName) {
      const QueueUrl = server.inspectQueue(queueName)?.url;
      if (QueueUrl === undefined) throw new Error(`no queue ${queueName}`);
      const drained: Message[] = [];
      for (;;) {
        const { Messages = [] } = await reader.send(
          new ReceiveMessageCommand({
            QueueUrl,
            MaxNumberOfMessages: 10,
            MessageAttributeNames: ["All"],
            MessageSystemAttributeNames: ["MessageGroupId", "MessageDeduplicationId"],
          }),
        );
        if (Messages.length === 0) return drained;
        drained.push(...Messages);
        await reader.send(
          new DeleteMessageBatchCommand({
            QueueUrl,
            Entries: Messages.map(({ MessageId, ReceiptHandle }) => ({ Id: MessageId!, ReceiptHandle: ReceiptHandle! })),
          }),
        );
      }
    },
    async stop() {
      for (const client of clients) client.destroy();
      await server.stop();
    },
  };
}

/** The part of an SDK v3 client that middleware is added through. */
interface CommandStack {
  middlewareStack: {
    add(
      middleware: (next: (args: any) => Promise<any>, context: { commandName?: string }) => (args: any) => Promise<any>,
      options: { step: "initialize"; name: string },
    ): void;
  };
}

function countCommands(client: CommandStack): Omit<CountedClient<unknown>, "client"> {
  const commands: string[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      commands.push(context.commandName ?? "unknown");
      return next(args);
    },
    { step: "initialize", name: "countCommands" },
  );
  return { commands, calls: (commandName) => commands.filter((name) => name === commandName).length };
}

/**
 * fauxqs 1.9 listens on 0.0.0.0 whatever it is given (its `host` option only names the host in
 * queue URLs), which would offer the emulator to the whole network. While it starts, a listen on
 * every interface is turned into one on 127.0.0.1; then the socket it got is checked.
 */
async function startFauxqsOnLoopback(): Promise<FauxqsServer> {
  const listen = Server.prototype.listen;
  const started: Server[] = [];
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    const options = args[0] as ListenOptions | undefined;
    if (options && typeof options === "object" && (options.host === "0.0.0.0" || options.host === "::")) options.host = "127.0.0.1";
    started.push(this);
    return (listen as (...a: unknown[]) => Server).apply(this, args);
  } as typeof listen;
  let server: FauxqsServer;
  try {
    server = await startFauxqs({ port: 0, logger: false });
  } finally {
    Server.prototype.listen = listen;
  }
  if (started.length === 0) {
    await server.stop();
    throw new Error("fauxqs started without listening through net.Server; cannot tell which interface it is on");
  }
  try {
    for (const socket of started) assertLoopback("fauxqs", socket.address() as AddressInfo | null);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return server;
}
