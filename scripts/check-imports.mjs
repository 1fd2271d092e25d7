#!/usr/bin/env node
// Enforces the module boundaries of docs/ARCHITECTURE.md ("Modules and their import rules"):
// dependencies point inward. Run by `npm run lint` and by tests/unit/architecture/imports.test.ts,
// so a forbidden import fails CI.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, dirname, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const NETWORK = ['ws', 'undici', 'node:http', 'node:https', 'node:net', 'node:tls', 'node:dgram'];
const REACT = ['react', 'ink', 'ink-testing-library', 'react/jsx-runtime'];

/** module -> { modules: src modules it may import, deny: package names it must not import } */
export const RULES = {
  lib: { modules: [], packagesOnlyNode: true },
  massive: { modules: ['lib'], deny: [...NETWORK, ...REACT, 'node:fs'] },
  market: { modules: ['lib', 'massive'], deny: [...NETWORK, ...REACT, 'node:fs'] },
  rest: { modules: ['lib', 'massive'], deny: [...REACT, 'ws'] },
  proxy: { modules: ['lib', 'massive', 'rest', 'config'], deny: REACT },
  stream: { modules: ['lib', 'massive', 'rest', 'store', 'market'], deny: REACT },
  store: { modules: ['lib', 'massive', 'market'], deny: [...NETWORK, ...REACT] },
  ui: { modules: ['lib', 'massive', 'market', 'store'], deny: [...NETWORK, 'node:fs', 'node:child_process'] },
  headless: { modules: ['lib', 'massive', 'market', 'store'], deny: [...NETWORK, ...REACT] },
  sim: { modules: ['lib', 'massive', 'market'], deny: REACT },
  config: { modules: ['lib', 'massive'], deny: [...NETWORK, ...REACT] },
  cli: {
    modules: ['lib', 'massive', 'market', 'rest', 'proxy', 'stream', 'store', 'ui', 'headless', 'sim', 'config'],
    deny: [],
  },
};

const IMPORT_RE =
  /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|\W)import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g;

function walk(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : /\.(ts|tsx)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

/** Returns a list of human-readable violations; empty when the tree respects the rules. */
export function checkImports(root) {
  const src = join(root, 'src');
  const problems = [];
  for (const file of walk(src)) {
    const rel = relative(src, file);
    const mod = rel.split(sep)[0];
    const rule = RULES[mod];
    if (!rule) {
      problems.push(`${rel}: module '${mod}' is not in docs/ARCHITECTURE.md (add it there and to RULES)`);
      continue;
    }
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT_RE)) {
      const spec = m[1] ?? m[2] ?? m[3];
      if (spec.startsWith('.')) {
        const target = relative(src, resolve(dirname(file), spec)).split(sep)[0];
        if (target !== mod && !rule.modules.includes(target))
          problems.push(`${rel}: '${mod}/' must not import '${target}/' (${spec})`);
      } else if (rule.packagesOnlyNode) {
        if (!spec.startsWith('node:')) problems.push(`${rel}: lib/ may import only node:* (found ${spec})`);
      } else if (rule.deny.some((d) => spec === d || spec.startsWith(`${d}/`))) {
        problems.push(`${rel}: '${mod}/' must not import '${spec}'`);
      }
    }
  }
  return problems;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const problems = checkImports(resolve(dirname(fileURLToPath(import.meta.url)), '..'));
  for (const p of problems) console.error(p);
  console.log(problems.length === 0 ? 'imports: ok' : `imports: ${problems.length} violation(s)`);
  process.exitCode = problems.length === 0 ? 0 : 1;
}
