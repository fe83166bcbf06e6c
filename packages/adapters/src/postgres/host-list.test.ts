import { describe, expect, it } from 'vitest';
import { parsePostgresUrl } from './host-list';

describe('postgres:// host lists', () => {
  it('given two hosts with ports, when read, then both are listed in order, read-write is asked, and each has a URL of its own for the driver', () => {
    const url = parsePostgresUrl('postgres://app:s%40cret@db1:5433,db2:5434/halls?schema=city&application_name=hall');
    expect(url.hosts).toEqual([{ host: 'db1', port: 5433 }, { host: 'db2', port: 5434 }]);
    expect(url.targetSessionAttrs).toBe('read-write');
    expect(url.params.get('schema')).toBe('city');
    expect(url.connectionStringFor({ host: 'db2', port: 5434 })).toBe('postgres://app:s%40cret@db2:5434/halls?schema=city&application_name=hall');
  });

  it('given hosts without ports, IPv6 and a port parameter, when read, then each gets the parameter or 5432', () => {
    expect(parsePostgresUrl('postgresql://[::1]:6000,db2/halls').hosts).toEqual([{ host: '::1', port: 6000 }, { host: 'db2', port: 5432 }]);
    expect(parsePostgresUrl('postgres://db1,db2/halls?port=6543').hosts).toEqual([{ host: 'db1', port: 6543 }, { host: 'db2', port: 6543 }]);
  });

  it('given one host, when read, then any server will do unless target_session_attrs asks for read-write; the parameter is not passed on', () => {
    expect(parsePostgresUrl('postgres://db1/halls').targetSessionAttrs).toBe('any');
    const asked = parsePostgresUrl('postgres://db1/halls?target_session_attrs=read-write');
    expect(asked.targetSessionAttrs).toBe('read-write');
    expect(asked.connectionStringFor(asked.hosts[0]!)).toBe('postgres://db1:5432/halls');
    expect(asked.toString()).toBe('postgres://db1:5432/halls?target_session_attrs=read-write');
  });

  it('given a parameter deleted after reading, when written again, then it is left out', () => {
    const url = parsePostgresUrl('postgres://u@db1:1,db2:2/halls?schema=s');
    url.params.delete('schema');
    expect(url.toString()).toBe('postgres://u@db1:1,db2:2/halls');
  });

  it('given a target the store does not support, or a host it cannot read, when read, then PostgresUrlError names it', () => {
    expect(() => parsePostgresUrl('postgres://db1,db2/halls?target_session_attrs=read-only')).toThrow(expect.objectContaining({ kind: 'postgresUrl', message: expect.stringContaining('read-only') }));
    expect(() => parsePostgresUrl('postgres://db1:port/halls')).toThrow(expect.objectContaining({ kind: 'postgresUrl', message: expect.stringContaining('db1:port') }));
  });
});
