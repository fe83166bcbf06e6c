import { describeEventStoreContract } from '../contract/index';
import { makeTempPostgresStore } from './test-support';

describeEventStoreContract('postgres', () => makeTempPostgresStore('contract'));

describeEventStoreContract('postgres (SM3)', () => makeTempPostgresStore('contract_sm3', { hashAlgorithm: 'sm3' }), {
  hashAlgorithm: 'sm3',
  largeStreamSize: 1000,
});
