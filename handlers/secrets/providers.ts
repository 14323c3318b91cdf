import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import type { SSMClient } from "@aws-sdk/client-ssm";
import { runtimeTracing } from "../shared/tracing.js";

/** Reads one value by ARN, from Powertools' cache while it is fresh. */
export type ValueFetcher = (arn: string) => Promise<unknown>;

/**
 * Powertools' SecretsProvider, created on the first secret a handler reads and kept for the life of
 * the execution environment, so its cache is too: a value is fetched again only `maxAgeSeconds`
 * after it was fetched. Without `client`, the provider creates its Secrets Manager client, which is
 * then captured by the execution environment's Tracer (a client passed in is used as it is).
 *
 * Why through `secrets-provider.cjs`: the provider module imports the Secrets Manager client
 * statically, and in an ES module bundle esbuild hoists an external package's static import to the
 * top of the bundle, even from a module imported dynamically, so every consumer would load the
 * client at cold start. Required from CommonJS, the provider (and through it the client) is bundled
 * as a CommonJS module that runs, and requires the client, only on first use. The bundling test in
 * topic-publisher.test.ts holds every consumer to that.
 */
export function secretsFetcher(maxAgeSeconds: number, client?: SecretsManagerClient): ValueFetcher {
  const provider = once(async () => {
    const [{ SecretsProvider }, tracing] = await Promise.all([import("./secrets-provider.cjs"), runtimeTracing()]);
    if (client) return new SecretsProvider({ awsSdkV3Client: client });
    const provider = new SecretsProvider({});
    tracing.capture(provider.client);
    return provider;
  });
  return async (arn) => (await provider()).get(arn, { maxAge: maxAgeSeconds });
}

/**
 * Powertools' SSMProvider, like the secrets one (and through `ssm-provider.cjs` for the same reason).
 * SecureString parameters are decrypted (with the key the role may use through SSM); `decrypt` is
 * harmless on a String one.
 */
export function parametersFetcher(maxAgeSeconds: number, client?: SSMClient): ValueFetcher {
  const provider = once(async () => {
    const [{ SSMProvider }, tracing] = await Promise.all([import("./ssm-provider.cjs"), runtimeTracing()]);
    if (client) return new SSMProvider({ awsSdkV3Client: client });
    const provider = new SSMProvider({});
    tracing.capture(provider.client);
    return provider;
  });
  return async (arn) => (await provider()).get(arn, { maxAge: maxAgeSeconds, decrypt: true });
}

/** Created on the first call and shared; a creation that failed is forgotten, so the next call tries again. */
function once<T>(create: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () =>
    (made ??= create().catch((error: unknown) => {
      made = undefined;
      throw error;
    }));
}
