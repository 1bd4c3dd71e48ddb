/**
 * The CDK stack, synthesized without bundling: built from the same topology as the local stack, it
 * must deploy every resource the topology declares, wired the same way, serve the console with the
 * API on one origin as the local console server does, serve the public site without ever exposing
 * an unpublished document, and pass cdk-nag's AWS Solutions checks with every acknowledgement
 * explained. A one-page folder stands in for the built console.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { App, type CfnElement, Validations } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CachePolicy, OriginRequestPolicy } from 'aws-cdk-lib/aws-cloudfront';
import type { Role } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { describe, expect, test } from 'vitest';
import { PUBLIC_ROUTES } from '#infra/http-api';
import { PUBLIC_SITE_CSP } from '#local/public-server';
import { RegistreStack, S2LOW_SECRET_TEMPLATE } from '#infra/registre-stack';
import { MAX_MESSAGE_BYTES, topology, type FunctionSpec, type QueueId, type QueueSpec } from '#infra/topology';
import { API_PATHS, contentSecurityPolicy, startConsoleServer } from '#local/console-server';

const consoleAssets = mkdtempSync(join(tmpdir(), 'registre-console-'));
writeFileSync(join(consoleAssets, 'index.html'), '<!doctype html><title>Registre</title>');
const settings = { PREFECTURE_CONNECTOR: 'actes', ACTES_ENDPOINT: 'https://actes.example.invalid' };
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const stack = new RegistreStack(app, 'Registre', { settings, consoleAssets });
const template = Template.fromStack(stack);
const functions = Object.values(topology.functions) as FunctionSpec[];
const queues = Object.values(topology.queues) as QueueSpec[];
const queueIds = Object.keys(topology.queues) as QueueId[];

/** A construct of the stack by its id, as `registre-stack.ts` names it from the topology's. */
const child = <T>(id: string) => stack.node.findChild(id) as T;
const pascal = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);
const sourceQueue = (id: QueueId) => child<Queue>(`${pascal(id)}Queue`);
const deadLetterQueue = (id: QueueId) => child<Queue>(`${pascal(id)}DeadLetterQueue`);
const alarmTopic = stack.resolve(stack.alarmTopic.topicArn) as unknown;
/** A CloudFront distribution of the stack by its comment: the console's, the public site's. */
function distributionCommented(comment: string) {
  const found = Object.entries(
    template.findResources('AWS::CloudFront::Distribution', { Properties: { DistributionConfig: { Comment: comment } } }),
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

/** The actions a function's role may take on a queue. */
function actionsOn(fn: IFunction, queue: Queue): string[] {
  const roleName = stack.resolve(fn.role?.roleName) as unknown;
  const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [roleName] } }));
  const statements = policies.flatMap(
    (policy) => policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[],
  );
  const arn = stack.resolve(queue.queueArn) as unknown;
  return statements
    .filter((statement) => isDeepStrictEqual(statement.Resource, arn))
    .flatMap((statement) => statement.Action)
    .sort();
}

