// The executable entry of the `clausemark` command: runs the command line, documents read in the worker threads of
// `readWorker.js` (bundled beside this file), and exits with its code.

import { join } from 'node:path';
import { runCliAsync } from './main.js';

void runCliAsync(process.argv.slice(2), process.cwd(), { stderr: process.stderr }, { workerFile: join(__dirname, 'readWorker.js') }).then((result) => {
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
});
