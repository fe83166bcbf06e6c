import { describe, expect, it } from 'vitest';
import { isConnectionFailure } from './connection';
import { createHostChoice, NoWritableHostError, type HostState } from './host-choice';
import type { HostAddress } from './host-list';

const h1: HostAddress = { host: 'h1', port: 1 };
const h2: HostAddress = { host: 'h2', port: 2 };
const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });

/** Probes answering from a table that the test changes: true = read-only, an Error = down. */
const servers = (table: Map<HostAddress, boolean | Error>) => {
  const asked: HostAddress[] = [];
  return {
    asked,
    probe: async (address: HostAddress) => {
      asked.push(address);
      const answer = table.get(address);
      if (answer instanceof Error) throw answer;
      return answer as boolean;
    },
  };
};

describe('choosing the writable server of a host list', () => {
  it('given a standby listed first, when a connection is made, then the primary after it is chosen and kept until lost', async () => {
    const table = new Map<HostAddress, boolean | Error>([[h1, true], [h2, false]]);
    const { probe, asked } = servers(table);
    const chosen: HostState[][] = [];
    const choice = createHostChoice({ hosts: [h1, h2], target: 'read-write', probe, minProbeIntervalMs: 0, onChoose: (_, states) => chosen.push([...states]) });
    expect(await Promise.all([choice.current(), choice.current()])).toEqual([h2, h2]);
    expect(await choice.current()).toBe(h2);
    expect(asked).toEqual([h1, h2]);
    expect(chosen[0]!.map((s) => s.state)).toEqual(['readOnly', 'writable']);
  });

  it('given the primary killed and the standby not yet promoted, when connecting, then NoWritableHostError (a connection failure, retried) names each state; once promoted, the standby is chosen', async () => {
    const table = new Map<HostAddress, boolean | Error>([[h1, false], [h2, true]]);
    const { probe } = servers(table);
    const choice = createHostChoice({ hosts: [h1, h2], target: 'read-write', probe, minProbeIntervalMs: 0 });
    expect(await choice.current()).toBe(h1);
    table.set(h1, refused);
    choice.lost(h1);
    const error = await choice.current().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NoWritableHostError);
    expect(isConnectionFailure(error)).toBe(true);
    expect((error as NoWritableHostError).hosts.map((s) => s.state)).toEqual(['down', 'readOnly']);
    expect((error as Error).message).toMatch(/h1:1 down \(connect ECONNREFUSED\); h2:2 read-only/);
    table.set(h2, false);
    expect(await choice.current()).toBe(h2);
  });

  it('given target any, when the first server is a standby, then it is chosen', async () => {
    const { probe } = servers(new Map<HostAddress, boolean | Error>([[h1, true], [h2, false]]));
    expect(await createHostChoice({ hosts: [h1, h2], target: 'any', probe }).current()).toBe(h1);
  });

  it('given prefer-standby, when a standby answers, then it is chosen even listed after the primary; when none does, the primary; standby alone then refuses', async () => {
    const table = new Map<HostAddress, boolean | Error>([[h1, false], [h2, true]]);
    const { probe } = servers(table);
    expect(await createHostChoice({ hosts: [h1, h2], target: 'prefer-standby', probe }).current()).toBe(h2);
    table.set(h2, refused);
    expect(await createHostChoice({ hosts: [h1, h2], target: 'prefer-standby', probe }).current()).toBe(h1);
    await expect(createHostChoice({ hosts: [h1, h2], target: 'standby', probe }).current()).rejects.toMatchObject({ kind: 'noWritableHost', message: expect.stringContaining('target_session_attrs=standby') });
  });

  it('given rounds of probes asked back to back, when each finds no server, then they are spaced by minProbeIntervalMs', async () => {
    const { probe, asked } = servers(new Map<HostAddress, boolean | Error>([[h1, refused]]));
    const choice = createHostChoice({ hosts: [h1], target: 'read-write', probe, minProbeIntervalMs: 100 });
    const started = performance.now();
    for (let i = 0; i < 3; i++) await choice.current().catch(() => undefined);
    expect(asked).toHaveLength(3);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
  });
});
