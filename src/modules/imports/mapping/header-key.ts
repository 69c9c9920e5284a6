/**
 * A header reduced to what identifies it: full-width letters made half-width (NFKC), lower
 * case, without spaces, punctuation, bracketed remarks ("手机（必填）"), required-field
 * stars or a trailing number ("手机2", "Phone 1"), so 手机号 , ＰＨＯＮＥ and phone_1 all
 * look the same to the alias tables.
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(\[{【《<][^)\]}】》>]*[)\]}】》>]/g, '')
    .replace(/[\s_\-.:*#/\\'"`,;?？!！、·]+/g, '')
    .replace(/\d+$/, '');
}

/** Builds a lookup from alias lists, keyed by headerKey so tables can be written naturally. */
export function aliasIndex<Target extends string>(aliases: Record<Target, readonly string[]>): Map<string, Target> {
  const index = new Map<string, Target>();
  for (const [target, names] of Object.entries(aliases) as [Target, readonly string[]][]) {
    for (const name of names) index.set(headerKey(name), target);
  }
  return index;
}