describe('the CDK stack from the topology', () => {
  test('one table with the topology’s keys and status index, point-in-time recovery on, kept on delete', () => {
    template.resourceCountIs('AWS::DynamoDB::GlobalTable', 1);
    template.hasResource('AWS::DynamoDB::GlobalTable', {
      DeletionPolicy: 'Retain',
      Properties: Match.objectLike({
        KeySchema: [
          { AttributeName: 'pk', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: [Match.objectLike({ IndexName: 'by-status' })],
        Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
      }),
    });
  });

  test('every queue of the topology, with its dead-letter queue, its redrive count and its visibility timeout', () => {
    // And two for the scheduled function: events its schedule could not deliver, invocations that failed.
    template.resourceCountIs('AWS::SQS::Queue', queues.length * 2 + 2);
    for (const queue of queues)
      template.hasResourceProperties('AWS::SQS::Queue', {
        VisibilityTimeout: queue.visibilityTimeoutSeconds,
        RedrivePolicy: { maxReceiveCount: queue.maxReceiveCount, deadLetterTargetArn: Match.anyValue() },
        ...(queue.fifo && { FifoQueue: true }),
        SqsManagedSseEnabled: true,
      });
    // Any body fits the failure record that keeps it.
    const sizes = Object.values(template.findResources('AWS::SQS::Queue')).map((q) => q.Properties.MaximumMessageSize);
    expect(new Set(sizes)).toEqual(new Set([MAX_MESSAGE_BYTES]));
  });

  test('one function per topology entry: Node.js 24 on ARM64, its timeout, memory and environment', () => {
    expect(Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } }))).toHaveLength(
      functions.length,
    );
    for (const fn of functions)
      template.hasResourceProperties('AWS::Lambda::Function', {
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Timeout: fn.timeoutSeconds,
        MemorySize: fn.memoryMb,
        TracingConfig: { Mode: 'Active' },
        Environment: {
          Variables: Match.objectLike(Object.fromEntries(Object.keys(fn.environment).map((name) => [name, Match.anyValue()]))),
        },
      });
  });

  test('SQS triggers report partial batch failures, with the topology’s batch sizes', () => {
    const triggers = functions.filter((fn) => fn.trigger.type === 'sqs');
    template.resourceCountIs('AWS::Lambda::EventSourceMapping', triggers.length);
    for (const fn of triggers)
      if (fn.trigger.type === 'sqs')
        template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
          BatchSize: fn.trigger.batchSize,
          FunctionResponseTypes: ['ReportBatchItemFailures'],
        });
  });

  test('the API is an HTTP API in front of the api function; acknowledgements are polled on a schedule', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Api', 1);
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(1 minute)' });
  });

  test('settings and constants reach the functions that read them; no secret value is in any function’s environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PREFECTURE_CONNECTOR: 'actes', ACTES_ENDPOINT: 'https://actes.example.invalid' }) },
    });
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TRANSMISSION_LEASE_SECONDS: String(topology.functions.transmitAct.timeoutSeconds) }) },
    });
    template.resourceCountIs('AWS::SecretsManager::Secret', 0);
    const environments = Object.values(template.findResources('AWS::Lambda::Function')).map((fn) => fn.Properties.Environment ?? {});
    for (const environment of environments) {
      expect(JSON.stringify(environment)).not.toMatch(/resolve:secretsmanager|SecretString|TOKEN_SECRET|PASSWORD/);
    }
  });

  test('the stack deploys to Paris unless told otherwise', () => {
    expect(stack.region).toBe('eu-west-3');
    const elsewhere = new RegistreStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Elsewhere', {
      settings,
      consoleAssets,
      env: { region: 'eu-west-1' },
    });
    expect(elsewhere.region).toBe('eu-west-1');
  });

  test('no function may scan the table, delete an item, or delete a document', () => {
    const roles = Object.keys(topology.functions).map((name) => stack.resolve(child<Role>(`${pascal(name)}Role`).roleName) as unknown);
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((policy) =>
      (policy.Properties.Roles as unknown[]).some((role) => roles.some((fnRole) => isDeepStrictEqual(fnRole, role))),
    );
    expect(policies).toHaveLength(functions.length);
    const actions = policies.flatMap((policy) =>
      (policy.Properties.PolicyDocument.Statement as { Action: string | string[] }[]).flatMap((statement) => statement.Action),
    );
    expect(actions).toContain('dynamodb:PutItem');
    expect(actions.filter((action) => /^dynamodb:(Scan|DeleteItem|BatchWriteItem|\*)|^s3:(Delete|\*)|^s3:.*\*$/.test(action))).toEqual([]);
    for (const name of Object.keys(topology.functions))
      expect(
        template.toJSON().Resources[stack.getLogicalId(child<Role>(`${pascal(name)}Role`).node.defaultChild as CfnElement)].Properties
          .ManagedPolicyArns,
      ).toBeUndefined();
  });

  test('the api may take messages off every dead-letter queue and send them back to its source queue', () => {
    const api = child<IFunction>('ApiFunction');
    for (const id of queueIds) {
      expect(actionsOn(api, deadLetterQueue(id))).toEqual([
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:ReceiveMessage',
      ]);
      expect(actionsOn(api, sourceQueue(id))).toEqual(['sqs:SendMessage']);
    }
    const { Properties } = template.toJSON().Resources[stack.getLogicalId(api.node.defaultChild as CfnElement)];
    expect(Properties.Environment.Variables).toMatchObject({
      SESSION_EVENTS_QUEUE_URL: stack.resolve(sourceQueue('sessionEvents').queueUrl),
      CERTIFICATION_QUEUE_URL: stack.resolve(sourceQueue('certification').queueUrl),
      TRANSMISSIONS_QUEUE_URL: stack.resolve(sourceQueue('transmissions').queueUrl),
      SESSION_EVENTS_DLQ_URL: stack.resolve(deadLetterQueue('sessionEvents').queueUrl),
      CERTIFICATION_DLQ_URL: stack.resolve(deadLetterQueue('certification').queueUrl),
      TRANSMISSIONS_DLQ_URL: stack.resolve(deadLetterQueue('transmissions').queueUrl),
    });
  });

  test('each dead-letter queue raises two alarms to the alarm topic: a message in it, and one left there an hour', () => {
    // And, from infra/operations.ts: each source queue's message age, each function's errors and throttles, the API's 5xx.
    template.resourceCountIs('AWS::CloudWatch::Alarm', queueIds.length * 3 + functions.length * 2 + 1);
    for (const id of queueIds) {
      const name = topology.queues[id].name.replace(/\.fifo$/, '');
      const watching = {
        Namespace: 'AWS/SQS',
        Dimensions: [{ Name: 'QueueName', Value: stack.resolve(deadLetterQueue(id).queueName) }],
        Period: 300,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
        AlarmActions: [alarmTopic],
      };
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...watching,
        AlarmName: `registre-${name}-dead-letters`,
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Threshold: 1,
        AlarmDescription: Match.stringLikeRegexp('registre failures.*registre replay'),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ...watching,
        AlarmName: `registre-${name}-dead-letter-age`,
        MetricName: 'ApproximateAgeOfOldestMessage',
        Threshold: 3600,
        AlarmDescription: Match.stringLikeRegexp('registre failures.*registre replay'),
      });
    }
  });

  test('the alarm topic is an output, encrypted with a rotated key CloudWatch may use, and CloudWatch may publish to it', () => {
    template.resourceCountIs('AWS::SNS::Topic', 1);
    template.hasResourceProperties('AWS::SNS::Topic', { TopicName: 'registre-alarms', KmsMasterKeyId: Match.anyValue() });
    template.hasOutput('AlarmTopicArn', { Value: alarmTopic });
    const cloudWatch = { Effect: 'Allow', Principal: { Service: 'cloudwatch.amazonaws.com' } };
    template.hasResourceProperties('AWS::KMS::Key', {
      EnableKeyRotation: true,
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ ...cloudWatch, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'] })]) },
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ ...cloudWatch, Action: 'sns:Publish', Resource: alarmTopic })]) },
    });
  });

  test('the documents bucket blocks public access, refuses plain HTTP and logs its access', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: Match.objectLike({ BlockPublicAcls: true, RestrictPublicBuckets: true }),
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ LogFilePrefix: 'documents/' }),
    });
  });
});

