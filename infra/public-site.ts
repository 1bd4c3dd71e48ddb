/**
 * The public site of the collectivités (CGCT L2131-1): their published acts, the lists of the
 * délibérations of their séances and the open data, for anyone, without signing in. CloudFront serves
 * the pages and the open data from the API's unauthenticated routes (`/public…`, `/open-data/…`), and
 * the published documents and the DSFR styles from the documents bucket — from its `public/` prefix
 * only, which the functions write at publication and nothing else: an unpublished extract, a
 * transmission archive or a logged event is never readable through the distribution.
 */
import { Aws, type CfnElement, Duration, Fn, IgnoreMode, Stack, Validations } from 'aws-cdk-lib';
import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  type BehaviorOptions,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  HeadersReferrerPolicy,
  type OriginBindConfig,
  type OriginBindOptions,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  ResponseHeadersPolicy,
  S3OriginAccessControl,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { ManagedPolicy, PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { BUCKET_DEPLOYMENT_FUNCTION } from './console-hosting.ts';
import { DSFR_DIST, PUBLIC_DOCUMENTS_CSP, PUBLIC_SITE_CSP } from '#local/public-server';

/** The prefix of the documents bucket the site may read: published documents and the DSFR styles, nothing else. */
export const PUBLIC_PREFIX = 'public';
/** Where the DSFR styles, fonts and icons are copied in the documents bucket (served at `/assets/`). */
const ASSETS_PREFIX = `${PUBLIC_PREFIX}/assets/`;

const DSFR_FILES = ['*', '!dsfr.min.css', '!fonts', '!fonts/**', '!icons', '!icons/**'];

/** A custom domain for the site: its name and an ACM certificate for it, in us-east-1 (CloudFront's). */
export interface PublicSiteDomain {
  readonly domainName: string;
  readonly certificateArn: string;
}

export interface PublicSiteProps {
  /** The API whose unauthenticated routes render the pages (`/public…`) and the open data (`/open-data/…`). */
  readonly api: IHttpApi;
  /** The documents bucket: the site reads its `public/` prefix only. */
  readonly documents: IBucket;
  /** Without it, the site answers at its *.cloudfront.net name, whose certificate sets no minimum TLS version. */
  readonly domain?: PublicSiteDomain;
}

export class PublicSite extends Construct {
  readonly distribution: Distribution;
  /** The site's base URL, without a trailing slash. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PublicSiteProps) {
    super(scope, id);
    const apiDomain = Fn.select(2, Fn.split('/', props.api.apiEndpoint));
    // Pages change when an act is published: a minute in the caches unless the function's Cache-Control
    // says otherwise (five at most), keyed by the query string (siren, year); no cookie, no header, no
    // token is forwarded, so the API answers these routes as it would anyone.
    const dynamic = {
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: new CachePolicy(this, 'PageCaching', {
        comment: 'Registre public site: pages and open data, a short while, keyed by their query string',
        defaultTtl: Duration.minutes(1),
        minTtl: Duration.seconds(0),
        maxTtl: Duration.minutes(5),
        queryStringBehavior: CacheQueryStringBehavior.all(),
        headerBehavior: CacheHeaderBehavior.none(),
        cookieBehavior: CacheCookieBehavior.none(),
        enableAcceptEncodingGzip: true,
        enableAcceptEncodingBrotli: true,
      }),
      // The API Gateway needs its own Host: none of the viewer's headers is forwarded.
      originRequestPolicy: new OriginRequestPolicy(this, 'PageRequests', {
        comment: 'Registre public site: the query string only, not the Host header',
        queryStringBehavior: OriginRequestQueryStringBehavior.all(),
        headerBehavior: OriginRequestHeaderBehavior.none(),
        cookieBehavior: OriginRequestCookieBehavior.none(),
      }),
      responseHeadersPolicy: this.securityHeaders('SecurityHeaders', 'pages', PUBLIC_SITE_CSP),
    } satisfies Omit<BehaviorOptions, 'origin'>;
    const published: BehaviorOptions = {
      origin: new PublishedObjectsOrigin(props.documents),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
    };

    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Registre: the public site of the published acts',
      // `/{siren}` is the API's `/public/{siren}`.
      defaultBehavior: { ...dynamic, origin: new HttpOrigin(apiDomain, { originPath: `/${PUBLIC_PREFIX}` }) },
      additionalBehaviors: {
        '/open-data/*': { ...dynamic, origin: new HttpOrigin(apiDomain) },
        // `/documents/{siren}/{actesId}.pdf` is the object `public/documents/{siren}/{actesId}.pdf`.
        '/documents/*': {
          ...published,
          responseHeadersPolicy: this.securityHeaders('DocumentHeaders', 'published documents', PUBLIC_DOCUMENTS_CSP),
        },
        '/assets/*': { ...published, responseHeadersPolicy: dynamic.responseHeadersPolicy },
      },
      ...(props.domain && {
        domainNames: [props.domain.domainName],
        certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
        minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
    });
    this.url = `https://${props.domain?.domainName ?? this.distribution.distributionDomainName}`;
    Validations.of(this.distribution).acknowledge(
      {
        id: 'AwsSolutions-CFR1',
        reason: 'The acts of French collectivités are published for anyone, wherever they read them from (CGCT L2131-1).',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason:
          'No web ACL for now (a CloudFront one lives in us-east-1, billed per rule and request): the site only reads published acts, pages are cached, and the API is throttled.',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason:
          'CloudFront standard logs need ACLs on their bucket and the access-log bucket keeps ACLs disabled; the API logs every request it receives.',
      },
      ...(props.domain
        ? []
        : [
            {
              id: 'AwsSolutions-CFR4',
              reason:
                'No custom domain given: the default *.cloudfront.net certificate cannot set a minimum TLS version (with one, TLS 1.2_2021).',
            },
          ]),
    );
    this.deployStyles(props.documents);
  }

  /** The headers of every answer: the given CSP, nosniff, no referrer, HSTS (the site is HTTPS only). */
  private securityHeaders(id: string, what: string, policy: string): ResponseHeadersPolicy {
    return new ResponseHeadersPolicy(this, id, {
      comment: `Registre public site, ${what}: CSP, nosniff, no referrer, HSTS`,
      securityHeadersBehavior: {
        contentSecurityPolicy: { contentSecurityPolicy: policy, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: HeadersReferrerPolicy.NO_REFERRER, override: true },
        strictTransportSecurity: { accessControlMaxAge: Duration.days(365), includeSubdomains: true, override: true },
      },
    });
  }

  /**
   * The DSFR's stylesheet, fonts and icons, copied to `public/assets/` at every deploy and never pruned:
   * a deployment must never delete a published document (nor could it: the bucket policy refuses
   * deletion to all but the archive's administrator).
   *
   * The copy runs in CDK's bucket deployment function, which would otherwise be given read, write and
   * delete on the whole bucket (CDK's grant) — the archive of every act. It gets a role of its own
   * instead, which reads this deployment's zip and writes under `public/assets/` only; the function
   * is a separate one (its memory size names it), so the console's deployments keep theirs.
   */
  private deployStyles(documents: IBucket): void {
    const stack = Stack.of(this);
    const styles = new Asset(this, 'DsfrStyles', { path: DSFR_DIST, exclude: DSFR_FILES, ignoreMode: IgnoreMode.GLOB });
    const role = new Role(this, 'StylesDeploymentRole', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: 'Copies the DSFR styles of the Registre public site to public/assets/ in the documents bucket',
      managedPolicies: [ManagedPolicy.fromAwsManagedPolicyName('service-role/AWSLambdaBasicExecutionRole')],
    });
    role.addToPolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [styles.bucket.arnForObjects(styles.s3ObjectKey)] }));
    role.addToPolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [documents.arnForObjects(`${ASSETS_PREFIX}*`)] }));
    // `aws s3 sync` lists the destination to compare it with the files.
    role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:ListBucket'],
        resources: [documents.bucketArn],
        conditions: { StringLike: { 's3:prefix': [`${ASSETS_PREFIX}*`] } },
      }),
    );
    const runAs = role.withoutPolicyUpdates();
    new BucketDeployment(this, 'Styles', {
      sources: [Source.bucket(styles.bucket, styles.s3ObjectKey)],
      destinationBucket: documents,
      destinationKeyPrefix: ASSETS_PREFIX,
      prune: false,
      role: runAs,
      // CDK keeps one deployment function per memory size: this size gives this deployment its own.
      memoryLimit: 512,
      // Same names from one DSFR version to the next: a day in the caches.
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(1))],
    });

    const documentsId = stack.getLogicalId(documents.node.defaultChild as CfnElement);
    Validations.of(role).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'It only lets the bucket deployment function write its own logs.',
      },
      {
        id: `AwsSolutions-IAM5[Resource::<${documentsId}.Arn>/${ASSETS_PREFIX}*]`,
        reason: 'The bucket deployment writes the DSFR’s files (a stylesheet, fonts, icons) under public/assets/ and nowhere else.',
      },
    );
    const handler = stack.node.children.find((child) => child instanceof LambdaFunction && child.role === runAs);
    if (!handler) throw new Error('The DSFR styles’ bucket deployment has no function of its own');
    Validations.of(handler).acknowledge(...BUCKET_DEPLOYMENT_FUNCTION);
  }
}

