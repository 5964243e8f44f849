import { findNodeAtLocation, parseTree, type Node, type ParseError, printParseErrorCode } from 'jsonc-parser';

export type TextPosition = { line: number; column: number };

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** "$.sensors[3].limits.high" */
export function formatJsonPath(path: readonly PropertyKey[]): string {
  return '$' + path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('');
}

export type ParsedJson = { ok: true; value: unknown; tree: Node | undefined } | { ok: false; message: string; position: TextPosition };

/** "PropertyNameExpected" → "property name expected" */
function humanize(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Strict JSON (no comments, no trailing commas) parsed with positions kept for error reports. */
export function parseJsonWithPositions(text: string): ParsedJson {
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false });
  const first = errors[0];
  if (first) return { ok: false, message: humanize(printParseErrorCode(first.error)), position: positionAt(text, first.offset) };
  // jsonc-parser is lenient in places JSON.parse is not (e.g. control characters): JSON.parse has the last word.
  try {
    return { ok: true, value: JSON.parse(text) as unknown, tree };
  } catch (error) {
    return { ok: false, message: (error as Error).message, position: { line: 1, column: 1 } };
  }
}

/**
 * The position of the deepest node that exists along a JSON path: for a missing property,
 * its parent object, which is where the author has to add it.
 */
export function positionOfPath(text: string, tree: Node | undefined, path: readonly PropertyKey[]): TextPosition {
  if (!tree) return { line: 1, column: 1 };
  for (let depth = path.length; depth >= 0; depth--) {
    const segments = path.slice(0, depth).map((key) => (typeof key === 'number' ? key : String(key)));
    const node = findNodeAtLocation(tree, segments);
    if (node) {
      const anchor = node.parent?.type === 'property' && node.parent.children?.[0] ? node.parent.children[0] : node;
      return positionAt(text, anchor.offset);
    }
  }
  return { line: 1, column: 1 };
}