describe('the archive of the acts', () => {
  const documents = stack.resolve(stack.archive.bucket.bucketArn) as unknown;
  const [, bucket] = Object.entries(template.findResources('AWS::S3::Bucket', { Properties: { ObjectLockEnabled: true } }))[0]!;

  test('Object Lock keeps every version of every document, ten years in governance mode by default, versioning on', () => {
    expect(bucket.Properties).toMatchObject({
      VersioningConfiguration: { Status: 'Enabled' },
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 3653 } } },
    });
    expect(bucket.DeletionPolicy).toBe('Retain');
  });

  test('compliance mode and another retention are a setting', () => {
    const strict = Template.fromStack(
      new RegistreStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Strict', {
        settings,
        consoleAssets,
        retention: { mode: 'compliance', years: 30 },
      }),
    );
    strict.hasResourceProperties('AWS::S3::Bucket', {
      ObjectLockConfiguration: { ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'COMPLIANCE', Days: 10958 } } },
    });
  });

  test('the bucket policy refuses deleting a document, a version, or lifting a lock, to all but the archive’s administrator role', () => {
    const administrator = stack.resolve(stack.archive.administrator.roleArn) as unknown;
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Deny',
            Principal: { AWS: '*' },
            Action: ['s3:DeleteObject', 's3:DeleteObjectVersion', 's3:BypassGovernanceRetention'],
            Resource: { 'Fn::Join': ['', [documents, '/*']] },
            Condition: { ArnNotEquals: { 'aws:PrincipalArn': administrator } },
          }),
        ]),
      },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({ Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } })],
      },
    });
    template.hasOutput('ArchiveAdministratorRoleArn', { Value: administrator });
  });

  test('no bucket uses ACLs: access logs are delivered through the log bucket’s policy', () => {
    for (const each of Object.values(template.findResources('AWS::S3::Bucket'))) expect(each.Properties.AccessControl).toBeUndefined();
    template.hasResourceProperties('AWS::S3::Bucket', {
      OwnershipControls: { Rules: [{ ObjectOwnership: 'BucketOwnerEnforced' }] },
      LifecycleConfiguration: Match.anyValue(),
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Principal: { Service: 'logging.s3.amazonaws.com' }, Action: 's3:PutObject' })]),
      },
    });
  });
});

