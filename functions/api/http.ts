/** JSON responses of the API, in the API Gateway v2 (payload format 2.0) shape. */
import type { APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type Response = APIGatewayProxyStructuredResultV2;

export function json(statusCode: number, body: unknown, headers: Record<string, string> = {}): Response {
  return { statusCode, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

/** An answer that ends a request early: 401, 403, 404, or a 400 on a malformed body. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly body: Record<string, unknown>;

  constructor(statusCode: number, error: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.body = { error, message, ...details };
  }
}

/** A value the client sent, as an answer may echo it: a string of at most 128 characters, else nothing. */
export function echoable(value: unknown): string | undefined {
  return typeof value === 'string' && value.length <= 128 ? value : undefined;
}
