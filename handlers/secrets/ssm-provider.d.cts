export { SSMProvider } from "@aws-lambda-powertools/parameters/ssm";
