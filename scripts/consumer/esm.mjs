// (a) An ES module consumer: `import` of the installed packages, a case on `sqlite:`.
import * as core from '@banjian/core';
import * as projections from '@banjian/projections';
import * as adapters from '@banjian/adapters';
import runCase from './run-case.cjs';

await runCase.runCase({ core, projections, adapters }, `sqlite:${process.argv[2]}`, 'esm');
console.log('esm consumer: ok');
