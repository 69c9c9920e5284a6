import sanitizeHtml from 'sanitize-html';

/**
 * Rich text from users is cleaned when it is written, not when it is shown: every reader
 * (web UI, exports, e-mails, integrations) then gets markup that is safe as it is stored.
 * The allow-list is deliberately small: formatting and links, nothing that runs, loads or
 * restyles (no script, style, iframe, img, event handlers, style attributes).
 */
const RICH_TEXT: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'ul', 'ol', 'li', 'blockquote', 'a', 'h3', 'h4', 'code', 'pre'],
  allowedAttributes: { a: ['href', 'title', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto', 'tel'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // The text inside these is code or fallback content, not the user's words.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'iframe', 'noembed', 'noframes', 'template', 'title'],
  // Links leave the CRM without handing it the opener or the referrer.
  transformTags: { a: sanitizeHtml.simpleTransform('a', { rel: 'noopener noreferrer nofollow' }) },
};

const PLAIN_TEXT: sanitizeHtml.IOptions = { allowedTags: [], allowedAttributes: {}, nonTextTags: RICH_TEXT.nonTextTags };

const BLOCK_EDGE = /<br \/>|<\/?(?:p|li|h3|h4|blockquote|pre|ul|ol)>/g;

export type RichText = { html: string; text: string };

/** Safe HTML for storage and its plain text (for search, previews and messages). */
export function sanitizeRichText(input: string): RichText {
  const html = sanitizeHtml(input, RICH_TEXT).trim();
  return { html, text: htmlToText(html) };
}

/** The plain text of already-sanitised HTML, keeping paragraph and line breaks. */
function htmlToText(html: string): string {
  const stripped = sanitizeHtml(html.replace(BLOCK_EDGE, (tag) => `\n${tag}\n`), PLAIN_TEXT);
  return stripped
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')
    .split('\n')
    .map((line) => line.replace(/[ \t\u00a0]+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/** Plain text (a system event's body) as the same kind of HTML users write. */
export function plainTextToHtml(text: string): string {
  const escaped = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  return escaped
    .split(/\n{2,}/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => `<p>${paragraph.replace(/\n/g, '<br />')}</p>`)
    .join('');
}
