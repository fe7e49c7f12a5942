/**
 * TCP for the tests of a network that fails between a workstation and the practice server: a
 * port nobody listens on, and one relay helper for every test that puts itself in the way.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach } from 'vitest';

/** A port nobody listens on at this moment. */
export { freePort as closedPort } from './pgCluster';

const relays: Server[] = [];
afterEach(async () => {
  while (relays.length) await new Promise((resolve) => relays.pop()!.close(resolve));
});

/** What a relay does with the bytes of one connection, each way; made for each connection, with its two sockets. */
export type Passing = (workstation: Socket, server: Socket) => { toServer(bytes: Buffer): void; toWorkstation(bytes: Buffer): void };

/**
 * A relay on 127.0.0.1 in front of the server `url` names, closed after the test: `url` through
 * it, and its connections open now, each as its [workstation, server] sockets. A connection's
 * two sockets end together.
 */
export async function relay(url: string, passing: Passing): Promise<{ url: string; connections: Set<[Socket, Socket]> }> {
  const target = new URL(url);
  const connections = new Set<[Socket, Socket]>();
  const server = createServer((inbound) => {
    const outbound = connect(Number(target.port), target.hostname);
    const pair: [Socket, Socket] = [inbound, outbound];
    connections.add(pair);
    const pass = passing(inbound, outbound);
    inbound.on('data', (bytes: Buffer) => pass.toServer(bytes));
    outbound.on('data', (bytes: Buffer) => pass.toWorkstation(bytes));
    const end = () => {
      connections.delete(pair);
      inbound.destroy();
      outbound.destroy();
    };
    inbound.on('error', end).on('close', end);
    outbound.on('error', end).on('close', end);
  });
  relays.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relayed = new URL(url);
  relayed.hostname = '127.0.0.1';
  relayed.port = String((server.address() as AddressInfo).port);
  return { url: relayed.toString(), connections };
}
