import { createCommandEngine } from '@banjian/core';
import { isLeft, isRight } from 'fp-ts/lib/Either';
import { describe, expect, it } from 'vitest';
import { instantAt } from './fixtures';
import { collect } from './helpers';
import { intakeCommand, intakeHandler, type IntakeCommand } from './sample-decider';
import type { ContractContext } from './types';

const submit = (caseId: string, commandId: string) =>
  intakeCommand<Extract<IntakeCommand, { type: 'SubmitApplication' }>>(
    'SubmitApplication',
    { caseId, itemCode: 'item-001', materials: ['申请表'] },
    commandId,
    instantAt(0),
  );
const visit = (caseId: string, commandId: string, n: number) =>
  intakeCommand<Extract<IntakeCommand, { type: 'RecordVisit' }>>('RecordVisit', { caseId, purpose: 'supplement' }, commandId, instantAt(n));

/** The engine runs on the scenario's simulated time: its clock stands at the first command. */
const scenarioClock = () => instantAt(0);

export const engineCases = ({ store }: ContractContext): void => {
  describe('commands through the engine', () => {
    it('given a command already handled, when the same commandId comes again, then nothing more is appended and the first events are returned', async () => {
      const engine = createCommandEngine({ now: scenarioClock, store: store() });
      const first = await engine.handle(intakeHandler, submit('c-1', 'cmd-submit-1'));
      await engine.handle(intakeHandler, visit('c-1', 'cmd-visit-1', 1));
      const again = await engine.handle(intakeHandler, visit('c-1', 'cmd-visit-1', 2));
      expect(isRight(first) && isRight(again)).toBe(true);
      if (isRight(again)) {
        expect(again.right.alreadyDone).toBe(true);
        expect(again.right.events.map((e) => e.commandId)).toEqual(['cmd-visit-1']);
      }
      expect((await store().readStream('case-c-1')).map((e) => e.type)).toEqual(['ApplicationSubmitted', 'VisitRecorded']);
    });

    it('given a fresh engine on the same store, when a command is repeated, then the stored commandId still makes it a no-op', async () => {
      await createCommandEngine({ now: scenarioClock, store: store() }).handle(intakeHandler, submit('c-2', 'cmd-submit-2'));
      const again = await createCommandEngine({ now: scenarioClock, store: store(), cacheSize: 0 }).handle(intakeHandler, submit('c-2', 'cmd-submit-2'));
      expect(isRight(again) && again.right.alreadyDone).toBe(true);
      expect(await collect(store().readAll())).toHaveLength(1);
    });

    it('given an illegal command, when handled, then the decider error comes back and nothing is appended', async () => {
      const engine = createCommandEngine({ now: scenarioClock, store: store() });
      const result = await engine.handle(intakeHandler, visit('c-3', 'cmd-visit-3', 1));
      expect(isLeft(result) && result.left).toMatchObject({ kind: 'intake', caseId: 'c-3', status: 'none' });
      expect(await collect(store().readAll())).toEqual([]);
    });

    it('given parallel engines on one case, when they race, then every command lands once and the stream stays contiguous', async () => {
      await createCommandEngine({ now: scenarioClock, store: store() }).handle(intakeHandler, submit('c-4', 'cmd-submit-4'));
      const engines = Array.from({ length: 4 }, () => createCommandEngine({ now: scenarioClock, store: store(), maxRetries: 20 }));
      const results = await Promise.all(
        Array.from({ length: 16 }, (_, i) => engines[i % 4]!.handle(intakeHandler, visit('c-4', `cmd-visit-4-${i}`, 1))),
      );
      expect(results.every(isRight)).toBe(true);
      const stream = await store().readStream('case-c-4');
      expect(stream.map((e) => e.streamPosition)).toEqual(Array.from({ length: 17 }, (_, i) => i));
      expect(new Set(stream.map((e) => e.commandId)).size).toBe(17);
    });
  });
};
