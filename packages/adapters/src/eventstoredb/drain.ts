/**
 * Read a bounded client read to its end. A read left half-consumed keeps its gRPC stream open in
 * the client (the server's last messages wait in a paused buffer), and `client.dispose()` then
 * waits for it forever: so every bounded read here is read whole, and only then looked at.
 */
export const drain = async <T>(read: AsyncIterable<T>): Promise<T[]> => {
  const out: T[] = [];
  for await (const item of read) out.push(item);
  return out;
};
