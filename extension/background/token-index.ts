import type { QueryTerm } from '../../shared/search-text';

/** How strongly a token belongs to a document: in its name (3), an address, domain or phone (2), elsewhere (1). */
export type FieldWeight = 1 | 2 | 3;

/** A document's tokens with their weights. */
export type WeightedTokens = Map<string, FieldWeight>;

/** New tokens wait unsorted; past this many (while a rebuild adds thousands) they are merged into the sorted list, and a search merges whatever waits first. */
const UNSORTED_LIMIT = 4_096;

/**
 * An inverted index from tokens to documents, for prefix and exact token lookups, in memory.
 *
 * Documents are numbered in the order they are added; each token's postings are therefore sorted,
 * and a posting is `doc * 4 + weight`. A changed document is added again under a new number and
 * the old number is marked dead (cheap, no posting is rewritten); `wantsCompaction` tells the
 * owner to rebuild when the dead outweigh the living. Scoring uses typed scratch arrays rather than maps: a query touching 100,000
 * postings costs about a millisecond.
 */
export class TokenIndex {
  private postings = new Map<string, number[]>();
  private sorted: string[] = [];
  private unsorted: string[] = [];
  private ids: string[] = [];
  private at: number[] = [];
  private alive: boolean[] = [];
  private current = new Map<string, number>();
  private dead = 0;
  private stamp = new Uint32Array(1024);
  private hits = new Uint8Array(1024);
  private score = new Uint16Array(1024);
  private generation = 0;

  /**
   * @param maxPostingsPerTerm how many postings one query term may expand to (a prefix like "a"
   *   over 100,000 notes): tokens are taken exact first, then shortest first, up to this budget.
   * @param minPrefixLength shorter query words match whole tokens only.
   */
  constructor(
    private readonly maxPostingsPerTerm = Number.POSITIVE_INFINITY,
    private readonly minPrefixLength = 1,
  ) {}

  get size(): number {
    return this.current.size;
  }

  /** Adds or replaces a document. `at` orders equally scored results (most recent first). */
  put(id: string, at: number, tokens: WeightedTokens): void {
    this.remove(id);
    const doc = this.ids.length;
    this.ids.push(id);
    this.at.push(at);
    this.alive.push(true);
    this.current.set(id, doc);
    for (const [token, weight] of tokens) {
      let list = this.postings.get(token);
      if (!list) {
        list = [];
        this.postings.set(token, list);
        this.unsorted.push(token);
      }
      list.push(doc * 4 + weight);
    }
    if (this.unsorted.length > UNSORTED_LIMIT) this.sortTokens();
  }

  remove(id: string): void {
    const doc = this.current.get(id);
    if (doc === undefined) return;
    this.alive[doc] = false;
    this.current.delete(id);
    this.dead++;
  }

  clear(): void {
    this.postings.clear();
    this.sorted = [];
    this.unsorted = [];
    this.ids = [];
    this.at = [];
    this.alive = [];
    this.current.clear();
    this.dead = 0;
  }

  /** Whether enough documents died that rebuilding from the source is worth it. */
  get wantsCompaction(): boolean {
    return this.dead > 10_000 && this.dead > this.current.size;
  }

  /**
   * The ids of documents matching every term, best first: by the sum of each term's best weight
   * (an exact token counts one more than a prefix), then by recency.
   */
  search(terms: readonly QueryTerm[], limit: number): string[] {
    if (!terms.length || !this.current.size) return [];
    this.prepareScratch();
    const gen = ++this.generation;
    // The most selective term first: later terms only keep documents every earlier term matched.
    const expanded = terms.map((term) => this.expand(term)).sort((a, b) => a.total - b.total);
    let touched: number[] = [];
    expanded.forEach(({ lists }, k) => {
      const next: number[] = [];
      for (const { list, bonus } of lists) {
        for (let i = 0; i < list.length; i++) {
          const posting = list[i]!;
          const doc = posting >>> 2;
          const weight = (posting & 3) + bonus;
          if (k === 0) {
            if (this.stamp[doc] !== gen) {
              this.stamp[doc] = gen;
              this.hits[doc] = 1;
              this.score[doc] = weight;
              next.push(doc);
            } else if (this.hits[doc] === 1 && weight > this.score[doc]!) {
              this.score[doc] = weight;
            }
          } else if (this.stamp[doc] === gen && this.hits[doc] === k) {
            this.hits[doc] = k + 1;
            this.score[doc] = this.score[doc]! + weight;
            next.push(doc);
          }
        }
      }
      touched = next;
    });
    // The best `limit` documents, by a bounded insertion: a common word matches most of 100,000
    // notes, and sorting them all would cost tens of milliseconds for six results.
    const want = expanded.length;
    const better = (a: number, b: number) =>
      this.score[a]! > this.score[b]! || (this.score[a] === this.score[b] && this.at[a]! > this.at[b]!);
    const best: number[] = [];
    for (const doc of touched) {
      if (this.hits[doc] !== want || !this.alive[doc]) continue;
      if (best.length === limit && !better(doc, best[limit - 1]!)) continue;
      let i = best.length === limit ? limit - 1 : best.length;
      while (i > 0 && better(doc, best[i - 1]!)) {
        best[i] = best[i - 1]!;
        i--;
      }
      best[i] = doc;
    }
    return best.map((doc) => this.ids[doc]!);
  }

  private prepareScratch() {
    if (this.stamp.length < this.ids.length) {
      const size = Math.max(this.ids.length * 2, 1024);
      this.stamp = new Uint32Array(size);
      this.hits = new Uint8Array(size);
      this.score = new Uint16Array(size);
      this.generation = 0;
    }
    if (this.generation > 0xfffffff0) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    if (this.unsorted.length) this.sortTokens();
  }

  private expand(term: QueryTerm): { lists: { list: number[]; bonus: number }[]; total: number } {
    const exact = this.postings.get(term.text);
    const lists: { list: number[]; bonus: number }[] = exact ? [{ list: exact, bonus: 1 }] : [];
    let total = exact?.length ?? 0;
    if (!term.prefix || term.text.length < this.minPrefixLength) return { lists, total };
    const longer: string[] = [];
    for (
      let i = lowerBound(this.sorted, term.text);
      i < this.sorted.length && this.sorted[i]!.startsWith(term.text);
      i++
    ) {
      if (this.sorted[i] !== term.text) longer.push(this.sorted[i]!);
    }
    if (Number.isFinite(this.maxPostingsPerTerm)) longer.sort((a, b) => a.length - b.length);
    for (const token of longer) {
      const list = this.postings.get(token)!;
      if (total + list.length > this.maxPostingsPerTerm && total > 0) break;
      lists.push({ list, bonus: 0 });
      total += list.length;
    }
    return { lists, total };
  }

  private sortTokens() {
    if (!this.unsorted.length) return;
    this.unsorted.sort();
    this.sorted = mergeSorted(this.sorted, this.unsorted);
    this.unsorted = [];
  }
}

function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function mergeSorted(a: string[], b: string[]): string[] {
  const out = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = a[i]! <= b[j]! ? a[i++]! : b[j++]!;
  while (i < a.length) out[k++] = a[i++]!;
  while (j < b.length) out[k++] = b[j++]!;
  return out;
}
