// CommonJS on purpose, and imported only dynamically: see providers.ts.
exports.SSMProvider = require("@aws-lambda-powertools/parameters/ssm").SSMProvider;