test('with the S²LOW connector, its credentials are a Secrets Manager secret the functions read, never environment text', () => {
  const s2low = Template.fromStack(
    new RegistreStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'S2low', {
      consoleAssets,
      settings: { PREFECTURE_CONNECTOR: 's2low', S2LOW_URL: 'https://s2low.example.invalid', S2LOW_LOGIN: 'cd35' },
    }),
  );
  // Created as its JSON template, every field named and empty, for an operator to fill in.
  s2low.resourceCountIs('AWS::SecretsManager::Secret', 1);
  s2low.hasResourceProperties('AWS::SecretsManager::Secret', { SecretString: JSON.stringify(S2LOW_SECRET_TEMPLATE) });
  s2low.hasResourceProperties('AWS::Lambda::Function', {
    Environment: {
      Variables: Match.objectLike({
        PREFECTURE_CONNECTOR: 's2low',
        S2LOW_SECRET_ARN: { Ref: Match.stringLikeRegexp('^S2lowCredentials') },
      }),
    },
  });
  s2low.hasResourceProperties('AWS::IAM::Policy', {
    PolicyDocument: {
      Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })]),
    },
  });
});

describe('the console, behind CloudFront with the API', () => {
  const [distributionId, distribution] = distributionCommented('Registre: the secretariat console and its API');
  const config = distribution.Properties.DistributionConfig;
  const origins = config.Origins as { Id: string; DomainName: unknown; OriginAccessControlId?: unknown }[];
  const bucketId = Object.keys(
    template.findResources('AWS::S3::Bucket', { Properties: { LoggingConfiguration: { LogFilePrefix: 'console/' } } }),
  )[0]!;

  test('the console bucket is private, read by the distribution only, through Origin Access Control', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      LoggingConfiguration: { LogFilePrefix: 'console/', DestinationBucketName: Match.anyValue() },
    });
    const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: bucketId } } }));
    const allowed = (policy!.Properties.PolicyDocument.Statement as { Effect: string }[]).filter((s) => s.Effect === 'Allow');
    expect(allowed).toEqual([
      expect.objectContaining({
        Action: 's3:GetObject',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.objectContaining({ 'Fn::Join': expect.anything() }) } },
      }),
    ]);
    expect(JSON.stringify(allowed)).toContain(distributionId);
    const s3 = origins.find((origin) => isDeepStrictEqual(origin.DomainName, { 'Fn::GetAtt': [bucketId, 'RegionalDomainName'] }));
    expect(s3?.OriginAccessControlId).toBeDefined();
    expect(config.DefaultCacheBehavior.TargetOriginId).toBe(s3?.Id);
    template.hasResourceProperties('Custom::CDKBucketDeployment', { DestinationBucketName: { Ref: bucketId } });
  });

  test('the distribution serves index.html at its root, over HTTPS only', () => {
    expect(config.DefaultRootObject).toBe('index.html');
    expect(config.DefaultCacheBehavior.ViewerProtocolPolicy).toBe('https-only');
  });

  test('each API path goes to the HTTP API, uncached, with every method and the viewer’s headers', () => {
    const api = origins.find((origin) => JSON.stringify(origin.DomainName).includes('ApiEndpoint'));
    expect(api).toBeDefined();
    const behaviors = config.CacheBehaviors as Record<string, unknown>[];
    expect(behaviors.map((behavior) => behavior.PathPattern)).toEqual(API_PATHS.map((path) => `${path}*`));
    for (const behavior of behaviors)
      expect(behavior).toMatchObject({
        TargetOriginId: api!.Id,
        ViewerProtocolPolicy: 'https-only',
        CachePolicyId: CachePolicy.CACHING_DISABLED.cachePolicyId,
        OriginRequestPolicyId: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER.originRequestPolicyId,
        AllowedMethods: expect.arrayContaining(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
      });
  });

  test('the pages carry the security headers of the local console server, with the sign-in and the documents as origins', async () => {
    const { server, url } = await startConsoleServer({
      host: '127.0.0.1',
      port: 0,
      root: consoleAssets,
      apiUrl: 'http://api.invalid',
    });
    const local = await fetch(url).finally(() => server.close());
    const policyId = config.DefaultCacheBehavior.ResponseHeadersPolicyId.Ref as string;
    const headers = template.toJSON().Resources[policyId].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const origins = { signIn: stack.signIn.domain.baseUrl(), documents: `https://${stack.archive.bucket.bucketRegionalDomainName}` };
    expect(headers.ContentSecurityPolicy).toEqual({ ContentSecurityPolicy: stack.resolve(contentSecurityPolicy(origins)), Override: true });
    expect(local.headers.get('x-content-type-options')).toBe('nosniff');
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: local.headers.get('referrer-policy'), Override: true });
  });

  test('its address is the output ConsoleUrl', () => {
    template.hasOutput('ConsoleUrl', { Value: { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] } });
  });
});

