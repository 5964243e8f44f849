import { readFile } from 'node:fs/promises';
import { problem, SCENE_FORMAT_VERSION, SceneSchema, type Problem, type Scene } from '../contracts/index.js';
import { formatJsonPath, parseJsonWithPositions, positionOfPath } from './jsonLocation.js';

export type SceneLoadResult = { ok: true; scene: Scene; file: string } | { ok: false; file: string; problems: Problem[] };

/** Issues beyond this many are summarised: a broken generator can produce thousands. */
const MAX_REPORTED_ISSUES = 50;

/** Validate scene text; every problem carries "file:line:column $.json.path". */
export function parseSceneText(text: string, file: string): SceneLoadResult {
  const parsed = parseJsonWithPositions(text);
  if (!parsed.ok) {
    return {
      ok: false,
      file,
      problems: [
        problem('ST_ERR_SCENE_SYNTAX', 'error', {
          message: `invalid JSON: ${parsed.message}`,
          location: `${file}:${parsed.position.line}:${parsed.position.column}`,
          tip: 'Scene files are strict JSON: no comments, no trailing commas.',
        }),
      ],
    };
  }
  const version = (parsed.value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version !== SCENE_FORMAT_VERSION) {
    const at = positionOfPath(text, parsed.tree, ['version']);
    return {
      ok: false,
      file,
      problems: [
        problem('ST_ERR_SCENE_VERSION', 'error', {
          message: `scene format version ${version} is not supported; this build reads version ${SCENE_FORMAT_VERSION}`,
          location: `${file}:${at.line}:${at.column} $.version`,
        }),
      ],
    };
  }
  const result = SceneSchema.safeParse(parsed.value);
  if (result.success) return { ok: true, scene: result.data, file };

  const problems = result.error.issues.slice(0, MAX_REPORTED_ISSUES).map((issue) => {
    const at = positionOfPath(text, parsed.tree, issue.path);
    return problem('ST_ERR_SCENE_INVALID', 'error', {
      message: issue.message,
      location: `${file}:${at.line}:${at.column} ${formatJsonPath(issue.path)}`,
    });
  });
  const hidden = result.error.issues.length - problems.length;
  if (hidden > 0) problems.push(problem('ST_ERR_SCENE_INVALID', 'error', { message: `… and ${hidden} more issues`, location: file }));
  return { ok: false, file, problems };
}

export async function loadSceneFile(file: string): Promise<SceneLoadResult> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return {
      ok: false,
      file,
      problems: [problem('ST_ERR_SCENE_READ', 'error', { message: `cannot read the scene file (${code})`, location: file })],
    };
  }
  return parseSceneText(text, file);
}

/** One line per problem, for terminals and logs. */
export function formatProblems(problems: readonly Problem[]): string {
  return problems.map((p) => `${p.location ?? ''}${p.location ? ': ' : ''}${p.message} [${p.code}]${p.tip ? `\n  tip: ${p.tip}` : ''}`).join('\n');
}
