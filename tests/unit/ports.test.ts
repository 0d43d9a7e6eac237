import { createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testPorts } from '../support/ports';

describe('the ports the browser tests serve on', () => {
  let taken: Server;
  let takenPort = 0;
  beforeAll(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    takenPort = (taken.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('are free ones by default, two distinct, chosen once and handed on through the environment', async () => {
    const env: NodeJS.ProcessEnv = {};
    const ports = await testPorts(2, env);
    expect(new Set(ports).size).toBe(2);
    expect(ports).not.toContain(takenPort);
    expect(env['AUDIT_EVENTS_TEST_PORTS']).toBe(ports.join(','));
    // A worker process reads the same ones.
    expect(await testPorts(2, { ...env })).toEqual(ports);
  });

  it('are the ones TEST_PORTS names, and a taken one fails at once, naming it and how to choose others', async () => {
    const named = await testPorts(2, {});
    expect(await testPorts(2, { TEST_PORTS: named.join(',') })).toEqual(named);
    const [free] = named;
    await expect(testPorts(2, { TEST_PORTS: `${free},${takenPort}` })).rejects.toThrow(
      `Port ${takenPort} on 127.0.0.1 is taken (TEST_PORTS=${free},${takenPort}): stop what listens there, or name other ports, or leave TEST_PORTS unset to use free ones.`,
    );
    await expect(testPorts(2, { TEST_PORTS: '4321' })).rejects.toThrow('TEST_PORTS must name 2 ports, separated by commas (e.g. TEST_PORTS=5001,5002), not "4321"');
  });
});
