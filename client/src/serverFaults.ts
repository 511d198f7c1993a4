// What the client does when the language server fails: a server process that stops is started again, and the user
// is told once per session (a warning, not one per crash); after MAX_RESTARTS stops within three minutes the client
// gives up and says so in an error with a "Show Output" button. Every stop and connection error is logged.

import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type CloseHandlerResult, type ErrorHandler, type ErrorHandlerResult } from 'vscode-languageclient/node';

/** Most restarts within RESTART_WINDOW_MS; one more stop and the server is left stopped. */
export const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

/** The warning shown, once per session, the first time the server is restarted. */
export const RESTARTED_MESSAGE =
  "Clausemark's language server stopped and was restarted. Your documents are unchanged; if it happens again, the Clausemark output has the details.";

/** What the user has been told about the server's failures in this session (shared by every client started in it). */
export interface FaultNotices {
  /** Every message shown to the user, in order (the end-to-end tests read it). */
  readonly shown: string[];
  restartWarned: boolean;
}

/** The error handler of one language client: restart, warn once, give up after too many stops. */
export function serverErrorHandler(output: vscode.LogOutputChannel, notices: FaultNotices): ErrorHandler {
  const stops: number[] = [];
  return {
    error(error, _message, count): ErrorHandlerResult {
      output.error(`Clausemark: error on the connection to the language server: ${error.message}`);
      if (count !== undefined && count <= 3) return { action: ErrorAction.Continue, handled: true };
      showError(output, notices, `Clausemark's language server does not answer properly (${error.message}) and was stopped. Run "Clausemark: Restart Language Server" to start it again.`);
      return { action: ErrorAction.Shutdown, handled: true };
    },
    closed(): CloseHandlerResult {
      const now = Date.now();
      stops.push(now);
      while (stops.length > 0 && now - stops[0]! > RESTART_WINDOW_MS) stops.shift();
      if (stops.length > MAX_RESTARTS) {
        output.error(`Clausemark: the language server stopped ${stops.length} times in three minutes; it is not restarted.`);
        showError(output, notices, `Clausemark's language server stopped ${stops.length} times in three minutes and was not restarted. Run "Clausemark: Restart Language Server" to try again.`);
        return { action: CloseAction.DoNotRestart, handled: true };
      }
      output.warn(`Clausemark: the language server stopped; restarting it (${stops.length} of at most ${MAX_RESTARTS} restarts in three minutes).`);
      if (!notices.restartWarned) {
        notices.restartWarned = true;
        notices.shown.push(RESTARTED_MESSAGE);
        void vscode.window.showWarningMessage(RESTARTED_MESSAGE, 'Show Output').then((choice) => choice && output.show());
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

/** The handler of a failed start (the server could not initialize): say so once, with the output at hand; no retry. */
export function initializationFailed(output: vscode.LogOutputChannel, notices: FaultNotices): (error: unknown) => boolean {
  return (error) => {
    output.error(`Clausemark: the language server failed to start: ${error instanceof Error ? error.message : String(error)}`);
    showError(output, notices, "Clausemark's language server failed to start. The Clausemark output has the details.");
    return false;
  };
}

function showError(output: vscode.LogOutputChannel, notices: FaultNotices, message: string): void {
  notices.shown.push(message);
  void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => choice && output.show());
}
