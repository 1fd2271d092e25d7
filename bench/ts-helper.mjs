// Loads a TypeScript helper shared with the tests (tests/helpers/*.ts) in the bench. The helper
// imports only types and other such helpers, so transpiling those files (TypeScript is a
// devDependency) is enough; this keeps the fault matrix in one source instead of a .mjs copy.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/**
 * Imports `tests/helpers/<name>.ts` transpiled to a temporary directory, with the helpers it
 * imports from `./` (transpiled beside it); anything else it imports must be a type.
 */
export async function importTestHelper(name) {
  const dir = mkdtempSync(join(tmpdir(), 'massive-bench-'));
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
  transpileHelper(name, dir, new Set());
  return import(pathToFileURL(join(dir, `${name}.js`)).href);
}

function transpileHelper(name, dir, done) {
  if (done.has(name)) return;
  done.add(name);
  const src = fileURLToPath(new URL(`../tests/helpers/${name}.ts`, import.meta.url));
  const { outputText } = ts.transpileModule(readFileSync(src, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: src,
  });
  for (const [, from] of outputText.matchAll(/^\s*import\s+(?!type)[^;]*from\s+'([^']+)'/gm)) {
    const sibling = /^\.\/([\w-]+)\.js$/.exec(from)?.[1];
    if (sibling === undefined)
      throw new Error(`${name}.ts must import only types or ./helpers to be loaded by the bench`);
    transpileHelper(sibling, dir, done);
  }
  writeFileSync(join(dir, `${name}.js`), outputText);
}

/** The compiled modules from dist/ a matrix rig needs. */
export async function distDeps() {
  const [{ startSimulator }, { startProxy }, { createRestClient }, { createMarketStore }, { createMarketClient }] =
    await Promise.all([
      import('../dist/sim/index.js'),
      import('../dist/proxy/index.js'),
      import('../dist/rest/index.js'),
      import('../dist/store/store.js'),
      import('../dist/stream/market-client.js'),
    ]);
  return { startSimulator, startProxy, createRestClient, createMarketStore, createMarketClient };
}
