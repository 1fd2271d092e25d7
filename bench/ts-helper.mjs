// Loads a TypeScript helper shared with the tests (tests/helpers/*.ts) in the bench. The helper
// imports only types, so transpiling that one file (TypeScript is a devDependency) is enough;
// this keeps the fault matrix in one source instead of a hand-kept .mjs copy.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

/** Imports `tests/helpers/<name>.ts` transpiled to a temporary .mjs file. */
export async function importTestHelper(name) {
  const src = fileURLToPath(new URL(`../tests/helpers/${name}.ts`, import.meta.url));
  const { outputText } = ts.transpileModule(readFileSync(src, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, verbatimModuleSyntax: false },
    fileName: src,
  });
  if (/^\s*import\s+(?!type)[^;]*from/m.test(outputText))
    throw new Error(`${name}.ts must import only types to be loaded by the bench`);
  const out = join(mkdtempSync(join(tmpdir(), 'massive-bench-')), `${name}.mjs`);
  writeFileSync(out, outputText);
  return import(pathToFileURL(out).href);
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
