import { createInMemoryEventStore } from '@banjian/core';
import { renderReportText } from '@banjian/projections';
import { tour } from './tour';

const { accepted, report, trail } = await tour(createInMemoryEventStore());
process.stdout.write(`${JSON.stringify(accepted?.data, null, 2)}\n\n${renderReportText(report)}\n\n`);
for (const entry of trail.entries) process.stdout.write(`${entry.occurredAt}  ${entry.label.zh} ${entry.label.en}  ${entry.change}\n`);
