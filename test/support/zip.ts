import { readFileSync } from "node:fs";

/** The first entry of a zip that bulkhead wrote (one stored file), as text. */
export function firstZipEntry(path: string): string {
  const zip = readFileSync(path);
  const compressedSize = zip.readUInt32LE(18);
  const nameLength = zip.readUInt16LE(26);
  const start = 30 + nameLength;
  return zip.subarray(start, start + compressedSize).toString("utf8");
}
