import ts from 'typescript';
import { readFileSync } from 'node:fs';
for (const file of process.argv.slice(2)) {
  const src = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const visit = (n: ts.Node) => {
    if (ts.isJsxText(n) && /\p{L}/u.test(n.text) && n.text.trim() !== 'Margin') console.log(file, src.getLineAndCharacterOfPosition(n.getStart()).line + 1, JSON.stringify(n.text.trim()));
    ts.forEachChild(n, visit);
  };
  visit(src);
}
