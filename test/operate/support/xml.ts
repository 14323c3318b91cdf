/**
 * A strict XML well-formedness check, small enough to read: one root element, every tag closed in
 * order, attribute values quoted and unique per element, no raw `<` or bare `&` in text or
 * values, well-formed comments, CDATA, processing instructions and a DOCTYPE without an internal
 * subset. Throws on the first violation with its offset; returns the document's decoded text.
 */
export interface ParsedXml {
  readonly root: string;
  /** Element name and decoded text content of each text run, in document order. */
  readonly texts: readonly { readonly element: string; readonly text: string }[];
  /** Decoded attribute values, with their element and attribute names. */
  readonly attributes: readonly { readonly element: string; readonly name: string; readonly value: string }[];
}

const NAME = /^[A-Za-z_:][-A-Za-z0-9_:.]*/;

export function parseXml(xml: string): ParsedXml {
  let i = 0;
  const stack: string[] = [];
  let root: string | undefined;
  let rootClosed = false;
  const texts: { element: string; text: string }[] = [];
  const attributes: { element: string; name: string; value: string }[] = [];
  const fail = (why: string): never => {
    throw new Error(`not well-formed XML at offset ${i}: ${why} (near ${JSON.stringify(xml.slice(Math.max(0, i - 30), i + 30))})`);
  };
  const expect = (s: string) => {
    if (!xml.startsWith(s, i)) fail(`expected ${JSON.stringify(s)}`);
    i += s.length;
  };
  const skipSpace = () => {
    while (i < xml.length && /\s/.test(xml[i]!)) i++;
  };
  const name = (): string => {
    const m = NAME.exec(xml.slice(i, i + 200));
    if (!m) fail("expected a name");
    i += m![0].length;
    return m![0];
  };

  if (xml.startsWith("\uFEFF")) i = 1;
  while (i < xml.length) {
    if (xml.startsWith("<!--", i)) {
      const end = xml.indexOf("-->", i + 4);
      if (end < 0) fail("unclosed comment");
      if (xml.slice(i + 4, end).includes("--")) fail("'--' inside a comment");
      i = end + 3;
    } else if (xml.startsWith("<![CDATA[", i)) {
      if (stack.length === 0) fail("CDATA outside the root element");
      const end = xml.indexOf("]]>", i);
      if (end < 0) fail("unclosed CDATA section");
      texts.push({ element: stack[stack.length - 1]!, text: xml.slice(i + 9, end) });
      i = end + 3;
    } else if (xml.startsWith("<?", i)) {
      const end = xml.indexOf("?>", i);
      if (end < 0) fail("unclosed processing instruction");
      if (xml.startsWith("<?xml", i) && i > 1) fail("XML declaration not at the start");
      i = end + 2;
    } else if (xml.startsWith("<!DOCTYPE", i)) {
      if (root !== undefined) fail("DOCTYPE after the root element");
      i += 9;
      let quote: string | undefined;
      while (i < xml.length && (quote !== undefined || xml[i] !== ">")) {
        const c = xml[i]!;
        if (quote) {
          if (c === quote) quote = undefined;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === "[") fail("internal DTD subsets are not expected");
        i++;
      }
      expect(">");
    } else if (xml.startsWith("</", i)) {
      i += 2;
      const closing = name();
      skipSpace();
      expect(">");
      const open = stack.pop();
      if (open !== closing) fail(`</${closing}> closes <${open ?? "nothing"}>`);
      if (stack.length === 0) rootClosed = true;
    } else if (xml[i] === "<") {
      i++;
      if (rootClosed) fail("a second root element");
      const element = name();
      if (root === undefined) root = element;
      const seen = new Set<string>();
      for (;;) {
        const before = i;
        skipSpace();
        if (xml.startsWith("/>", i)) {
          i += 2;
          if (stack.length === 0) rootClosed = true;
          break;
        }
        if (xml[i] === ">") {
          i++;
          stack.push(element);
          break;
        }
        if (i === before) fail("expected whitespace before an attribute");
        const attr = name();
        if (seen.has(attr)) fail(`attribute ${attr} twice on <${element}>`);
        seen.add(attr);
        skipSpace();
        expect("=");
        skipSpace();
        const q = xml[i];
        if (q !== '"' && q !== "'") fail(`unquoted value of ${attr}`);
        const end = xml.indexOf(q!, i + 1);
        if (end < 0) fail(`unclosed value of ${attr}`);
        const raw = xml.slice(i + 1, end);
        if (raw.includes("<")) fail(`'<' in the value of ${attr}`);
        attributes.push({ element, name: attr, value: decode(raw, fail) });
        i = end + 1;
      }
    } else {
      const end = xml.indexOf("<", i);
      const raw = xml.slice(i, end < 0 ? xml.length : end);
      if (stack.length === 0) {
        if (raw.trim() !== "") fail("text outside the root element");
      } else texts.push({ element: stack[stack.length - 1]!, text: decode(raw, fail) });
      i = end < 0 ? xml.length : end;
    }
  }
  if (stack.length > 0) fail(`<${stack[stack.length - 1]}> is never closed`);
  if (root === undefined) fail("no root element");
  return { root: root!, texts, attributes };
}

function decode(raw: string, fail: (why: string) => never): string {
  return raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
    if (!whole.endsWith(";")) fail(`a bare '&' (${JSON.stringify(whole)})`);
    if (ref === "amp") return "&";
    if (ref === "lt") return "<";
    if (ref === "gt") return ">";
    if (ref === "quot") return '"';
    if (ref === "apos") return "'";
    const dec = /^#(\d+)$/.exec(ref);
    if (dec) return String.fromCodePoint(Number(dec[1]));
    const hex = /^#x([0-9A-Fa-f]+)$/.exec(ref);
    if (hex) return String.fromCodePoint(parseInt(hex[1]!, 16));
    return fail(`unknown entity &${ref};`);
  });
}
