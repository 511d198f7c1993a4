// The `clausemark-language-server` executable: creates the connection (stdio with `--stdio`, node IPC with
// `--node-ipc`, or a socket with `--socket=N`), routes unexpected errors to the client's log, and starts serving
// (with the test faults of `CLAUSEMARK_TEST_FAULT`, read once here; see testFaults.ts).

import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server.js';
import { parseTestFaults } from './testFaults.js';

const connection = createConnection(ProposedFeatures.all);
// Nothing may write to stdout but the protocol: console output goes to the client's log instead.
console.log = (...args: unknown[]) => connection.console.log(args.map(String).join(' '));
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));
process.on('unhandledRejection', (reason) => connection.console.error(`Clausemark: unhandled rejection: ${String(reason)}`));
process.on('uncaughtException', (error) => connection.console.error(`Clausemark: uncaught exception: ${error.stack ?? error.message}`));
startServer(connection, { faults: parseTestFaults(process.env.CLAUSEMARK_TEST_FAULT) });
