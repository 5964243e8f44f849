/**
 * Bad scenario input: the CLI turns it into exit status 2 with `{ "error": "<path>: <message>" }`;
 * EvacuationRun callers surface it as an operational problem. `path` names the field, e.g. "exits[1].line".
 */
export class EvacuationInputError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(path ? `${path}: ${detail}` : detail);
    this.name = 'EvacuationInputError';
  }
}
