// Just enough of an XML reader to refuse what Windows' XmlDocument refuses (unbalanced or unknown markup,
// bad entities, characters XML 1.0 forbids) and to read a toast's launch arguments and texts.
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text) {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (_m, name) => {
    if (name[0] !== '#') return ENTITIES[name];
    return String.fromCodePoint(
      Number.parseInt(name.slice(name[1] === 'x' ? 2 : 1), name[1] === 'x' ? 16 : 10),
    );
  });
}

function badText(text) {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters.
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)) return 'a character XML forbids';
  if (/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text))
    return 'a lone surrogate';
  if (/&(?!(#x[0-9a-f]+|#[0-9]+|amp|lt|gt|quot|apos);)/i.test(text)) return 'a bare &';
  return null;
}

export function parseToastXml(xml) {
  const stack = [];
  const texts = [];
  let launch = null;
  let root = null;
  const token =
    /<([/]?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*)\s*(\/?)>|([^<]+)|(<)/g;
  for (const match of xml.matchAll(token)) {
    const [, closing, name, attributes, selfClosing, text, stray] = match;
    if (stray) return { ok: false, error: 'a stray <' };
    if (text !== undefined) {
      const problem = badText(text);
      if (problem) return { ok: false, error: problem };
      if (stack.length === 0 && text.trim() !== '') return { ok: false, error: 'text outside the root' };
      if (stack.at(-1) === 'text') texts[texts.length - 1] += decode(text);
      continue;
    }
    if (closing) {
      if (stack.pop() !== name) return { ok: false, error: `unbalanced </${name}>` };
      continue;
    }
    const attrs = {};
    for (const [, key, value] of attributes.matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      const raw = value ?? '';
      const problem = badText(raw);
      if (problem) return { ok: false, error: problem };
      attrs[key] = decode(raw);
    }
    if (stack.length === 0) {
      if (root !== null) return { ok: false, error: 'two roots' };
      root = name;
      launch = attrs.launch ?? null;
    }
    if (name === 'text') texts.push('');
    if (!selfClosing) stack.push(name);
  }
  if (stack.length > 0) return { ok: false, error: `unclosed <${stack.at(-1)}>` };
  if (root !== 'toast') return { ok: false, error: 'the root is not <toast>' };
  return { ok: true, launch, texts };
}
