// Reference: what `import ... from "@cdktf/provider-aws"` costs. The package root loads
// every one of the provider's resource classes, used or not.
import "@cdktf/provider-aws";
