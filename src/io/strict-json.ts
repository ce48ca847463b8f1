/**
 * A strict JSON parser (RFC 8259) for headers of untrusted files. Unlike `JSON.parse` it
 * rejects duplicate object keys (a file where the same tensor name appears twice is ambiguous,
 * and two readers may pick different copies), bounds nesting depth (no stack exhaustion on
 * `[[[[...`), and stores every key as an own data property, so a key named `__proto__` can never
 * change an object's prototype.
 *
 * @example
 * parseStrictJson('{"a": [1, 2.5, "x"]}'); // { a: [1, 2.5, 'x'] }
 * parseStrictJson('{"a": 1, "a": 2}');      // throws JsonSyntaxError: duplicate key "a"
 */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Raised for any text that is not valid JSON under the rules above; `offset` is the character position. */
export class JsonSyntaxError extends Error {
  constructor(readonly reason: string, readonly offset: number) {
    super(`${reason} at character ${offset}`);
    this.name = 'JsonSyntaxError';
  }
}

export interface StrictJsonOptions {
  /** Deepest nesting of arrays/objects accepted (default 64). */
  maxDepth?: number;
}

export function parseStrictJson(text: string, opts: StrictJsonOptions = {}): JsonValue {
  const p = new Parser(text, opts.maxDepth ?? 64);
  p.ws();
  const v = p.value(0);
  p.ws();
  if (p.i !== text.length) p.fail('unexpected text after the JSON value');
  return v;
}

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;

class Parser {
  i = 0;
  constructor(readonly s: string, readonly maxDepth: number) {}

  fail(reason: string): never { throw new JsonSyntaxError(reason, this.i); }

  ws(): void {
    const s = this.s;
    while (this.i < s.length) {
      const c = s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.i++;
      else break;
    }
  }

  value(depth: number): JsonValue {
    const c = this.s[this.i];
    if (c === '{') return this.object(depth + 1);
    if (c === '[') return this.array(depth + 1);
    if (c === '"') return this.string();
    if (c === 't') return this.literal('true', true);
    if (c === 'f') return this.literal('false', false);
    if (c === 'n') return this.literal('null', null);
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    return this.fail(c === undefined ? 'unexpected end of text' : `unexpected character ${JSON.stringify(c)}`);
  }

  literal<T>(word: string, v: T): T {
    if (this.s.startsWith(word, this.i)) { this.i += word.length; return v; }
    return this.fail(`invalid literal (expected ${word})`);
  }

  number(): number {
    NUMBER.lastIndex = this.i;
    const m = NUMBER.exec(this.s);
    if (!m) return this.fail('invalid number');
    this.i += m[0].length;
    return Number(m[0]);
  }

  string(): string {
    const s = this.s;
    this.i++; // opening quote
    let out = '';
    let start = this.i;
    for (;;) {
      if (this.i >= s.length) this.fail('unterminated string');
      const c = s.charCodeAt(this.i);
      if (c === 0x22) { out += s.slice(start, this.i); this.i++; return out; }
      if (c < 0x20) this.fail('control character inside a string');
      if (c !== 0x5c) { this.i++; continue; }
      out += s.slice(start, this.i);
      const e = s[this.i + 1];
      this.i += 2;
      switch (e) {
        case '"': out += '"'; break;
        case '\\': out += '\\'; break;
        case '/': out += '/'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'u': {
          const hex = s.slice(this.i, this.i + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('invalid \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.i += 4;
          break;
        }
        default: this.i -= 2; this.fail('invalid escape sequence');
      }
      start = this.i;
    }
  }

  array(depth: number): JsonValue[] {
    if (depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`);
    this.i++;
    const out: JsonValue[] = [];
    this.ws();
    if (this.s[this.i] === ']') { this.i++; return out; }
    for (;;) {
      this.ws();
      out.push(this.value(depth));
      this.ws();
      const c = this.s[this.i++];
      if (c === ']') return out;
      if (c !== ',') { this.i--; this.fail("expected ',' or ']' in an array"); }
    }
  }

  object(depth: number): { [key: string]: JsonValue } {
    if (depth > this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`);
    this.i++;
    const out: { [key: string]: JsonValue } = {};
    this.ws();
    if (this.s[this.i] === '}') { this.i++; return out; }
    for (;;) {
      this.ws();
      if (this.s[this.i] !== '"') this.fail('expected a string key in an object');
      const keyAt = this.i;
      const key = this.string();
      if (Object.prototype.hasOwnProperty.call(out, key)) { this.i = keyAt; this.fail(`duplicate key ${JSON.stringify(key)}`); }
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':' after an object key");
      this.i++;
      this.ws();
      // defineProperty, not assignment: `out["__proto__"] = v` would replace the prototype.
      Object.defineProperty(out, key, { value: this.value(depth), enumerable: true, writable: true, configurable: true });
      this.ws();
      const c = this.s[this.i++];
      if (c === '}') return out;
      if (c !== ',') { this.i--; this.fail("expected ',' or '}' in an object"); }
    }
  }
}
