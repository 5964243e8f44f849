// Child process of lastResort.test.ts: `safetwin serve` as the CLI runs it (built dist/), with a way to
// make errors escape every input boundary. Each stdin line "throw" throws from a timer (an uncaught
// exception); "reject" leaves a rejected promise nobody handles. Arguments: the serve flags.
import { runCli } from '../../dist/main/cli/index.js';

await runCli(['serve', ...process.argv.slice(2)]);
process.stdin.setEncoding('utf8');
process.stdin.on('data', (text) => {
  for (const line of text.split('\n')) {
    if (line === 'throw') setTimeout(() => { throw new RangeError('injected: thrown from a timer'); });
    if (line === 'reject') void Promise.reject(new Error('injected: a rejection nobody handles'));
  }
});
