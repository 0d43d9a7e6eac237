import { createServer } from 'node:net';

/** Listens on `port` of 127.0.0.1 (0: any free one) and lets go; resolves with the port, or undefined when it is taken. */
function probe(port: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(undefined));
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as { port: number };
      server.close(() => resolve(bound));
    });
  });
}

/**
 * The ports the browser tests serve their two builds on, chosen once by the process that runs the
 * tests and handed to its workers in the environment. By default the system picks free ones;
 * `TEST_PORTS=5001,5002` names them, and a taken one fails at once, before anything is built.
 */
export async function testPorts(count: number, env: NodeJS.ProcessEnv = process.env): Promise<number[]> {
  const chosen = env['AUDIT_EVENTS_TEST_PORTS'];
  if (chosen) return chosen.split(',').map(Number);
  const named = env['TEST_PORTS']?.split(',').map((part) => Number(part.trim()));
  let ports: number[];
  if (named) {
    if (named.length !== count || named.some((port) => !Number.isInteger(port) || port < 1 || port > 65535)) {
      throw new Error(`TEST_PORTS must name ${count} ports, separated by commas (e.g. TEST_PORTS=5001,5002), not "${env['TEST_PORTS']}"`);
    }
    for (const port of named) {
      if ((await probe(port)) === undefined) {
        throw new Error(`Port ${port} on 127.0.0.1 is taken (TEST_PORTS=${env['TEST_PORTS']}): stop what listens there, or name other ports, or leave TEST_PORTS unset to use free ones.`);
      }
    }
    ports = named;
  } else {
    ports = [];
    while (ports.length < count) {
      const port = await probe(0);
      if (port !== undefined && !ports.includes(port)) ports.push(port);
    }
  }
  env['AUDIT_EVENTS_TEST_PORTS'] = ports.join(',');
  return ports;
}
