import { describe, expect, it } from 'vitest';
import { plainTextToHtml, sanitizeRichText } from './sanitize-rich-text.js';

describe('sanitizeRichText', () => {
  it('removes scripts, event handlers, javascript: links, style attributes and embeds', () => {
    const { html } = sanitizeRichText(
      '<p style="color:red" onclick="steal()">客户来电<script>alert(document.cookie)</script></p>' +
        '<img src="x" onerror="alert(1)"><a href="javascript:alert(1)">点我</a><a href="JaVaScRiPt:alert(2)">再点</a>' +
        '<iframe src="https://evil.example"></iframe><style>body{display:none}</style><svg onload="alert(3)"></svg>' +
        '<a href="data:text/html;base64,PHNjcmlwdD4=">data</a><a href="//evil.example/x">relative</a>',
    );
    expect(html).not.toMatch(/script|onerror|onclick|onload|javascript|style|iframe|img|svg|data:|evil/i);
    expect(html).toContain('<p>客户来电</p>');
    expect(html).toContain('点我');
  });

  it('keeps the allowed formatting and safe links', () => {
    const input =
      '<h3>回访</h3><p><strong>重要</strong> <b>b</b> <em>e</em> <i>i</i> <u>u</u> <s>s</s><br>第二行</p>' +
      '<ul><li>一</li></ul><ol><li>二</li></ol><blockquote>引用</blockquote><h4>小结</h4><pre><code>x = 1</code></pre>' +
      '<a href="https://example.com/a?b=1" title="官网">官网</a><a href="mailto:a@example.com">邮件</a><a href="tel:+8613800138000">电话</a>';
    const { html } = sanitizeRichText(input);
    for (const tag of ['<h3>', '<strong>', '<b>', '<em>', '<i>', '<u>', '<s>', '<br />', '<ul><li>', '<ol><li>', '<blockquote>', '<h4>', '<pre><code>']) {
      expect(html).toContain(tag);
    }
    expect(html).toContain('<a href="https://example.com/a?b=1" title="官网" rel="noopener noreferrer nofollow">官网</a>');
    expect(html).toContain('href="mailto:a@example.com"');
    expect(html).toContain('href="tel:+8613800138000"');
  });

  it('drops unknown tags but keeps their text, and derives plain text with line breaks', () => {
    const { html, text } = sanitizeRichText('<div><p>价格 &lt; 100 &amp; 包邮</p><span>第二段</span><ul><li>A</li><li>B</li></ul><script>x()</script></div>');
    expect(html).toBe('<p>价格 &lt; 100 &amp; 包邮</p>第二段<ul><li>A</li><li>B</li></ul>');
    expect(text).toBe('价格 < 100 & 包邮\n第二段\nA\nB');
  });

  it('turns plain text into escaped paragraphs', () => {
    expect(plainTextToHtml('a <b> & "c"\nd\n\ne')).toBe('<p>a &lt;b&gt; &amp; &quot;c&quot;<br />d</p><p>e</p>');
  });
});
