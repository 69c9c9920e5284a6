/**
 * The server already sanitises rich text; this second, allow-list pass in the browser means
 * a server bug or an old stored row still cannot run script in a salesperson's session.
 */
const ALLOWED_TAGS = new Set([
  'p', 'br', 'b', 'strong', 'i', 'em', 'u', 's', 'del', 'ul', 'ol', 'li', 'a', 'blockquote',
  'code', 'pre', 'span', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead',
  'tbody', 'tr', 'th', 'td', 'sub', 'sup',
]);
const DROP_WITH_CONTENT = new Set(['script', 'style', 'iframe', 'object', 'embed', 'template', 'noscript']);
const SAFE_URL = /^(https?:|mailto:|tel:)/i;

function clean(node: Node, doc: Document): Node | null {
  if (node.nodeType === Node.TEXT_NODE) return doc.createTextNode(node.textContent ?? '');
  if (node.nodeType !== Node.ELEMENT_NODE) return null;
  const el = node as Element;
  const tag = el.tagName.toLowerCase();
  if (DROP_WITH_CONTENT.has(tag)) return null;
  const children = Array.from(el.childNodes)
    .map((child) => clean(child, doc))
    .filter((child): child is Node => child !== null);
  if (!ALLOWED_TAGS.has(tag)) {
    // Unknown wrapper: keep its text, lose the element.
    const fragment = doc.createDocumentFragment();
    children.forEach((child) => fragment.appendChild(child));
    return fragment;
  }
  const out = doc.createElement(tag);
  if (tag === 'a') {
    const href = el.getAttribute('href') ?? '';
    if (SAFE_URL.test(href.trim())) {
      out.setAttribute('href', href.trim());
      out.setAttribute('target', '_blank');
      out.setAttribute('rel', 'noopener noreferrer nofollow');
    }
  }
  children.forEach((child) => out.appendChild(child));
  return out;
}

export function sanitizeHtml(html: string): string {
  const parsed = new DOMParser().parseFromString(`<body>${html}</body>`, 'text/html');
  const out = document.implementation.createHTMLDocument('');
  const container = out.createElement('div');
  Array.from(parsed.body.childNodes).forEach((child) => {
    const cleaned = clean(child, out);
    if (cleaned) container.appendChild(cleaned);
  });
  return container.innerHTML;
}

function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** A plain-text note becomes paragraphs (blank line) and line breaks (single newline). */
export function textToHtml(text: string): string {
  return text
    .trim()
    .split(/\n\s*\n/)
    .map((para) => `<p>${escapeHtml(para).replace(/\r?\n/g, '<br>')}</p>`)
    .join('');
}