describe('the public site, behind CloudFront', () => {
  const [distributionId, distribution] = distributionCommented('Registre: the public site of the published acts');
  const config = distribution.Properties.DistributionConfig;
  const origins = config.Origins as { Id: string; DomainName: unknown; OriginPath?: string; OriginAccessControlId?: unknown }[];
  const behaviors = config.CacheBehaviors as Record<string, unknown>[];
  const behavior = (pattern: string) => behaviors.find((each) => each.PathPattern === pattern)!;
  const originOf = (target: { TargetOriginId: string }) => origins.find((origin) => origin.Id === target.TargetOriginId)!;
  const documentsId = stack.getLogicalId(stack.archive.bucket.node.defaultChild as CfnElement);
  const toApi = (origin: { DomainName: unknown }) => JSON.stringify(origin.DomainName).includes('ApiEndpoint');
  const resources = template.toJSON().Resources;

  test('its pages, /public and below, and the open data need no token; every other route keeps the JWT authorizer', () => {
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties);
    const open = routes.filter((route) => route.AuthorizationType === 'NONE').map((route) => route.RouteKey);
    expect(open.sort()).toEqual(['GET /health', ...PUBLIC_ROUTES.map((path) => `GET ${path}`)].sort());
    for (const route of routes.filter((each) => each.AuthorizationType !== 'NONE'))
      expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: expect.anything() });
  });

  test('its pages come from the API under /public, over HTTPS, GET and HEAD, with the query string but not the Host header', () => {
    const pages = config.DefaultCacheBehavior;
    expect(toApi(originOf(pages))).toBe(true);
    expect(originOf(pages).OriginPath).toBe('/public');
    expect(['redirect-to-https', 'https-only']).toContain(pages.ViewerProtocolPolicy);
    expect(pages.AllowedMethods).toEqual(['GET', 'HEAD']);
    const requests = resources[pages.OriginRequestPolicyId.Ref].Properties.OriginRequestPolicyConfig;
    expect(requests).toMatchObject({
      QueryStringsConfig: { QueryStringBehavior: 'all' },
      HeadersConfig: { HeaderBehavior: 'none' },
      CookiesConfig: { CookieBehavior: 'none' },
    });
    const caching = resources[pages.CachePolicyId.Ref].Properties.CachePolicyConfig;
    expect(caching.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig).toEqual({ QueryStringBehavior: 'all' });
    expect(caching.MaxTTL).toBeLessThanOrEqual(300);
  });

  test('the open data comes from the API without the origin path, with its query string', () => {
    const openData = behavior('/open-data/*') as { TargetOriginId: string; OriginRequestPolicyId: unknown; ViewerProtocolPolicy: string };
    expect(toApi(originOf(openData))).toBe(true);
    expect(originOf(openData).OriginPath).toBeUndefined();
    expect(openData.OriginRequestPolicyId).toEqual(config.DefaultCacheBehavior.OriginRequestPolicyId);
    expect(openData.ViewerProtocolPolicy).toBe('redirect-to-https');
  });

  test('the documents and the styles come from the documents bucket’s public/ prefix, through Origin Access Control', () => {
    for (const pattern of ['/documents/*', '/assets/*']) {
      const served = behavior(pattern) as { TargetOriginId: string; AllowedMethods: string[]; ViewerProtocolPolicy: string };
      const origin = originOf(served);
      expect(origin.DomainName).toEqual({ 'Fn::GetAtt': [documentsId, 'RegionalDomainName'] });
      expect(origin.OriginPath).toBe('/public');
      expect(origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [expect.stringMatching(/S3OriginAccessControl/), 'Id'] });
      expect(served.AllowedMethods).toEqual(['GET', 'HEAD']);
      expect(served.ViewerProtocolPolicy).toBe('redirect-to-https');
    }
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
  });

  test('the documents bucket lets the distribution read public/* and nothing else', () => {
    const [policy] = Object.values(template.findResources('AWS::S3::BucketPolicy', { Properties: { Bucket: { Ref: documentsId } } }));
    const statements = policy!.Properties.PolicyDocument.Statement as { Effect: string; Principal: unknown; Resource: unknown }[];
    const cloudFront = statements.filter((statement) => JSON.stringify(statement.Principal).includes('cloudfront.amazonaws.com'));
    expect(cloudFront).toEqual([
      {
        Sid: expect.any(String),
        Effect: 'Allow',
        Principal: { Service: 'cloudfront.amazonaws.com' },
        Action: 's3:GetObject',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [documentsId, 'Arn'] }, '/public/*']] },
        Condition: { StringEquals: { 'AWS:SourceArn': expect.objectContaining({ 'Fn::Join': expect.anything() }) } },
      },
    ]);
    expect(JSON.stringify(cloudFront)).toContain(distributionId);
    // No Allow in the bucket's policy names the whole bucket or all of its objects.
    const wholeBucket = [{ 'Fn::GetAtt': [documentsId, 'Arn'] }, { 'Fn::Join': ['', [{ 'Fn::GetAtt': [documentsId, 'Arn'] }, '/*']] }];
    for (const statement of statements.filter((each) => each.Effect === 'Allow'))
      for (const resource of [statement.Resource].flat()) expect(wholeBucket).not.toContainEqual(resource);
  });

  test('every answer carries the strict security headers; the documents’ CSP lets their own styles and the PDF viewer through', () => {
    const headersOf = (target: { ResponseHeadersPolicyId: { Ref: string } }) =>
      resources[target.ResponseHeadersPolicyId.Ref].Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    for (const target of [config.DefaultCacheBehavior, behavior('/open-data/*'), behavior('/assets/*')])
      expect(headersOf(target as never)).toMatchObject({
        ContentSecurityPolicy: { ContentSecurityPolicy: PUBLIC_SITE_CSP, Override: true },
        ContentTypeOptions: { Override: true },
        ReferrerPolicy: { ReferrerPolicy: 'no-referrer', Override: true },
        StrictTransportSecurity: { AccessControlMaxAgeSec: 31_536_000, IncludeSubdomains: true, Override: true },
      });
    expect(PUBLIC_SITE_CSP).toBe(
      "default-src 'none'; style-src 'self'; font-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    );
    const documents = headersOf(behavior('/documents/*') as never);
    expect(documents.ContentSecurityPolicy.ContentSecurityPolicy).toMatch(/^default-src 'none';.*frame-ancestors 'none'$/);
    expect(documents.ContentSecurityPolicy.ContentSecurityPolicy).not.toMatch(/script-src/);
    expect(documents).toMatchObject({ ContentTypeOptions: { Override: true }, ReferrerPolicy: { ReferrerPolicy: 'no-referrer' } });
  });

  test('the DSFR’s stylesheet, fonts and icons go to public/assets/, never pruned, by a role that writes there only', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketName: { Ref: documentsId },
      DestinationBucketKeyPrefix: 'public/assets/',
      Prune: false,
    });
    // The asset holds those files and no others (the DSFR's package has 86 MB of them).
    const staged = join(app.outdir, (stack.publicSite.node.findChild('DsfrStyles') as Asset).assetPath);
    expect(readdirSync(staged).sort()).toEqual(['dsfr.min.css', 'fonts', 'icons']);
    // Only the archive's administrator may delete a document: no other role is granted any deletion on the bucket.
    const administrator = stack.getLogicalId(stack.archive.administrator.node.defaultChild as CfnElement);
    for (const policy of Object.values(template.findResources('AWS::IAM::Policy'))) {
      if (isDeepStrictEqual(policy.Properties.Roles, [{ Ref: administrator }])) continue;
      const statements = policy.Properties.PolicyDocument.Statement as { Action: string | string[]; Resource: unknown }[];
      for (const statement of statements.filter((each) => JSON.stringify(each.Resource).includes(documentsId)))
        expect([statement.Action].flat().filter((action) => /^s3:(Delete|Put.*(Retention|LegalHold))|\*/.test(action))).toEqual([]);
    }
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Action: 's3:PutObject',
            Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [documentsId, 'Arn'] }, '/public/assets/*']] },
          }),
        ]),
      },
    });
  });

  test('the api function builds the open data’s links on the site’s address, which is the output PublicSiteUrl', () => {
    const url = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] };
    const api = child<IFunction>('ApiFunction');
    expect(resources[stack.getLogicalId(api.node.defaultChild as CfnElement)].Properties.Environment.Variables.PUBLIC_SITE_URL).toEqual(
      url,
    );
    template.hasOutput('PublicSiteUrl', { Value: url });
  });

  test('with its own domain, the site asks for TLS 1.2 at least and the open data links to that domain', () => {
    const certificateArn = 'arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000';
    const own = new RegistreStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'OwnDomain', {
      settings,
      consoleAssets,
      publicSiteDomain: { domainName: 'actes.example.fr', certificateArn },
    });
    const ownTemplate = Template.fromStack(own);
    ownTemplate.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['actes.example.fr'],
        ViewerCertificate: { AcmCertificateArn: certificateArn, MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' },
      }),
    });
    ownTemplate.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ PUBLIC_SITE_URL: 'https://actes.example.fr' }) },
    });
    expect(new AwsSolutionsChecks().validateScope(own).violations.map((v) => v.ruleName)).toEqual([]);
  });
});

