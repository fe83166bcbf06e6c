import { packageConfig } from '../../scripts/build/package-config';

export default packageConfig();
