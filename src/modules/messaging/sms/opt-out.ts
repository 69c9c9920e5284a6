/**
 * Replies that mean "stop sending me SMS": the Chinese carriers' convention (TD, T, 退订 —
 * the "回T退订" every marketing SMS ends with), N, and the English STOP / UNSUBSCRIBE.
 * The whole reply must be the keyword: full-width letters (ＴＤ), any case, spaces and
 * punctuation around it are fine ("退订。", "[TD]", " stop! "); words that merely contain
 * a keyword ("TODAY", "不要退订", "STOPPED") are not opt-outs.
 */
const KEYWORDS = new Set(['td', 't', '退订', 'n', 'stop', 'unsubscribe']);

// Punctuation, symbols (emoji included), separators and invisible format characters.
const AROUND = /^[\p{P}\p{S}\p{Z}\p{Cf}\s]+|[\p{P}\p{S}\p{Z}\p{Cf}\s]+$/gu;

export function isOptOutReply(text: string): boolean {
  const core = text.normalize('NFKC').replace(AROUND, '').toLowerCase();
  return KEYWORDS.has(core);
}
