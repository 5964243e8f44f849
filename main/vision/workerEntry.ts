/**
 * Locates a worker entry beside the calling module. Built code runs dist/…/x.worker.js. When the module
 * itself is TypeScript source (vitest runs sources), the worker loads x.worker.ts with Node's type
 * stripping (Node ≥ 22.18) and a resolve hook that maps the sources' `./y.js` imports to `./y.ts`.
 */
const RESOLVE_TS_HOOK = `
export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (error) {
    if (specifier.startsWith('.') && specifier.endsWith('.js')) return next(specifier.slice(0, -3) + '.ts', context);
    throw error;
  }
}`;
const REGISTER_HOOK = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(RESOLVE_TS_HOOK)}`)});`;

export function workerEntry(callerUrl: string, baseName: string): { url: URL; execArgv: string[] } {
  if (!callerUrl.endsWith('.ts')) return { url: new URL(`./${baseName}.js`, callerUrl), execArgv: [] };
  return { url: new URL(`./${baseName}.ts`, callerUrl), execArgv: ['--import', `data:text/javascript,${encodeURIComponent(REGISTER_HOOK)}`] };
}
