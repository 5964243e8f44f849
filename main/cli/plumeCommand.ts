import { readFile } from 'node:fs/promises';
import { runStudy, StudyInputError } from '../dispersion/index.js';
import { EXIT_BAD_INPUT } from './exitCodes.js';

/**
 * `safetwin plume <study.json|->`: dispersion studies (docs/dispersion.md, docs/study-cli.md).
 * JSON on stdout only. A JSON array of studies is answered by an array in the same order; a study
 * with bad input is answered by {"error"} in its place, and the exit status is then 2.
 */
export async function plumeCommand(file: string, options: { pretty?: boolean } = {}): Promise<void> {
  const print = (value: unknown) => process.stdout.write(`${JSON.stringify(value, null, options.pretty ? 2 : undefined)}\n`);
  let text: string;
  try {
    text = file === '-' ? await readStdin() : await readFile(file, 'utf8');
  } catch (error) {
    print({ error: `cannot read ${file === '-' ? 'standard input' : file}: ${(error as Error).message}` });
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    print({ error: `${file === '-' ? 'standard input' : file}: invalid JSON: ${(error as Error).message}` });
    process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  const answer = (study: unknown): { result: unknown; bad: boolean } => {
    try {
      return { result: runStudy(study), bad: false };
    } catch (error) {
      if (error instanceof StudyInputError) return { result: { error: error.message }, bad: true };
      throw error;
    }
  };
  if (Array.isArray(document)) {
    const answers = document.map(answer);
    print(answers.map((a) => a.result));
    if (answers.some((a) => a.bad)) process.exitCode = EXIT_BAD_INPUT;
    return;
  }
  const { result, bad } = answer(document);
  print(result);
  if (bad) process.exitCode = EXIT_BAD_INPUT;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
