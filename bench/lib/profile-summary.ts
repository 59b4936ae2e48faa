/**
 * Where a CPU profile's time went: self time by script and by function, heaviest first.
 * `npx tsx bench/lib/profile-summary.ts file.cpuprofile [rows]` (profiles from BENCH_PROFILE runs).
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) throw new Error('usage: profile-summary.ts file.cpuprofile [rows]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const rows = Number(rowsArg ?? 25);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfByNode = new Map<number, number>();
profile.samples.forEach((id, i) => {
  selfByNode.set(id, (selfByNode.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
});

const add = (map: Map<string, number>, key: string, ms: number) => map.set(key, (map.get(key) ?? 0) + ms);
const byScript = new Map<string, number>();
const byFunction = new Map<string, number>();
for (const [id, ms] of selfByNode) {
  const frame = byId.get(id)!.callFrame;
  const script = frame.url.replace(/^.*\//, '') || `(${frame.functionName || 'program'})`;
  add(byScript, script, ms);
  add(byFunction, `${frame.functionName || '(anonymous)'} ${script}:${frame.lineNumber + 1}`, ms);
}
const total = [...selfByNode.values()].reduce((a, b) => a + b, 0);
const show = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [key, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, rows))
    console.log(`${ms.toFixed(1).padStart(8)} ms  ${key}`);
};
console.log(`total ${total.toFixed(1)} ms sampled`);
show('self time by script', byScript);
show('self time by function', byFunction);
