export { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
