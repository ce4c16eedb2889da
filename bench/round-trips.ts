/**
 * Sequential round trips: the length of the longest chain of calls in which each call was sent only after the one
 * before it had been answered. With the same latency injected on every call, that chain is what a caller waits for:
 * calls sent together (Promise.all) overlap and count once; calls that wait for an answer, or for a free slot in a
 * concurrency limit, line up one after another and each counts.
 *
 * Computed exactly from the logged start and end times (longest path in the "ends before it starts" order): calls are
 * taken in order of their start, and each extends the longest chain among the calls that ended before it started.
 *
 * @example
 * sequentialRoundTrips([{ start: 0, end: 50 }, { start: 0, end: 50 }, { start: 51, end: 101 }]); // 2
 */
export function sequentialRoundTrips(calls: ReadonlyArray<{ start: number; end: number }>): number {
  const byStart = [...calls].sort((a, b) => a.start - b.start);
  const byEnd = [...calls].sort((a, b) => a.end - b.end);
  const chain = new Map<{ start: number; end: number }, number>();
  let ended = 0;
  let longestEnded = 0;
  let longest = 0;
  for (const call of byStart) {
    while (ended < byEnd.length && byEnd[ended]!.end <= call.start) {
      longestEnded = Math.max(longestEnded, chain.get(byEnd[ended]!) ?? 0);
      ended += 1;
    }
    const length = longestEnded + 1;
    chain.set(call, length);
    longest = Math.max(longest, length);
  }
  return longest;
}
