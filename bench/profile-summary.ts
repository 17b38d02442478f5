/**
 * `node dist/bench/profile-summary.js FILE.cpuprofile [--top 30]`: self time by function (and by package for
 * node_modules), in shares of the samples: the table the closing notes of issue 18 quote.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from './infra';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

function packageOf(url: string): string {
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) {
    return m[1]!;
  }
  if (url.includes('/dist/src/') || url.includes('/src/')) {
    return 'service';
  }
  return url.startsWith('node:') || url === '' ? '(node/v8)' : url;
}

function main(): void {
  const [file] = process.argv.slice(2).filter((a) => !a.startsWith('--'));
  const args = parseArgs(process.argv.slice(2));
  const top = Number(args.get('top') ?? 30);
  const profile = JSON.parse(readFileSync(file!, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfCounts = new Map<number, number>();
  for (const s of profile.samples) {
    selfCounts.set(s, (selfCounts.get(s) ?? 0) + 1);
  }
  const total = profile.samples.length;
  const byFunction = new Map<string, number>();
  const byPackage = new Map<string, number>();
  for (const [id, n] of selfCounts) {
    const node = byId.get(id)!;
    const f = node.callFrame;
    const name = `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(node_modules|dist)\//, '$1/')}:${f.lineNumber + 1}`;
    byFunction.set(name, (byFunction.get(name) ?? 0) + n);
    const pkg = f.url === '' ? f.functionName : packageOf(f.url);
    byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + n);
  }
  const pct = (n: number) => `${((n / total) * 100).toFixed(1)} %`;
  console.log(`samples: ${total}`);
  console.log('\nby package (self time):');
  for (const [k, v] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${pct(v).padStart(8)}  ${k}`);
  }
  console.log('\nby function (self time):');
  for (const [k, v] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${pct(v).padStart(8)}  ${k}`);
  }
}

main();
