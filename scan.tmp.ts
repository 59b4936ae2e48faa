import ts from 'typescript';
import { readFileSync, readdirSync } from 'node:fs';
const files = readdirSync('extension/components').map((f) => `extension/components/${f}`);
let total = 0;
for (const file of files) {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: string[] = [];
  const visit = (n: ts.Node) => {
    if (ts.isJsxText(n) && /\p{L}/u.test(n.text) && n.text.trim() !== 'Margin') found.push(n.text.trim());
    if (ts.isJsxAttribute(n) && ['aria-label', 'placeholder', 'title', 'alt'].includes(n.name.getText()) && n.initializer && ts.isStringLiteral(n.initializer) && /\p{L}/u.test(n.initializer.text)) found.push(`@${n.initializer.text}`);
    ts.forEachChild(n, visit);
  };
  visit(src);
  total += found.length;
  if (found.length) console.log(found.length, file);
}
console.log('total', total);
