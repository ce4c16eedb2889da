import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

/** `at name (file:///var/task/index.mjs:5:1234)` or `at file:///var/task/index.mjs:5:1234`: head, location, line, column, tail. */
const FRAME = /^(at (?:.+? \()?)((?:file:\/\/)?\/[^\s()]+?\.[cm]?js):(\d+):(\d+)(\)?)$/;
const maps = new Map<string, SourceMap | null>();

/**
 * The stack frames of an error, pointing at the TypeScript source where the running file is a bundle with a source map
 * beside it (`index.mjs.map`). The Lambda bundles are minified, and Node's own `--enable-source-maps` parses every map
 * at start, which cost the API some 70 ms of each cold start; this reads a bundle's map only when an error is logged.
 *
 * @example
 * stackFrames(error) // ['at createEnvironment (src/core/create-environment.ts:120:11)', …]
 */
export function stackFrames(error: Error): string[] {
  return (error.stack ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.startsWith('at '))
    .map(mapFrame);
}

function mapFrame(frame: string): string {
  const match = FRAME.exec(frame);
  if (!match) return frame;
  const [, head, location, line, column, tail] = match as unknown as [string, string, string, string, string, string];
  const origin = sourceMapOf(location.startsWith('file:') ? fileURLToPath(location) : location)?.findOrigin(Number(line), Number(column));
  if (!origin || !('fileName' in origin)) return frame;
  return `${head}${sourcePath(origin.fileName)}:${origin.lineNumber}:${origin.columnNumber}${tail}`;
}

function sourceMapOf(path: string): SourceMap | null {
  let map = maps.get(path);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      map = null; // no map beside it (not a bundle) or an unreadable one: frames stay as they are
    }
    maps.set(path, map);
  }
  return map;
}

/** `../../src/core/x.ts` → `src/core/x.ts`; `../../node_modules/@smithy/core/dist-es/y.js` → `node_modules/@smithy/core/dist-es/y.js`. */
function sourcePath(source: string): string {
  const fromModules = source.indexOf('node_modules/');
  if (fromModules >= 0) return source.slice(fromModules);
  return /(?:^|\/)((?:src|functions)\/.*)$/.exec(source)?.[1] ?? source.replace(/^(?:\.\.\/)+/, '');
}
