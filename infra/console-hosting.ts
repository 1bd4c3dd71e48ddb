/**
 * The secretariat's console on AWS: its built files in a private bucket, served by CloudFront, which
 * also forwards the API's paths to the HTTP API — the console calls its API on its own origin, as it
 * does locally through `local/console-server.ts`.
 */
import { type CfnElement, DefaultStackSynthesizer, Duration, Fn, Stack, Token, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  AllowedMethods,
  type BehaviorOptions,
  CachePolicy,
  Distribution,
  HeadersReferrerPolicy,
  OriginRequestPolicy,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, type IBucket } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CONFIG_PATH, type ConsoleConfig } from '#console/config';
import { API_PATHS, contentSecurityPolicy } from '#local/console-server';

/** What cdk-nag says of a bucket deployment's function, which aws-cdk-lib builds and CloudFormation runs. */
export const BUCKET_DEPLOYMENT_FUNCTION = [
  { id: 'AwsSolutions-L1', reason: 'The bucket deployment function runs on the runtime aws-cdk-lib gives it.' },
  { id: 'Serverless-LambdaLatestVersion', reason: 'The bucket deployment function runs on the runtime aws-cdk-lib gives it.' },
  {
    id: 'Serverless-LambdaTracing',
    reason: 'The bucket deployment function runs once per deploy, from CloudFormation, which logs its outcome.',
  },
  {
    id: 'Serverless-LambdaDLQ',
    reason: 'The bucket deployment function is invoked by CloudFormation, which reports its failure on the stack.',
  },
];

export interface ConsoleHostingProps {
  /** The built console: the folder `buildConsole` wrote (index.html, app.js, styles.css, assets/). */
  readonly assets: string;
  /** The API the console calls; its paths (`API_PATHS`) are forwarded to it. */
  readonly api: IHttpApi;
  /** Receives the console bucket's server access logs. */
  readonly accessLogs: IBucket;
  /** The hosted sign-in domain, whose token endpoint the pages call. */
  readonly signInUrl: string;
  /** Where the presigned links to the documents point: the pages show the extract's HTML from there. */
  readonly documentsUrl: string;
}

export class ConsoleHosting extends Construct {
  readonly distribution: Distribution;
  private readonly bucket: Bucket;

  constructor(scope: Construct, id: string, props: ConsoleHostingProps) {
    super(scope, id);
    const bucket = (this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console/',
    }));

    const api: BehaviorOptions = {
      origin: new HttpOrigin(Fn.select(2, Fn.split('/', props.api.apiEndpoint))),
      viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: AllowedMethods.ALLOW_ALL,
      cachePolicy: CachePolicy.CACHING_DISABLED,
      // With caching disabled, this policy forwards the Authorization header too; the API Gateway needs its own Host.
      originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Registre: the secretariat console and its API',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
        responseHeadersPolicy: this.securityHeaders(contentSecurityPolicy({ signIn: props.signInUrl, documents: props.documentsUrl })),
      },
      additionalBehaviors: Object.fromEntries(API_PATHS.map((path) => [`${path}*`, api])),
    });
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason:
          'The assemblies are in mainland France and overseas, and their secretariats may work from elsewhere; the API checks a bearer token on every call but /health.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No web ACL (billed per rule and request) for now: every API route but /health checks a bearer token, and the pages are static files.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'CloudFront standard logs need ACLs on their bucket and the access-log bucket keeps ACLs disabled; API calls are logged by the function.',
      },
      {
        id: 'AwsSolutions-CFR4',
        reason: 'No custom domain yet: the default *.cloudfront.net certificate cannot set a minimum TLS version.',
      },
    );

    const deployment = new BucketDeployment(this, 'Deployment', {
      sources: [Source.asset(props.assets)],
      destinationBucket: bucket,
      // app.js and styles.css keep their names from build to build: browsers and CloudFront revalidate them.
      cacheControl: [CacheControl.noCache()],
      // The configuration is another deployment's file.
      exclude: [CONFIG_PATH.slice(1)],
    });
    this.acknowledgeDeployment(deployment, bucket);
  }

  /**
   * `/config.json`, which tells the pages how to sign in: published beside them once the app client
   * exists (its values are resolved at deploy time), and never cached.
   */
  publishConfig(config: ConsoleConfig): void {
    const deployment = new BucketDeployment(this, 'Config', {
      sources: [Source.jsonData(CONFIG_PATH.slice(1), config)],
      destinationBucket: this.bucket,
      prune: false,
      cacheControl: [CacheControl.noCache()],
    });
    this.acknowledgeDeployment(deployment, this.bucket);
  }

  /** The headers the local console server sends with every page, and HSTS: the console is HTTPS only. */
  private securityHeaders(policy: string): ResponseHeadersPolicy {
    return new ResponseHeadersPolicy(this, 'SecurityHeaders', {
      comment: 'Registre console: CSP, nosniff, no referrer, HSTS',
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: policy, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
  }

  /**
   * The deployment runs in CDK's own Lambda function (one per stack, the parent of `handlerRole`): its
   * runtime and policies come with aws-cdk-lib. It reads the console from the CDK assets bucket (of
   * the default bootstrap qualifier, named after the account and region when synth knows them) and
   * replaces the files of the console bucket.
   */
  private acknowledgeDeployment(deployment: BucketDeployment, bucket: Bucket): void {
    const handler = Validations.of(deployment.handlerRole.node.scope as Construct);
    const stack = Stack.of(this);
    const bucketId = stack.getLogicalId(bucket.node.defaultChild as CfnElement);
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    const grants = ['GetObject*', 'GetBucket*', 'List*', 'DeleteObject*', 'Abort*']
      .map((action) => `AwsSolutions-IAM5[Action::s3:${action}]`)
      .concat(
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-${DefaultStackSynthesizer.DEFAULT_QUALIFIER}-assets-${account}-${region}/*]`,
        `AwsSolutions-IAM5[Resource::<${bucketId}.Arn>/*]`,
      );
    handler.acknowledge(
      ...BUCKET_DEPLOYMENT_FUNCTION,
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'It only lets the bucket deployment function write its own logs.',
      },
      ...grants.map((id) => ({
        id,
        reason:
          'The CDK grants of the bucket deployment: it reads the built console from the assets bucket and replaces the console bucket’s files.',
      })),
    );
  }
}
