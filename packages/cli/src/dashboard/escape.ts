const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text made safe for HTML element content and quoted attribute values alike: case data carries
 * user text (comments, reasons, names), so everything embedded in the page goes through here.
 */
export const escapeHtml = (value: unknown): string => String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);

/** A tagged template that escapes every interpolated value unless it is already `Html`. */
export interface Html {
  readonly html: string;
}

export const raw = (html: string): Html => ({ html });

const part = (value: unknown): string => {
  if (Array.isArray(value)) return value.map(part).join('');
  if (typeof value === 'object' && value !== null && 'html' in value) return (value as Html).html;
  return escapeHtml(value);
};

/** `html\`<td>${text}</td>\`` — interpolations are escaped; arrays of `Html` are joined. */
export const html = (strings: TemplateStringsArray, ...values: unknown[]): Html =>
  raw(strings.reduce((out, s, i) => out + s + (i < values.length ? part(values[i]) : ''), ''));
