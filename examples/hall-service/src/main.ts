import { parseArgs } from 'node:util';
import { startHallService } from './service';

const { values } = parseArgs({
  options: { store: { type: 'string', default: 'sqlite:./hall-service.db' }, port: { type: 'string', default: '8080' }, host: { type: 'string', default: '127.0.0.1' } },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port ${JSON.stringify(values.port)} is not a port number`);
  process.exit(2);
}
const service = await startHallService({ storeUrl: values.store!, port, host: values.host! });
console.log(`hall service on ${service.url} (store ${values.store})`);
const stop = () => void service.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
