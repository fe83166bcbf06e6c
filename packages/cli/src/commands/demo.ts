import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEFAULT_STORE_URL } from '@banjian/adapters';
import { describeDamage, hasRawEvents, hashedText, verifyLog, type EventStore, type HashAlgorithm, type RawEventRecord } from '@banjian/core';
import { buildReport, FIGURE_DEFINITIONS, formatTrail, trailOf, type Report } from '@banjian/projections';
import { dashboardFromStore, renderDashboard } from '../dashboard/index';
import { SIMULATOR_ACTOR, simulateHall, type SimulationProgress } from '../simulator/index';
import { stringOption, UsageError, type Command, type Io } from './command';
import { openStoreAt } from './store-option';
import { alignColumns } from '../text-width';

const USAGE = `usage: banjian demo [--store URL] [--seed N] [--year Y] [--cases N] [--dashboard FILE] [--anomalies]

  Simulates a year of a county hall 县政务服务中心 (15 windows, 197 items, three township centres
  below it) through the real command engine, then prints the year's report, one case's audit trail
  and the integrity check of the log.

  --store      store URL (default ${DEFAULT_STORE_URL}). The demo starts from a fresh store: a SQLite
               file that holds an earlier demo is replaced, any other store that holds events is
               refused (the demo never overwrites a real log)
  --seed       seed of every random choice (default 1): the same seed gives the same log byte for byte
  --year       the year simulated (default 2025; the holiday calendar ships 2015–2026)
  --cases      applications 申请 in the year, all halls (default 12000)
  --dashboard  where to write the hall dashboard 大厅看板 (default banjian-dashboard.html beside the
               SQLite file, or in the current folder for other stores)
  --anomalies  plant anomalies 异常办件 at known counts (倒签/补录, 体外循环, 撤回重报, late extensions,
               repeated suspensions, 刷好评, 删差评) for banjian audit to find`;

const wholeNumber = (values: Record<string, unknown>, name: string, fallback: number, min: number, max: number): number => {
  const text = stringOption(values as never, name);
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < min || n > max) throw new UsageError(`--${name} ${JSON.stringify(text)} must be a whole number from ${min} to ${max}`);
  return n;
};

/** `sqlite:<path>[?…]` (and `sqlite://./rel`, `sqlite:///abs`): the file, as the store URL names it. */
const sqlitePathOf = (url: string): string | undefined => {
  if (!url.startsWith('sqlite:')) return undefined;
  const path = url.slice('sqlite:'.length).split('?')[0]!.replace(/^\/\/(?=\/|\.)/, '');
  return path === '' ? './banjian.db' : path;
};

const firstEvent = async (store: EventStore) => {
  for await (const e of store.readAll({ maxCount: 1 })) return e;
  return undefined;
};

/**
 * A fresh store for the demo: an earlier demo's SQLite file (its first event is the simulator's
 * hall registration) is removed with its WAL files; a store holding anything else is refused.
 */
const freshStore = async (url: string): Promise<EventStore> => {
  const path = sqlitePathOf(url);
  let store = await openStoreAt(url, { create: true });
  const first = await firstEvent(store);
  if (first === undefined) return store;
  await store.close();
  const earlierDemo = first.type === 'HallRegistered' && first.actor.kind === SIMULATOR_ACTOR.kind && first.actor.id === SIMULATOR_ACTOR.id;
  if (!earlierDemo || path === undefined) {
    throw new UsageError(`${url} already holds a log that is not a banjian demo; the demo starts from a fresh store and will not touch it (choose another --store)`);
  }
  for (const file of [path, `${path}-wal`, `${path}-shm`]) if (existsSync(file)) rmSync(file);
  store = await openStoreAt(url, { create: true });
  return store;
};

const BAR = 24;

