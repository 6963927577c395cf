// A parser for the Grafana Alloy configuration syntax (the language of monitoring/alloy/config.alloy), written for
// the offline checks: no Alloy binary exists on the machines that run the tests, and no npm package parses the
// syntax. It covers the whole grammar that a config file uses: blocks with optional labels, attributes, and
// expressions (literals, raw strings, arrays, objects, references, indexing, calls, unary and binary operators), plus
// the rules that `alloy fmt` enforces and that are easy to break by hand: a newline between statements and a trailing
// comma before a closing bracket that sits on its own line.
//
//   import { parseAlloy } from "./alloy-syntax.mjs";
//   const body = parseAlloy(text, "config.alloy"); // [{kind: "block", name: "loki.write", label: "local", body: [...]}]

export class AlloySyntaxError extends Error {
  constructor(file, line, col, message) {
    super(`${file}:${line}:${col}: ${message}`);
    this.line = line;
    this.col = col;
  }
}

const PUNCT = ["==", "!=", "<=", ">=", "&&", "||", "{", "}", "[", "]", "(", ")", ",", ".", "=", "<", ">", "+", "-",
  "*", "/", "%", "^", "!", ":"];

function tokenize(text, file) {
  const tokens = [];
  let i = 0;
  let line = 1;
  let lineStart = 0;
  let newlineBefore = true;
  const err = (msg, at = i) => new AlloySyntaxError(file, line, at - lineStart + 1, msg);
  while (i < text.length) {
    const c = text[i];
    if (c === "\n") {
      newlineBefore = true;
      i++;
      line++;
      lineStart = i;
      continue;
    }
    if (c === " " || c === "\t" || c === "\r") {
      i++;
      continue;
    }
    if (text.startsWith("//", i)) {
      while (i < text.length && text[i] !== "\n") i++;
      continue;
    }
    if (text.startsWith("/*", i)) {
      const end = text.indexOf("*/", i + 2);
      if (end < 0) throw err("unterminated block comment");
      for (let k = i; k < end; k++) {
        if (text[k] === "\n") {
          line++;
          lineStart = k + 1;
          newlineBefore = true;
        }
      }
      i = end + 2;
      continue;
    }
    const start = i;
    const col = i - lineStart + 1;
    const push = (type, value) => {
      tokens.push({ type, value, line, col, newlineBefore });
      newlineBefore = false;
    };
    if (/[A-Za-z_]/.test(c)) {
      while (i < text.length && /[A-Za-z0-9_]/.test(text[i])) i++;
      push("ident", text.slice(start, i));
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i));
      i += m[0].length;
      if (i < text.length && /[A-Za-z_]/.test(text[i])) throw err(`bad number "${text.slice(start, i + 1)}"`);
      push("number", Number(m[0]));
    } else if (c === '"') {
      i++;
      let value = "";
      for (;;) {
        if (i >= text.length || text[i] === "\n") throw err("unterminated string", start);
        const d = text[i];
        if (d === '"') {
          i++;
          break;
        }
        if (d === "\\") {
          const e = text[i + 1];
          const simple = { n: "\n", t: "\t", r: "\r", '"': '"', "\\": "\\", a: "\x07", b: "\b", f: "\f", v: "\v" };
          if (e in simple) {
            value += simple[e];
            i += 2;
          } else if (e === "x" || e === "u" || e === "U") {
            const n = e === "x" ? 2 : e === "u" ? 4 : 8;
            const hex = text.slice(i + 2, i + 2 + n);
            if (!new RegExp(`^[0-9A-Fa-f]{${n}}$`).test(hex)) throw err(`bad escape "\\${e}${hex}"`);
            value += String.fromCodePoint(parseInt(hex, 16));
            i += 2 + n;
          } else if (/[0-7]/.test(e)) {
            const oct = text.slice(i + 1, i + 4);
            if (!/^[0-7]{3}$/.test(oct)) throw err(`bad octal escape "\\${oct}"`);
            value += String.fromCharCode(parseInt(oct, 8));
            i += 4;
          } else {
            throw err(`unknown escape "\\${e}" in string`);
          }
          continue;
        }
        value += d;
        i++;
      }
      push("string", value);
    } else if (c === "`") {
      const end = text.indexOf("`", i + 1);
      if (end < 0) throw err("unterminated raw string");
      const value = text.slice(i + 1, end);
      push("string", value);
      for (const ch of value) {
        if (ch === "\n") line++;
      }
      if (value.includes("\n")) lineStart = text.lastIndexOf("\n", end) + 1;
      i = end + 1;
    } else {
      const p = PUNCT.find((q) => text.startsWith(q, i));
      if (!p) throw err(`unexpected character "${c}"`);
      i += p.length;
      push("punct", p);
    }
    tokens[tokens.length - 1].col = col;
  }
  tokens.push({ type: "eof", value: "", line, col: i - lineStart + 1, newlineBefore: true });
  return tokens;
}

