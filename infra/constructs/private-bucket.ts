import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';

/**
 * How every Parcours bucket is made: encrypted, private to the account's roles (no ACLs, no public
 * access), TLS 1.2 only, its lifecycle its own plus the clean-up of abandoned uploads, and kept
 * when the stack is deleted (what it holds outlives the stack, or its lifecycle empties it).
 */
export function privateBucketProps(lifecycleRules: readonly s3.LifecycleRule[]): s3.BucketProps {
  return {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
    enforceSSL: true,
    minimumTLSVersion: 1.2,
    lifecycleRules: [
      ...lifecycleRules,
      { id: 'incomplete-uploads', abortIncompleteMultipartUploadAfter: Duration.days(1) },
    ],
    removalPolicy: RemovalPolicy.RETAIN,
  };
}
