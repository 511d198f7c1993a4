// The executable entry of the `clausemark` command: runs the command line and exits with its code.

import { runCli } from './main.js';

const result = runCli(process.argv.slice(2), process.cwd(), { stderr: process.stderr });
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.code;
