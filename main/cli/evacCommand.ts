import { readFile } from 'node:fs/promises';
import { EvacuationInputError, runScenario } from '../evacuation/index.js';
import { EXIT_BAD_INPUT, EXIT_FAILURE } from './exitCodes.js';

async function readInput(source: string): Promise<string> {
  if (source !== '-') return readFile(source, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** JSON never carries NaN or Infinity (docs/study-cli.md): any that slipped through become null. */
function finiteReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

function fail(message: string): void {
  process.stdout.write(`${JSON.stringify({ error: message })}\n`);
  process.exitCode = EXIT_BAD_INPUT;
}

/**
 * `safetwin evac <scenario.json|->`: one scenario in, one result out; an array in, an array out in
 * the same order. Bad input: exit 2 with { "error": "<field>: <what>" } on stdout (the index of the
 * scenario is prefixed for arrays). Progress goes to stderr. Contract: docs/evacuation.md.
 */
export async function evacCommand(source: string, options: { pretty?: boolean }): Promise<void> {
  let text: string;
  try {
    text = await readInput(source);
  } catch (error) {
    fail(`cannot read ${source}: ${(error as Error).message}`);
    return;
  }
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    fail(`invalid JSON: ${(error as Error).message}`);
    return;
  }
  const many = Array.isArray(input);
  const scenarios: unknown[] = many ? (input as unknown[]) : [input];
  const results: unknown[] = [];
  for (let k = 0; k < scenarios.length; k++) {
    try {
      const result = runScenario(scenarios[k]);
      const summary = result.summary as { agents: number; arrived: number; endTimeS: number };
      process.stderr.write(`evac: scenario ${k + 1}/${scenarios.length}: ${summary.arrived} of ${summary.agents} agents arrived by t = ${summary.endTimeS} s\n`);
      results.push(result);
    } catch (error) {
      if (error instanceof EvacuationInputError) {
        fail(many ? `[${k}] ${error.message}` : error.message);
        return;
      }
      process.stderr.write(`evac: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = EXIT_FAILURE;
      return;
    }
  }
  process.stdout.write(`${JSON.stringify(many ? results : results[0], finiteReplacer, options.pretty ? 2 : undefined)}\n`);
}
