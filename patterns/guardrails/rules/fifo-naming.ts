import { AWS_LIMITS } from "../../model/limits.js";
import { finding, type Finding, type Rule } from "../rule.js";

const name = "fifo-naming";

/** SQS and SNS reject a FIFO resource whose name does not end in .fifo, or a standard one that does. */
export const fifoNaming: Rule = {
  name,
  why: "FIFO queues and topics must be named *.fifo within the length limit",
  check(model) {
    const findings: Finding[] = [];
    const named = [
      ...model.queues.flatMap((q) => [
        { name: q.name, fifo: q.fifo, limit: AWS_LIMITS.sqsNameLength, source: q.source },
        ...(q.deadLetterQueue ? [{ name: q.deadLetterQueue.name, fifo: q.fifo, limit: AWS_LIMITS.sqsNameLength, source: q.source }] : []),
      ]),
      ...model.topics.map((t) => ({ name: t.name, fifo: t.fifo, limit: AWS_LIMITS.snsNameLength, source: t.source })),
    ];
    for (const r of named) {
      if (r.fifo !== r.name.endsWith(".fifo")) {
        findings.push(finding(name, r.source, `${r.name}: a ${r.fifo ? "FIFO" : "standard"} name must ${r.fifo ? "" : "not "}end in .fifo`));
      }
      if (r.name.length > r.limit) findings.push(finding(name, r.source, `${r.name}: must be at most ${r.limit} characters, got ${r.name.length}`));
    }
    return findings;
  },
};
