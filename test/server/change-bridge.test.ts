import net from 'node:net';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { bridgeChangesOverPostgres, ChangeSignal } from '../../src/server/index.ts';

const url = process.env.DATABASE_URL;

// Replicas share changes through a PostgreSQL server's NOTIFY; PGlite runs in one process
// and needs no bridge. CI's contract run (DATABASE_URL set) runs this against the server.
describe.skipIf(!url)(
  'changes shared between replicas over PostgreSQL (needs DATABASE_URL)',
  () => {
    it("one replica's write clears the other's cache, and a replica does not hear itself", async () => {
      const a = new ChangeSignal();
      const b = new ChangeSignal();
      const stopA = await bridgeChangesOverPostgres(url!, a);
      const stopB = await bridgeChangesOverPostgres(url!, b);
      const heardByB: string[] = [];
      const heardByA: string[] = [];
      b.subscribe((origin) => heardByB.push(origin));
      a.subscribe((origin) => heardByA.push(origin));
      a.changed();
      for (let i = 0; i < 50 && heardByB.length === 0; i += 1)
        await new Promise((r) => setTimeout(r, 20));
      expect(heardByB).toEqual(['remote']);
      expect(heardByA).toEqual(['local']);
      await stopA();
      await stopB();
    });

    it('a replica that loses its connection forgets what it cached, reconnects, and tells the others what it missed telling', async () => {
      const a = new ChangeSignal();
      const b = new ChangeSignal();
      const stopA = await bridgeChangesOverPostgres(url!, a, { retryMs: 50 });
      // B waits longer before reconnecting: long enough to write something while cut off.
      const stopB = await bridgeChangesOverPostgres(url!, b, { retryMs: 400 });
      const heardByA: string[] = [];
      const heardByB: string[] = [];
      a.subscribe((origin) => heardByA.push(origin));
      b.subscribe((origin) => heardByB.push(origin));
      const wait = async (done: () => boolean) => {
        for (let i = 0; i < 100 && !done(); i += 1) await new Promise((r) => setTimeout(r, 20));
      };
      // Cut B's listening connection (the newest), as a server restart or a network fault would.
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      const { rowCount } = await admin.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where pid = (select pid from pg_stat_activity
                      where query like 'listen opf_data_changed%'
                      order by backend_start desc limit 1)`,
      );
      await admin.end();
      expect(rowCount).toBe(1);
      // Cut off, B cannot hear A: it forgets its cache at once.
      await wait(() => heardByB.length > 0);
      expect(heardByB).toEqual(['remote']);
      // B writes while cut off: A hears of it once B is back, not before.
      b.changed();
      await new Promise((r) => setTimeout(r, 100));
      expect(heardByA).toEqual([]);
      await wait(() => heardByA.length > 0);
      expect(heardByA).toEqual(['remote']);
      // Back, B hears A's writes again.
      const before = heardByB.filter((o) => o === 'remote').length;
      a.changed();
      await wait(() => heardByB.filter((o) => o === 'remote').length > before);
      expect(heardByB.filter((o) => o === 'remote').length).toBeGreaterThan(before);
      await stopA();
      await stopB();
    });

    it('a connection that goes silent (no close, no answer) counts as lost once its heartbeat goes unanswered', async () => {
      const proxy = await freezableProxy(new URL(url!));
      const a = new ChangeSignal();
      const b = new ChangeSignal();
      const stopA = await bridgeChangesOverPostgres(url!, a, { retryMs: 50 });
      const stopB = await bridgeChangesOverPostgres(proxy.url(url!), b, {
        retryMs: 300,
        heartbeatMs: 100,
      });
      const heardByA: string[] = [];
      const heardByB: string[] = [];
      a.subscribe((origin) => heardByA.push(origin));
      b.subscribe((origin) => heardByB.push(origin));
      const wait = async (done: () => boolean) => {
        for (let i = 0; i < 150 && !done(); i += 1) await new Promise((r) => setTimeout(r, 20));
      };
      // B's connection stops carrying anything, in either direction, and stays open.
      proxy.freeze();
      b.changed(); // sent into the silence: it must not be lost
      await wait(() => heardByB.includes('remote'));
      expect(heardByB).toContain('remote');
      // Back on a fresh connection, B passes on the change it could not deliver.
      await wait(() => heardByA.includes('remote'));
      expect(heardByA).toEqual(['remote']);
      await stopA();
      await stopB();
      proxy.close();
    });
  },
);

/**
 * A TCP proxy to the PostgreSQL server whose existing connections can be frozen: they stay
 * open but carry nothing more, as after a silent network drop. New connections flow.
 */
async function freezableProxy(target: URL) {
  const sockets: net.Socket[] = [];
  const frozen: net.Socket[] = [];
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    client.on('error', () => undefined);
    upstream.on('error', () => undefined);
    client.pipe(upstream);
    upstream.pipe(client);
    sockets.push(client, upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: (base: string) => {
      const via = new URL(base);
      via.hostname = '127.0.0.1';
      via.port = String(port);
      return via.toString();
    },
    freeze: () => {
      for (const socket of sockets.splice(0)) {
        socket.unpipe();
        socket.pause();
        frozen.push(socket);
      }
    },
    close: () => {
      for (const socket of [...frozen, ...sockets]) socket.destroy();
      server.close();
    },
  };
}
