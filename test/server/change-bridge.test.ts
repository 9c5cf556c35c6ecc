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
  },
);