const BINARY = { "||": 1, "&&": 2, "==": 3, "!=": 3, "<": 3, "<=": 3, ">": 3, ">=": 3, "+": 4, "-": 4, "*": 5,
  "/": 5, "%": 5, "^": 6 };

/** Parses Alloy configuration text into a list of statements; throws AlloySyntaxError with file:line:col. */
export function parseAlloy(text, file = "config.alloy") {
  const tokens = tokenize(text, file);
  let pos = 0;
  const peek = (k = 0) => tokens[pos + k];
  const next = () => tokens[pos++];
  const fail = (tok, msg) => {
    throw new AlloySyntaxError(file, tok.line, tok.col, msg);
  };
  const describe = (tok) => (tok.type === "eof" ? "end of file" : `"${tok.value}"`);
  const expect = (value) => {
    const tok = next();
    if (tok.type !== "punct" || tok.value !== value) fail(tok, `expected "${value}", found ${describe(tok)}`);
    return tok;
  };
  const isPunct = (tok, value) => tok.type === "punct" && tok.value === value;

  function parseBody(closing) {
    const statements = [];
    for (;;) {
      const tok = peek();
      if (closing ? isPunct(tok, "}") : tok.type === "eof") return statements;
      if (tok.type === "eof") fail(tok, 'expected "}" before end of file');
      if (statements.length > 0 && !tok.newlineBefore) fail(tok, `expected a newline before ${describe(tok)}`);
      if (tok.type !== "ident") fail(tok, `expected an attribute or block name, found ${describe(tok)}`);
      const parts = [next().value];
      while (isPunct(peek(), ".")) {
        next();
        const part = next();
        if (part.type !== "ident") fail(part, `expected a name after ".", found ${describe(part)}`);
        parts.push(part.value);
      }
      const after = peek();
      if (isPunct(after, "=")) {
        if (parts.length > 1) fail(tok, `attribute name "${parts.join(".")}" cannot contain "."`);
        next();
        statements.push({ kind: "attr", name: parts[0], value: parseExpr(0), line: tok.line });
      } else if (after.type === "string" || isPunct(after, "{")) {
        const label = after.type === "string" ? next().value : undefined;
        if (label !== undefined && !/^[A-Za-z_][A-Za-z0-9_]*$/.test(label)) {
          fail(after, `block label "${label}" must be an identifier (letters, digits, underscores)`);
        }
        expect("{");
        const body = parseBody(true);
        expect("}");
        statements.push({ kind: "block", name: parts.join("."), label, body, line: tok.line });
      } else {
        fail(after, `expected "=" or "{" after "${parts.join(".")}", found ${describe(after)}`);
      }
    }
  }

  function parseList(closing, parseItem) {
    const items = [];
    for (;;) {
      if (isPunct(peek(), closing)) {
        next();
        return items;
      }
      items.push(parseItem());
      const tok = peek();
      if (isPunct(tok, ",")) {
        next();
        continue;
      }
      if (isPunct(tok, closing)) {
        if (tok.newlineBefore) fail(tok, `missing "," before the "${closing}" on its own line`);
        next();
        return items;
      }
      fail(tok, `expected "," or "${closing}", found ${describe(tok)}`);
    }
  }

  // Precedence climbing; "^" is right-associative, every other operator left-associative.
  function parseExpr(minPrec) {
    let left = parseUnary();
    for (;;) {
      const tok = peek();
      const prec = tok.type === "punct" ? BINARY[tok.value] : undefined;
      if (prec === undefined || prec < minPrec) return left;
      next();
      const right = parseExpr(tok.value === "^" ? prec : prec + 1);
      left = { t: "binary", op: tok.value, left, right };
    }
  }

  function parseUnary() {
    const tok = peek();
    if (isPunct(tok, "!") || isPunct(tok, "-")) {
      next();
      return { t: "unary", op: tok.value, operand: parseUnary() };
    }
    return parsePostfix(parsePrimary());
  }

  function parsePostfix(expr) {
    for (;;) {
      const tok = peek();
      if (isPunct(tok, ".")) {
        next();
        const name = next();
        if (name.type !== "ident") fail(name, `expected a field name after ".", found ${describe(name)}`);
        expr = expr.t === "ref" ? { ...expr, path: [...expr.path, name.value] } : { t: "field", of: expr, name: name.value };
      } else if (isPunct(tok, "[") && !tok.newlineBefore) {
        next();
        const index = parseExpr(0);
        expect("]");
        expr = { t: "index", of: expr, index };
      } else if (isPunct(tok, "(") && !tok.newlineBefore) {
        next();
        expr = { t: "call", fn: expr, args: parseList(")", () => parseExpr(0)) };
      } else {
        return expr;
      }
    }
  }

  function parsePrimary() {
    const tok = next();
    if (tok.type === "string") return { t: "string", value: tok.value, line: tok.line };
    if (tok.type === "number") return { t: "number", value: tok.value };
    if (tok.type === "ident") {
      if (tok.value === "true" || tok.value === "false") return { t: "bool", value: tok.value === "true" };
      if (tok.value === "null") return { t: "null" };
      return { t: "ref", path: [tok.value], line: tok.line };
    }
    if (isPunct(tok, "(")) {
      const inner = parseExpr(0);
      expect(")");
      return inner;
    }
    if (isPunct(tok, "[")) return { t: "array", items: parseList("]", () => parseExpr(0)) };
    if (isPunct(tok, "{")) {
      const fields = parseList("}", () => {
        const key = next();
        if (key.type !== "ident" && key.type !== "string") fail(key, `expected an object key, found ${describe(key)}`);
        expect("=");
        return { key: key.value, value: parseExpr(0), line: key.line };
      });
      const seen = new Set();
      for (const f of fields) {
        if (seen.has(f.key)) fail(tok, `duplicate object key "${f.key}"`);
        seen.add(f.key);
      }
      return { t: "object", fields };
    }
    fail(tok, `expected an expression, found ${describe(tok)}`);
  }

  return parseBody(false);
}

/** The JavaScript value of a constant expression (strings, numbers, bools, null, arrays, objects), else undefined. */
export function constValue(expr) {
  switch (expr.t) {
    case "string":
    case "number":
    case "bool":
      return expr.value;
    case "null":
      return null;
    case "array": {
      const values = expr.items.map(constValue);
      return values.includes(undefined) ? undefined : values;
    }
    case "object": {
      const out = {};
      for (const f of expr.fields) {
        const v = constValue(f.value);
        if (v === undefined) return undefined;
        out[f.key] = v;
      }
      return out;
    }
    case "unary":
      if (expr.op === "-" && expr.operand.t === "number") return -expr.operand.value;
      return undefined;
    default:
      return undefined;
  }
}

/** Every reference (dotted name path) used anywhere inside an expression. */
export function references(expr, out = []) {
  if (!expr || typeof expr !== "object") return out;
  if (expr.t === "ref") out.push(expr);
  for (const v of Object.values(expr)) {
    if (Array.isArray(v)) v.forEach((x) => references(x?.t ? x : x?.value, out));
    else if (v && typeof v === "object" && v.t) references(v, out);
  }
  return out;
}
