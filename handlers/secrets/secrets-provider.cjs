// CommonJS on purpose, and imported only dynamically: see providers.ts.
exports.SecretsProvider = require("@aws-lambda-powertools/parameters/secrets").SecretsProvider;
