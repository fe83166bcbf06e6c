'use strict';
// (b) A CommonJS consumer (a NestJS app compiled to CommonJS): `require` of the installed ESM
// packages through require(esm), Node ^20.19 or ≥ 22.12.
const core = require('@banjian/core');
const projections = require('@banjian/projections');
const adapters = require('@banjian/adapters');
const { runCase } = require('./run-case.cjs');

runCase({ core, projections, adapters }, `sqlite:${process.argv[2]}`, 'cjs').then(
  () => console.log('cjs consumer: ok'),
  (error) => {
    console.error(error);
    process.exitCode = 1;
  },
);
