/**
 * The HTTP API in front of the api function: every path behind the JWT authorizer but `GET /health`
 * and the public site's pages and open data, its default stage throttled and logging every request.
 */
import { RemovalPolicy, type Stack, Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import {
  HttpApi,
  HttpMethod,
  HttpNoneAuthorizer,
  HttpStage,
  LogGroupLogDestination,
  type IHttpRouteAuthorizer,
} from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';

/**
 * The API's default throttling: a whole département's séances on one evening post a few requests a
 * second; the burst covers a console reloading its séance view.
 */
const API_THROTTLE = { rateLimit: 50, burstLimit: 100 };

/**
 * One JSON line per request, in HTTP API's own variables: who (the token's subject), what, the answer,
 * and why a request was refused before reaching the function (the authorizer's error).
 */
const ACCESS_LOG_FIELDS = {
  requestId: '$context.requestId',
  time: '$context.requestTime',
  ip: '$context.identity.sourceIp',
  method: '$context.httpMethod',
  path: '$context.path',
  route: '$context.routeKey',
  status: '$context.status',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  sub: '$context.authorizer.claims.sub',
  authorizerError: '$context.authorizer.error',
  integrationError: '$context.integrationErrorMessage',
};

/**
 * The HTTP API: its default stage throttled and logging every request (JSON, with the request id the
 * function logs too) to a log group kept three months.
 */
export function httpApi(stack: Stack): HttpApi {
  const api = new HttpApi(stack, 'HttpApi', { createDefaultStage: false });
  const logs = new LogGroup(stack, 'ApiAccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
  new HttpStage(stack, 'HttpApiStage', {
    httpApi: api,
    stageName: '$default',
    autoDeploy: true,
    throttle: API_THROTTLE,
    accessLogSettings: {
      destination: new LogGroupLogDestination(logs),
      format: AccessLogFormat.custom(JSON.stringify(ACCESS_LOG_FIELDS)),
    },
  });
  stack.exportValue(api.apiEndpoint, { name: `${stack.stackName}-ApiUrl` });
  return api;
}

/**
 * The routes anyone may read without a token: the public site's pages (`/public`, `/public/{siren}`,
 * `/public/{siren}/actes/{actesId}`, `/public/{siren}/seances/{sessionId}`) and the open data
 * (`/open-data/deliberations.csv`), which show published acts only (CGCT L2131-1, L2121-25).
 */
export const PUBLIC_ROUTES = ['/public', '/public/{proxy+}', '/open-data/{proxy+}'] as const;

/**
 * Every path goes to the api function behind the JWT authorizer, but `GET /health`, open to probes,
 * and the public site's `GET` routes, open to everyone.
 */
export function routeToFunction(api: HttpApi, lambda: IFunction, authorizer: IHttpRouteAuthorizer): void {
  const integration = new HttpLambdaIntegration('ApiIntegration', lambda);
  api.addRoutes({ path: '/{proxy+}', methods: [HttpMethod.ANY], integration, authorizer });
  const [health] = api.addRoutes({ path: '/health', methods: [HttpMethod.GET], integration, authorizer: new HttpNoneAuthorizer() });
  Validations.of(health!).acknowledge({
    id: 'AwsSolutions-APIG4',
    reason: '/health answers {"status":"ok"} and nothing else, for load balancers and uptime probes; every other route checks a token.',
  });
  for (const path of PUBLIC_ROUTES) {
    const [route] = api.addRoutes({ path, methods: [HttpMethod.GET], integration, authorizer: new HttpNoneAuthorizer() });
    Validations.of(route!).acknowledge({
      id: 'AwsSolutions-APIG4',
      reason: `GET ${path} is the public site of the published acts (CGCT L2131-1), read by anyone: it shows nothing unpublished.`,
    });
  }
}
