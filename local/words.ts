/** A word within two edits of another (one for words of four letters or fewer; swapping two neighbours is one): a likely typo of it. */
export function closeTo(word: string, known: string): boolean {
  const limit = known.length > 4 ? 2 : 1;
  if (Math.abs(word.length - known.length) > limit) return false;
  const d = Array.from({ length: word.length + 1 }, (_, i) => Array.from({ length: known.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= word.length; i++) {
    for (let j = 1; j <= known.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (word[i - 1] === known[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && word[i - 1] === known[j - 2] && word[i - 2] === known[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[word.length]![known.length]! <= limit;
}
