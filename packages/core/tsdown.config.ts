import { packageConfig } from '../../scripts/build/package-config';

// The holiday notices are compiled into dist/calendar/data/*.js; the JSON and holiday-cn's MIT
// notice ship beside them, so the data's licence travels with the data.
export default packageConfig({ copy: [{ from: 'src/calendar/data/*', to: 'dist/calendar/data' }] });
