/**
 * The archive of the acts: certified extracts, stamped copies, transmission archives and the largest
 * logged events, in a versioned bucket under S3 Object Lock. Délibérations are public archives kept
 * for good: no function may delete an object or a version, the bucket policy refuses deletion to
 * everyone but the archive's administrator role, and Object Lock keeps every version for the
 * retention the deployment sets — in governance mode (that role may lift it, leaving a trace in
 * CloudTrail) or compliance mode (nobody may, not even the account's root, until it ends).
 * The access-log bucket receives the server access logs of the archive and of the console, through
 * its bucket policy: ACLs stay disabled.
 */
import { Duration, RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import { AccountPrincipal, AnyPrincipal, Effect, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectLockRetention, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

export interface RetentionSettings {
  readonly mode: 'governance' | 'compliance';
  /** How long each version of a document is locked, in years. */
  readonly years: number;
}

/** Ten years in governance mode, unless the deployment says otherwise (context `registre:retention`). */
export const DEFAULT_RETENTION: RetentionSettings = { mode: 'governance', years: 10 };

/** Deleting a document or a version, or lifting its lock: what only the administrator role may do. */
const DELETIONS = ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention'];

export class DocumentsArchive extends Construct {
  readonly bucket: Bucket;
  readonly accessLogs: Bucket;
  /** Assumed, with MFA, by an administrator of the account to delete what the law lets be deleted. */
  readonly administrator: Role;

  constructor(scope: Construct, id: string, retention: RetentionSettings) {
    super(scope, id);
    this.accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      lifecycleRules: [{ expiration: Duration.days(365) }],
    });
    Validations.of(this.accessLogs).acknowledge({
      id: 'AwsSolutions-S1',
      reason: 'This is the bucket receiving the access logs of the documents and console buckets.',
    });
    const days = Duration.days(Math.round(retention.years * 365.25));
    this.bucket = new Bucket(this, 'Documents', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      objectLockEnabled: true,
      objectLockDefaultRetention:
        retention.mode === 'compliance' ? ObjectLockRetention.compliance(days) : ObjectLockRetention.governance(days),
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'documents/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const account = Stack.of(this).account;
    this.administrator = new Role(this, 'Administrator', {
      description: 'Deletes documents of the Registre archive, or lifts their lock (governance mode), when the law allows it',
      assumedBy: new AccountPrincipal(account).withConditions({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
      maxSessionDuration: Duration.hours(1),
    });
    this.administrator.addToPolicy(
      new PolicyStatement({
        actions: [...DELETIONS, 's3:ListBucketVersions'],
        resources: [this.bucket.bucketArn, this.bucket.arnForObjects('*')],
      }),
    );
    Validations.of(this.administrator).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as never)}.Arn>/*]`,
      reason: 'The administrator of the archive acts on any of its documents, one at a time, under MFA.',
    });
    this.bucket.addToResourcePolicy(
      new PolicyStatement({
        sid: 'OnlyTheArchiveAdministratorDeletes',
        effect: Effect.DENY,
        principals: [new AnyPrincipal()],
        actions: DELETIONS,
        resources: [this.bucket.arnForObjects('*')],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': this.administrator.roleArn } },
      }),
    );
  }
}
