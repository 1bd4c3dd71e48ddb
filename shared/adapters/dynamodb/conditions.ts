/** By name rather than class: the engines behind the SDK (DynamoDB, DynamoDB Local, dynalite) all send this name. */
export function isConditionFailure(error: unknown): boolean {
  return error instanceof Error && error.name === 'ConditionalCheckFailedException';
}
