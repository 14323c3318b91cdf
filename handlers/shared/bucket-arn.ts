/** Any partition; the name as S3 allows it, so a malformed value fails when it is read, not at the first S3 call. */
const BUCKET_ARN = /^arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/;

/** The bucket name of an ARN `arn:aws:s3:::<name>` (the form the synthesizer writes), or undefined when it is not one. */
export function bucketNameOf(arn: string): string | undefined {
  return BUCKET_ARN.exec(arn)?.[1];
}
