'use strict';
// One case from application to evaluation through the installed packages, as a hall system runs
// it: the engine on the system clock (commands carry the real current time), then the report,
// the trail, a rebuild on two threads and the verification of the log (workers from dist).
// Shared by the ESM and the CommonJS consumer, which each load the packages their own way.

/** An instant in the hall's zone (UTC+8), as the command codecs take it. */
const shanghai = (date) => new Date(date.getTime() + 8 * 3600_000).toISOString().replace('Z', '+08:00');
const dayOf = (offsetDays) => shanghai(new Date(Date.now() + offsetDays * 86_400_000)).slice(0, 10);

const check = (condition, what) => {
  if (!condition) throw new Error(`consumer check failed: ${what}`);
};

exports.runCase = async ({ core, projections, adapters }, url, label) => {
  const store = await adapters.openStore(url);
  try {
    const directory = core.createDirectory();
    const handlerOf = core.createCommandHandlers({ directory });
    const engine = core.createCommandEngine({ store });
    let sequence = 0;
    const run = async (type, data, actor) => {
      const command = { type, data, metadata: { commandId: `${label}-${++sequence}`, actor, at: shanghai(new Date()) } };
      const result = await engine.handle(handlerOf(command), command);
      if (result._tag === 'Left') throw new Error(`${type} refused: ${JSON.stringify(result.left)}`);
      for (const event of result.right.events) directory.apply(event);
      return result.right.events;
    };
    const admin = { kind: 'system', id: 'hall-admin' };
    const clerk = { kind: 'staff', id: 's1' };
    await run('RegisterHall', { hallId: 'h1', name: '某县政务服务中心', level: 'county', timeZone: 'Asia/Shanghai',
      officeHours: [['09:00', '12:00'], ['13:30', '17:30']], calendarId: 'cn' }, admin);
    await run('RegisterDepartment', { hallId: 'h1', departmentId: 'market', name: '市场监管局' }, admin);
    await run('OpenWindow', { hallId: 'h1', windowId: 'w1', kind: 'department', departmentId: 'market' }, admin);
    await run('RegisterStaff', { hallId: 'h1', staffId: 's1', role: 'windowStaff', departmentId: 'market', windowId: 'w1' }, admin);
    await run('DefineServiceItem', { hallId: 'h1', itemCode: 'SC-001', version: 1, name: '食品经营许可', departmentId: 'market',
      kind: 'promised', limits: { statutory: { value: 20, unit: 'workingDays' }, promised: { value: 5, unit: 'workingDays' } },
      effectiveFrom: '2025-01-01' }, admin);
    await run('SubmitApplication', { caseId: 'c1', caseNo: `${label}-0001`, hallId: 'h1', itemCode: 'SC-001', channel: 'window',
      applicant: { type: 'person', ref: 'p-7f3a' }, materials: ['申请书'] }, clerk);
    const [accepted] = await run('AcceptCase', { caseId: 'c1', windowId: 'w1', staffId: 's1' }, clerk);
    await run('MakeDecision', { caseId: 'c1', outcome: 'approved' }, clerk);
    await run('CompleteCase', { caseId: 'c1', result: 'issued' }, clerk);
    await run('SubmitEvaluation', { caseId: 'c1', evaluationId: 'e1', level: 5, channel: 'qr', round: 'first', realName: true },
      { kind: 'applicant', id: 'p-7f3a' });
    check(typeof accepted.data.promisedDueAt === 'string', 'CaseAccepted carries its promised due time');

    const report = await projections.buildReport(store, { from: dayOf(-1), to: dayOf(2), hall: 'h1' });
    process.stdout.write(`${projections.renderReportText(report)}\n`);
    check(report.figures.onTimeRate.numerator === 1 && report.figures.onTimeRate.denominator === 1, 'one case completed on time');
    check(report.figures.satisfactionRate.numerator === 1, 'one satisfied evaluation');

    const trail = await projections.trailOf(store, 'c1');
    const types = trail.entries.map((e) => e.type).join(' → ');
    process.stdout.write(`trail c1: ${types}\n`);
    check(types === 'ApplicationSubmitted → CaseAccepted → DecisionMade → CaseCompleted → EvaluationSubmitted', 'the trail lists the five steps');

    // Two threads, as a large log would be folded: the worker loads the projections from dist.
    const { states } = await projections.rebuild(store, [projections.caseFactsProjection], {}, { parallel: { minEvents: 0 } });
    check(states[projections.caseFactsProjection.name] !== undefined, 'a parallel rebuild folds the case facts');

    const records = core.hasRawRanges(store) ? store : store.readRaw();
    const verified = await core.verifyLog(records, { parallel: true, denseGlobalPositions: store.denseGlobalPositions === true });
    process.stdout.write(`verify: ${verified.ok ? 'intact' : 'DAMAGED'}, ${verified.events} events in ${verified.streams} streams, root ${verified.root.slice(0, 16)}…\n`);
    check(verified.ok && verified.events >= 10, 'the log verifies');
    if (core.hasRawRanges(store)) {
      const walked = await core.verifyLog(store.readRaw(), { parallel: true, denseGlobalPositions: true });
      check(walked.ok && walked.root === verified.root, 'a worker hashing the walked log finds the same root');
    }
  } finally {
    await store.close();
  }
};