/**
 * The documents bucket as an origin, through Origin Access Control, reading `public/` only.
 * `S3BucketOrigin.withOriginAccessControl` grants the distribution `s3:GetObject` on every object of
 * the bucket (`arnForObjects('*')`), unpublished documents and logged events included; this origin
 * does what it does — an Origin Access Control, the origin path — with a grant on `public/*` alone.
 * The bucket is encrypted with S3-managed keys: there is no KMS key policy to open to CloudFront.
 */
class PublishedObjectsOrigin extends S3BucketOrigin {
  private readonly documents: IBucket;

  constructor(documents: IBucket) {
    super(documents, { originPath: `/${PUBLIC_PREFIX}` });
    this.documents = documents;
  }

  override bind(scope: Construct, options: OriginBindOptions): OriginBindConfig {
    const control = new S3OriginAccessControl(scope, 'S3OriginAccessControl', {
      description: 'Registre public site: reads the published documents and the styles',
    });
    const grant = this.documents.addToResourcePolicy(
      new PolicyStatement({
        sid: 'PublicSiteReadsPublicObjectsOnly',
        principals: [new ServicePrincipal('cloudfront.amazonaws.com')],
        actions: ['s3:GetObject'],
        resources: [this.documents.arnForObjects(`${PUBLIC_PREFIX}/*`)],
        conditions: {
          StringEquals: { 'AWS:SourceArn': `arn:${Aws.PARTITION}:cloudfront::${Aws.ACCOUNT_ID}:distribution/${options.distributionId}` },
        },
      }),
    );
    if (!grant.statementAdded) throw new Error('The public site needs a documents bucket whose policy this stack writes');
    const config = super.bind(scope, options);
    return { ...config, originProperty: { ...config.originProperty!, originAccessControlId: control.originAccessControlId } };
  }
}
