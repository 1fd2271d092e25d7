#!/usr/bin/env node
// Enforces the project rule "no function over 80 lines in src/ (JSX views may be longer if they are
// only markup)": lists every function, method or arrow function in src/ longer than MAX_LINES and
// exits 1 if there is one. Usage: `node scripts/function-length.mjs [--all] [dir]` (`--all` also
// prints the allowed views with their markup count).
//
// The JSX exemption is measured, not guessed from the name: a function in a .tsx file may pass
// MAX_LINES only by lines that lie inside JSX markup (lines covered by an outermost JSX element or
// fragment), and its remaining lines (hooks, handlers, computations) must still fit in MAX_LINES.
// A blanket "capitalised .tsx function may have 150 lines" would let a component grow 70 more
// lines of state and logic, which is exactly what the rule is there to stop.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const MAX_LINES = 80;

export function sourceFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(p));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(p);
  }
  return out;
}

function isFunctionLike(n) {
  return (
    ts.isFunctionDeclaration(n) ||
    ts.isMethodDeclaration(n) ||
    ts.isArrowFunction(n) ||
    ts.isFunctionExpression(n) ||
    ts.isConstructorDeclaration(n) ||
    ts.isGetAccessorDeclaration(n) ||
    ts.isSetAccessorDeclaration(n)
  );
}

function functionName(n) {
  if (n.name) return n.name.getText();
  const p = n.parent;
  if (p && (ts.isVariableDeclaration(p) || ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p))) {
    return p.name.getText();
  }
  if (p && ts.isCallExpression(p)) return `(callback of ${p.expression.getText().slice(0, 40)})`;
  return '(anonymous)';
}

const isJsx = (n) => ts.isJsxElement(n) || ts.isJsxFragment(n) || ts.isJsxSelfClosingElement(n);

/** Line numbers (0-based) inside outermost JSX nodes of `fn`, not descending into nested functions. */
function markupLines(src, fn) {
  const lines = new Set();
  const visit = (n) => {
    if (n !== fn && isFunctionLike(n)) return;
    if (isJsx(n)) {
      const a = src.getLineAndCharacterOfPosition(n.getStart(src)).line;
      const b = src.getLineAndCharacterOfPosition(n.getEnd()).line;
      for (let l = a; l <= b; l++) lines.add(l);
      return;
    }
    ts.forEachChild(n, visit);
  };
  visit(fn);
  return lines.size;
}

/** Every function in `files` over `max` lines: { file, line, name, lines, markup, allowed }. */
export function measure(files, max = MAX_LINES) {
  const found = [];
  for (const file of files) {
    const src = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (n) => {
      if (isFunctionLike(n)) {
        const a = src.getLineAndCharacterOfPosition(n.getStart(src)).line;
        const b = src.getLineAndCharacterOfPosition(n.getEnd()).line;
        const lines = b - a + 1;
        if (lines > max) {
          const markup = file.endsWith('.tsx') ? markupLines(src, n) : 0;
          found.push({ file, line: a + 1, name: functionName(n), lines, markup, allowed: lines - markup <= max });
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(src);
  }
  return found.sort((x, y) => y.lines - x.lines);
}

const isMain = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const args = process.argv.slice(2);
  const all = args.includes('--all');
  const dir = args.find((a) => !a.startsWith('--')) ?? 'src';
  const found = measure(sourceFiles(dir));
  const offenders = found.filter((f) => !f.allowed);
  for (const f of all ? found : offenders) {
    const note = f.markup ? ` (${f.markup} lines of JSX markup${f.allowed ? ', allowed' : ''})` : '';
    console.log(`${f.lines} ${f.file}:${f.line} ${f.name}${note}`);
  }
  if (offenders.length > 0) {
    console.error(`${offenders.length} function(s) over ${MAX_LINES} lines (JSX markup excepted): split them.`);
    process.exit(1);
  }
}
