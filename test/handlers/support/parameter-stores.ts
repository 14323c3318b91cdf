import { createServer, type IncomingMessage } from "node:http";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SSMClient } from "@aws-sdk/client-ssm";
import { DUMMY_CREDENTIALS, listenOnLoopback, REGION } from "./local-dynamodb.js";

export interface StubCall {
  command: string;
  input: Record<string, unknown>;
}

/** The part of an SDK v3 client that middleware is added through. */
interface Stackable {
  middlewareStack: {
    add(middleware: (next: unknown, context: { commandName?: string }) => (args: { input: Record<string, unknown> }) => Promise<unknown>, options: { step: "initialize"; name: string }): void;
  };
}

/**
 * A real SDK client that answers every command itself, before anything is sent: `answer` gives the
 * command's output, or throws the error the service would. Every call is recorded.
 */
function stubbed<C extends Stackable>(client: C, answer: (command: string, input: Record<string, unknown>) => Record<string, unknown>) {
  const calls: StubCall[] = [];
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const command = context.commandName ?? "unknown";
      calls.push({ command, input: args.input });
      return { output: { $metadata: {}, ...answer(command, args.input) }, response: {} };
    },
    { step: "initialize", name: "stubAnswers" },
  );
  return { client, calls, count: (command: string) => calls.filter((c) => c.command === command).length };
}

const config = { region: REGION, credentials: DUMMY_CREDENTIALS };

/** Secrets Manager answering GetSecretValue with `value(secretId, n)`, n counting that secret's fetches from 1. */
export function stubSecretsManager(value: (secretId: string, n: number) => Record<string, unknown> = (id, n) => ({ SecretString: `${id} v${n}` })) {
  const fetches = new Map<string, number>();
  return stubbed(new SecretsManagerClient(config), (_command, input) => {
    const id = String(input.SecretId);
    const n = (fetches.get(id) ?? 0) + 1;
    fetches.set(id, n);
    return value(id, n);
  });
}

/** SSM answering GetParameter with `<name> v<n>` (n counting that parameter's fetches from 1), decrypted only when asked. */
export function stubSsm() {
  const fetches = new Map<string, number>();
  return stubbed(new SSMClient(config), (_command, input) => {
    const name = String(input.Name);
    const n = (fetches.get(name) ?? 0) + 1;
    fetches.set(name, n);
    return { Parameter: { Name: name, Type: "SecureString", Value: input.WithDecryption ? `${name} v${n}` : "AQICAHh…ciphertext", Version: n } };
  });
}

/**
 * Secrets Manager and SSM on one loopback port, speaking their JSON protocol (the X-Amz-Target
 * header names the operation), for clients the runtime creates itself from the environment.
 */
export async function startParameterStoreEndpoint() {
  const requests: { target: string; body: Record<string, unknown> }[] = [];
  /** Each request's `X-Amzn-Trace-Id` (undefined without one), as a client captured for X-Ray sends it. */
  const traceHeaders: { target: string; traceHeader: string | undefined }[] = [];
  const server = createServer(async (request, response) => {
    const body = JSON.parse((await text(request)) || "{}") as Record<string, unknown>;
    const target = String(request.headers["x-amz-target"]);
    requests.push({ target, body });
    traceHeaders.push({ target, traceHeader: request.headers["x-amzn-trace-id"] as string | undefined });
    const answer =
      target === "secretsmanager.GetSecretValue"
        ? { ARN: body.SecretId, Name: "ledger/api-key", SecretString: `secret of ${body.SecretId}`, VersionId: "v1" }
        : target === "AmazonSSM.GetParameter"
          ? { Parameter: { Name: body.Name, Type: "SecureString", Value: body.WithDecryption ? `parameter ${body.Name}` : "ciphertext", Version: 1 } }
          : undefined;
    response.writeHead(answer ? 200 : 400, { "content-type": "application/x-amz-json-1.1" });
    response.end(JSON.stringify(answer ?? { __type: "UnknownOperationException", message: target }));
  });
  const address = await listenOnLoopback("parameter store stub", server);
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    requests,
    traceHeaders,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function text(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}