/** A progress bar on stderr: redrawn in place on a terminal, a line every tenth of the year otherwise. */
const progressBar = (io: Io, year: number) => {
  const tty = (io.stderr as { isTTY?: boolean }).isTTY === true;
  const started = Date.now();
  let lastTenth = -1;
  return {
    update(p: SimulationProgress) {
      const share = p.days === 0 ? 1 : p.day / p.days;
      const filled = Math.round(share * BAR);
      const line = `模拟 simulating ${year} [${'█'.repeat(filled)}${'░'.repeat(BAR - filled)}] ${String(Math.round(share * 100)).padStart(3)}% ${p.date}  ${p.cases.toLocaleString('en')} cases  ${p.events.toLocaleString('en')} events  ${((Date.now() - started) / 1000).toFixed(1)} s`;
      if (tty) io.stderr.write(`\r${line}`);
      else if (Math.floor(share * 10) > lastTenth) {
        lastTenth = Math.floor(share * 10);
        io.stderr.write(`${line}\n`);
      }
    },
    done(p: { cases: number; commands: number; events: number }) {
      if (tty) io.stderr.write('\n');
      io.stderr.write(`simulated ${p.cases.toLocaleString('en')} applications: ${p.commands.toLocaleString('en')} commands, ${p.events.toLocaleString('en')} events in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    },
  };
};

/** The figures a hall's year-end report leads with (seed 004: 咨询, 申请, 受理, 办结, 办结率, 日结率, …). */
const HEADLINE = [
  'consultations', 'applications', 'accepted', 'completed', 'completionRate', 'onTimeRate', 'sameDayCompletionRate',
  'monthlyAverageCompleted', 'averageAcceptanceTime', 'averageCompletionTime', 'averageStatutoryLimit', 'averagePromisedLimit',
  'promisedSpeedup', 'actualSpeedup', 'evaluationRate', 'satisfactionRate', 'followUps', 'complaints', 'investmentAccepted',
] as const;

/** The headline block: one figure a line, Chinese and English label, the published display (with its unit) and its exact counts, in aligned columns. */
export const renderHeadline = (report: Report): string => {
  const hall = report.hall ? `${report.hall.name}` : '全部大厅';
  const rows = HEADLINE.filter((id) => report.figures[id]).map((id) => {
    const f = report.figures[id]!;
    const def = FIGURE_DEFINITIONS[id];
    const unit = f.unit && f.unit !== '%' && !f.display.endsWith(f.unit) ? ` ${f.unit}` : '';
    const exact = f.numerator !== null && f.denominator !== null && f.unit === '%' ? `(${f.numerator} / ${f.denominator})` : '';
    return [`  ${def.zh} ${def.en}`, `${f.display}${unit}`, exact];
  });
  return [`${hall} ${report.period.from} 至 ${report.period.to}（不含）政务服务情况 — the year at a glance`, ...alignColumns(rows, { right: [1] }), ''].join('\n');
};

/** The command that prints every figure of the demo's year, for the reader who wants more than the headline. */
const reportCommandOf = (report: Report, url: string): string =>
  `banjian report --from ${report.period.from} --to ${report.period.to}${report.hall ? ` --hall ${report.hall.id}` : ''} --store ${url}`;

async function* recordsOf(store: EventStore): AsyncGenerator<RawEventRecord> {
  if (hasRawEvents(store)) {
    yield* store.readRaw();
    return;
  }
  for await (const e of store.readAll()) {
    yield { globalPosition: e.globalPosition, streamId: e.streamId, streamPosition: e.streamPosition, canonical: hashedText(e as unknown as Record<string, unknown>), prevHash: e.prevHash, hash: e.hash };
  }
}

/** The dashboard goes beside the demo's SQLite file (`./banjian-dashboard.html` for the default store). */
const defaultDashboardFile = (url: string): string =>
  join(url.startsWith('sqlite:') ? dirname(url.slice('sqlite:'.length).split('?')[0] || './banjian.db') : '.', 'banjian-dashboard.html');

const plantedSummary = (planted: Readonly<Record<string, readonly string[]>>): string =>
  Object.entries(planted)
    .map(([definition, caseIds]) => `${definition} ${caseIds.length}`)
    .join(', ');

export const demoCommand: Command = {
  name: 'demo',
  usage: USAGE,
  options: { seed: { type: 'string' }, year: { type: 'string' }, cases: { type: 'string' }, dashboard: { type: 'string' }, anomalies: { type: 'boolean' } },
  run: async ({ values, io }) => {
    const seed = wholeNumber(values, 'seed', 1, 0, 0xffff_ffff);
    const year = wholeNumber(values, 'year', 2025, 2015, 2026);
    const casesPerYear = wholeNumber(values, 'cases', 12_000, 1, 1_000_000);
    const dashboard = stringOption(values, 'dashboard');
    const url = stringOption(values, 'store') ?? DEFAULT_STORE_URL;
    const store = await freshStore(url);
    try {
      const bar = progressBar(io, year);
      const result = await simulateHall(store, { seed, year, casesPerYear, anomalies: values.anomalies === true, onProgress: (p) => bar.update(p) });
      bar.done(result);

      const report = await buildReport(store, { ...result.period, hall: result.rootHallId });
      io.stdout.write(`${renderHeadline(report)}every figure, with its definition and exact counts: ${reportCommandOf(report, url)}\n\n`);

      const trail = await trailOf(store, result.showcaseCaseId);
      io.stdout.write(`办件轨迹 audit trail of one case\n${formatTrail(trail)}\n\n`);

      const algorithm = (store as { hashAlgorithm?: HashAlgorithm }).hashAlgorithm;
      const verified = await verifyLog(recordsOf(store), algorithm ? { algorithm } : {});
      io.stdout.write(
        verified.ok
          ? `完整性校验 integrity: intact — ${verified.events} events in ${verified.streams} streams, Merkle root ${verified.root} (${verified.algorithm})\n`
          : `完整性校验 integrity: DAMAGED — ${verified.damage ? describeDamage(verified.damage) : 'unknown'}\n`,
      );

      const dashboardFile = dashboard ?? defaultDashboardFile(url);
      // The trail printed above is the case the dashboard highlights, first in its case list.
      writeFileSync(dashboardFile, renderDashboard(await dashboardFromStore(store, { year, hall: result.rootHallId, highlight: result.showcaseCaseId })));
      io.stdout.write(`看板 dashboard: ${dashboardFile}  (the case above is highlighted, first in its case list)\n`);
      io.stdout.write(`store: ${url}  (try: banjian trail ${result.showcaseCaseId} --store ${url})\n`);
      if (result.planted) io.stdout.write(`异常办件 planted: ${plantedSummary(result.planted)}  (find them: banjian audit --from ${result.period.from} --to ${result.period.to} --store ${url})\n`);
      return verified.ok ? 0 : 1;
    } finally {
      await store.close();
    }
  },
};
