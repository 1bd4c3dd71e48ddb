/** A request's whole body, as the simulator's routes read it. */
import type { IncomingMessage } from 'node:http';

export async function requestBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
