/**
 * Escaping for the HTML report. Every string that reaches the page from telemetry (metric
 * names, attribute values, finding summaries) goes through {@link escapeHtml} in markup or
 * {@link jsonForScript} in the embedded chart data, so no value can close a tag, open an
 * attribute or end the data's `<script>` element.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** `text` safe as HTML text and as a quoted attribute value. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] as string);
}

/**
 * `value` as JSON safe inside a `<script type="application/json">` element: `<`, `>` and `&`
 * become `\u003c`, `\u003e`, `\u0026` (so `</script>` and `<!--` cannot appear), and the line
 * separators U+2028/U+2029 are escaped too. `JSON.parse` reads the result back unchanged.
 * Non-finite numbers become `null`, as `JSON.stringify` makes them.
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * Text of a third-party script or style sheet made safe to inline: a `</script` or
 * `</style` inside it (in a string literal, say) would end the element early.
 */
export function inlineSafe(text: string, element: 'script' | 'style'): string {
  const pattern = element === 'script' ? /<\/(script)/gi : /<\/(style)/gi;
  return text.replace(pattern, '<\\/$1');
}
