/**
 * Who may sign in on AWS: a Cognito user pool. An administrator creates the users (no self sign-up)
 * and puts each in one role group (`secretariat`, `admin`) and in the groups of the collectivités it
 * acts for (`siren-<SIREN>`, or `siren-*`); the groups travel in the access token (see
 * shared/runtime/access-tokens.ts). The console signs in through the pool's hosted pages with the
 * authorization code and PKCE, as a public client. Agents of the State may sign in with ProConnect
 * when the deployment sets it up: the pool then federates it as an OpenID Connect provider.
 */
import { Duration, Fn, RemovalPolicy, SecretValue, Stack, Validations } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  Mfa,
  OAuthScope,
  ProviderAttribute,
  UserPool,
  UserPoolClient,
  UserPoolClientIdentityProvider,
  UserPoolIdentityProviderOidc,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { ROLES, SCOPE_GROUP_PREFIX } from '#runtime/access-tokens';

/** ProConnect (the State's identity federation for its agents) as an identity provider of the pool. */
export interface ProConnectSettings {
  /** The issuer, e.g. `https://auth.agentconnect.gouv.fr/api/v2` in production. */
  readonly issuer: string;
  readonly clientId: string;
  /** The ARN of a Secrets Manager secret holding the client secret (plain text): never in the template. */
  readonly clientSecretArn: string;
}

export interface SignInProps {
  /** How long an access token lives: a séance's length, so no secretariat is signed out in the middle of one. */
  readonly tokenLifetime: Duration;
  /** Collectivités whose groups `siren-<SIREN>` are created with the stack; others are added with `aws cognito-idp create-group`. */
  readonly sirens: readonly string[];
  readonly proConnect?: ProConnectSettings;
}

export class SignIn extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  private readonly providers: UserPoolClientIdentityProvider[] = [UserPoolClientIdentityProvider.COGNITO];
  private readonly tokenLifetime: Duration;

  constructor(scope: Construct, id: string, props: SignInProps) {
    super(scope, id);
    this.userPool = new UserPool(this, 'Users', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.ESSENTIALS,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const plus =
      'Threat protection needs the Plus plan, billed per user; every user is created by an administrator and signs in with a second factor (TOTP).';
    Validations.of(this.userPool).acknowledge({ id: 'AwsSolutions-COG3', reason: plus }, { id: 'AwsSolutions-COG8', reason: plus });
    for (const role of ROLES) new CfnUserPoolGroup(this, `Group-${role}`, { userPoolId: this.userPool.userPoolId, groupName: role });
    for (const siren of props.sirens)
      new CfnUserPoolGroup(this, `Group-${siren}`, { userPoolId: this.userPool.userPoolId, groupName: `${SCOPE_GROUP_PREFIX}${siren}` });

    this.tokenLifetime = props.tokenLifetime;
    if (props.proConnect) this.providers.push(UserPoolClientIdentityProvider.custom(this.proConnect(props.proConnect).providerName));
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: { domainPrefix: Fn.join('-', [Stack.of(this).stackName.toLowerCase(), Stack.of(this).account]) },
    });
  }

  /**
   * The console's app client: a public client (no secret; the browser proves itself with PKCE) whose
   * sign-in comes back to the console only. Its id is the audience of the API's tokens.
   */
  addConsoleClient(consoleUrl: string): UserPoolClient {
    return this.userPool.addClient('Console', {
      generateSecret: false,
      authFlows: {},
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [`${consoleUrl}/`],
        logoutUrls: [`${consoleUrl}/`],
      },
      supportedIdentityProviders: this.providers,
      accessTokenValidity: this.tokenLifetime,
      idTokenValidity: this.tokenLifetime,
      refreshTokenValidity: this.tokenLifetime,
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
  }

  /** The token issuer: what the API's authorizer and function check tokens against. */
  get issuerUrl(): string {
    return this.userPool.userPoolProviderUrl;
  }

  private proConnect(settings: ProConnectSettings): UserPoolIdentityProviderOidc {
    return new UserPoolIdentityProviderOidc(this, 'ProConnect', {
      userPool: this.userPool,
      name: 'ProConnect',
      issuerUrl: settings.issuer,
      clientId: settings.clientId,
      // A dynamic reference, resolved by CloudFormation at deploy time.
      clientSecret: SecretValue.secretsManager(settings.clientSecretArn).unsafeUnwrap(),
      scopes: ['openid', 'email', 'given_name', 'usual_name', 'uid'],
      attributeMapping: {
        email: ProviderAttribute.other('email'),
        givenName: ProviderAttribute.other('given_name'),
        familyName: ProviderAttribute.other('usual_name'),
      },
    });
  }
}