describe('cdk-nag (AWS Solutions and Serverless)', () => {
  test.each([
    ['AWS Solutions', () => new AwsSolutionsChecks()],
    ['Serverless', () => new ServerlessChecks()],
  ])('the stack passes the %s pack, each acknowledged finding carrying its reason', (_, pack) => {
    const report = pack().validateScope(stack);
    expect(report.violations.map((v) => v.ruleName)).toEqual([]);
    expect(report.success).toBe(true);
  });

  test('an acknowledgement silences exactly its finding, and a new finding is reported', () => {
    const probe = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
    // In an account and region known at synth time, as `cdk synth` runs with a profile.
    const env = { account: '123456789012', region: 'eu-west-3' };
    const probeStack = new RegistreStack(probe, 'Probe', { settings, consoleAssets, env });
    new Secret(probeStack, 'Unrotated');
    const before = new AwsSolutionsChecks().validateScope(probeStack).violations.map((v) => v.ruleName);
    expect(before).toEqual(['AwsSolutions-SMG4']);
    Validations.of(probeStack.node.findChild('Unrotated')).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'probe' });
    expect(new AwsSolutionsChecks().validateScope(probeStack).success).toBe(true);
  });
});

describe('sign-in, and the API behind it', () => {
  const issuer = stack.resolve(stack.signIn.issuerUrl) as unknown;
  const [clientId] = Object.keys(template.findResources('AWS::Cognito::UserPoolClient'));

  test('the JWT authorizer of the HTTP API checks every route but /health and the public site’s against the user pool and the console’s client', () => {
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: issuer, Audience: [{ Ref: clientId }] },
    });
    const routes = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map((route) => route.Properties);
    expect(routes.map((route) => [route.RouteKey, route.AuthorizationType]).sort()).toEqual([
      ['ANY /{proxy+}', 'JWT'],
      ['GET /health', 'NONE'],
      ['GET /open-data/{proxy+}', 'NONE'],
      ['GET /public', 'NONE'],
      ['GET /public/{proxy+}', 'NONE'],
    ]);
  });

  test('the api function checks tokens against the same issuer and client; no signing secret anywhere', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ TOKEN_ISSUER: issuer, TOKEN_AUDIENCES: { Ref: clientId } }) },
    });
  });

  test('the API logs every request as JSON and is throttled by default', () => {
    const [stage] = Object.values(template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stage!.Properties).toMatchObject({
      StageName: '$default',
      DefaultRouteSettings: { ThrottlingBurstLimit: 100, ThrottlingRateLimit: 50 },
    });
    expect(JSON.parse(stage!.Properties.AccessLogSettings.Format)).toMatchObject({
      requestId: '$context.requestId',
      status: '$context.status',
    });
  });

  test('users are created by administrators, sign in with a second factor, and belong to role groups', () => {
    template.hasResourceProperties('AWS::Cognito::UserPool', {
      AdminCreateUserConfig: { AllowAdminCreateUserOnly: true },
      MfaConfiguration: 'ON',
      DeletionProtection: 'ACTIVE',
    });
    const groups = Object.values(template.findResources('AWS::Cognito::UserPoolGroup')).map((group) => group.Properties.GroupName);
    expect(groups.sort()).toEqual(['admin', 'secretariat']);
  });

  test('the console signs in as a public client with the authorization code, coming back to the console only; tokens expire', () => {
    const console = { 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [Match.anyValue(), 'DomainName'] }, '/']] };
    template.hasResourceProperties('AWS::Cognito::UserPoolClient', {
      GenerateSecret: false,
      AllowedOAuthFlows: ['code'],
      CallbackURLs: [console],
      LogoutURLs: [console],
      AccessTokenValidity: 480,
      TokenValidityUnits: Match.objectLike({ AccessToken: 'minutes' }),
    });
    template.hasResourceProperties('Custom::CDKBucketDeployment', { Prune: false, SourceMarkers: Match.anyValue() });
  });

  test('a deployment may create the groups of its collectivités and federate ProConnect', () => {
    const federated = Template.fromStack(
      new RegistreStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Federated', {
        settings,
        consoleAssets,
        signIn: {
          sirens: ['213501238'],
          proConnect: {
            issuer: 'https://auth.agentconnect.gouv.fr/api/v2',
            clientId: 'registre',
            clientSecretArn: 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:proconnect-AbCdEf',
          },
        },
      }),
    );
    federated.hasResourceProperties('AWS::Cognito::UserPoolGroup', { GroupName: 'siren-213501238' });
    federated.hasResourceProperties('AWS::Cognito::UserPoolIdentityProvider', {
      ProviderName: 'ProConnect',
      ProviderType: 'OIDC',
      ProviderDetails: Match.objectLike({ oidc_issuer: 'https://auth.agentconnect.gouv.fr/api/v2', client_id: 'registre' }),
    });
    const [provider] = Object.keys(federated.findResources('AWS::Cognito::UserPoolIdentityProvider'));
    federated.hasResourceProperties('AWS::Cognito::UserPoolClient', { SupportedIdentityProviders: ['COGNITO', { Ref: provider }] });
  });
});

test('operations: an alarm on every function’s errors and throttles, on every source queue’s oldest message, on the API’s 5xx, all to the topic', () => {
  const kebab = (id: string) => id.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`);
  const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);
  const names = alarms.map((alarm) => alarm.AlarmName as string);
  for (const name of Object.keys(topology.functions))
    expect(names).toEqual(expect.arrayContaining([`registre-${kebab(name)}-errors`, `registre-${kebab(name)}-throttles`]));
  for (const id of queueIds) expect(names).toContain(`registre-${topology.queues[id].name.replace(/\.fifo$/, '')}-message-age`);
  expect(names).toContain('registre-api-5xx');
  for (const alarm of alarms) expect(alarm.AlarmActions).toEqual([alarmTopic]);
  template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
});
