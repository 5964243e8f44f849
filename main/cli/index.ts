/** The `safetwin` command line: its command table, each command loaded when it runs (bin/safetwin.js starts it). */
export { buildProgram, runCli } from './cli.js';
