// The worker thread of the read pool (`readPool.ts`): reads the runs of blocks it is sent with the syntax layer (one
// parse per run) and sends their readings back. It holds no state between tasks, so remark's transient heap stays
// out of the main thread.

import { parentPort } from 'node:worker_threads';
import { readBlocksText } from '../language/reading.js';
import type { ReadTask, ReadAnswer } from './readPool.js';

parentPort?.on('message', (task: ReadTask) => {
  let answer: ReadAnswer;
  try {
    answer = { id: task.id, reads: task.runs.flatMap((run) => readBlocksText(run.text, run.blocks, task.linkDefinitions)) };
  } catch (error) {
    answer = { id: task.id, error: String(error) };
  }
  parentPort?.postMessage(answer);
});
