import { describe, expect, it } from 'vitest';
import { fromEsdbStreamName, isOwnStreamName, ownStreamRegex, StreamNameError, toEsdbStreamName } from './stream-names';

describe('EventStoreDB stream names', () => {
  it.each([
    ['case-42', 'banjianCase-42'],
    ['hall-h-001', 'banjianHall-h-001'],
    ['catalog-hall-1', 'banjianCatalog-hall-1'],
    ['calendar-cn-mainland', 'banjianCalendar-cn-mainland'],
    ['consultation-文字', 'banjianConsultation-文字'],
    ['complaint-2025-03-04-0001', 'banjianComplaint-2025-03-04-0001'],
    ['evaluationPolicy-hall-1', 'banjianEvaluationPolicy-hall-1'],
    ['case--leading-dash', 'banjianCase--leading-dash'],
  ])('given %s, when mapped, then it is %s and maps back', (ours, theirs) => {
    expect(toEsdbStreamName(ours)).toBe(theirs);
    expect(fromEsdbStreamName(theirs)).toBe(ours);
  });

  it('given ids with dashes, when mapped, then the name has exactly one dash before the id, so the category is the camel-case word', () => {
    const name = toEsdbStreamName('case-a-b-c');
    const category = name.slice(0, name.indexOf('-'));
    expect(category).toBe('banjianCase');
    expect(category).not.toContain('-');
    expect(name.slice(name.indexOf('-') + 1)).toBe('a-b-c');
  });

  it('given another prefix, when mapped, then the prefix leads and the mapping still reverses', () => {
    expect(toEsdbStreamName('hall-1', 'bjtest7')).toBe('bjtest7Hall-1');
    expect(fromEsdbStreamName('bjtest7Hall-1', 'bjtest7')).toBe('hall-1');
    expect(() => fromEsdbStreamName('banjianHall-1', 'bjtest7')).toThrow(StreamNameError);
  });

  it.each([['nodash'], ['case-'], ['Case-1'], ['-1'], ['ca se-1'], ['案件-1'], ['case_x-1']])('given %j, when mapped, then StreamNameError says why', (bad) => {
    expect(() => toEsdbStreamName(bad)).toThrow(StreamNameError);
  });

  it.each([['$settings'], ['$stats-127.0.0.1:2113'], ['$ce-banjianCase'], ['orders-1'], ['banjiancase-1'], ['banjianCase'], ['banjianCase-'], ['banjian-1']])(
    'given the foreign or system name %j, when read back, then it is not ours',
    (name) => {
      expect(isOwnStreamName(name)).toBe(false);
      expect(() => fromEsdbStreamName(name)).toThrow(StreamNameError);
    },
  );

  it('given the server-side filter regex, then it matches our names and no system stream', () => {
    const regex = new RegExp(ownStreamRegex());
    expect(regex.test('banjianCase-c-1')).toBe(true);
    expect(regex.test('$banjianCase-c-1')).toBe(false);
    expect(regex.test('$ce-banjianCase')).toBe(false);
    expect(regex.test('banjian_settings')).toBe(false);
  });
});
