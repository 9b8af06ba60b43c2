// The house's floors, checked on every run so that they hold: routes → pages → domain → queries → db →
// lib, views on the side importing lib and types only, and rooms small enough to read. A new handler
// copies the shapes it finds; this test keeps the shapes it finds good. See docs/architecture.md.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "@babel/parser";
import { describe, expect, test } from "vitest";
import { fromRoot } from "../src/paths.js";

type SourceFile = { path: string; text: string; imports: Array<{ target: string; typeOnly: boolean }> };

function walk(dir: string): string[] {
  return readdirSync(fromRoot(dir)).flatMap((name) => {
    const relative = `${dir}/${name}`;
    if (statSync(fromRoot(relative)).isDirectory()) return name === "results" ? [] : walk(relative);
    return /\.(ts|tsx)$/.test(name) && !name.endsWith(".d.ts") ? [relative] : [];
  });
}

/** Every relative import of a file, resolved to a path from the project root (".js" written, ".ts(x)" meant). */
function read(file: string): SourceFile {
  const text = readFileSync(fromRoot(file), "utf8");
  const imports = [...text.matchAll(/^(?:import|export)\s+(type\s+)?[^;]*?\sfrom\s+"(\.[^"]+)"/gms)].map((m) => ({
    target: path.posix.normalize(path.posix.join(path.posix.dirname(file), m[2]!)).replace(/\.js$/, ""),
    typeOnly: !!m[1],
  }));
  return { path: file, text, imports };
}

const sources = ["src", "views", "bench", "tools"].flatMap(walk).map(read);
const under = (prefix: string) => sources.filter((f) => f.path.startsWith(prefix));
const importsOf = (files: SourceFile[], target: RegExp, values = false) =>
  files.flatMap((f) => f.imports.filter((i) => target.test(i.target) && !(values && i.typeOnly)).map((i) => `${f.path} → ${i.target}`));

describe("floors", () => {
  test("the sweep reads the code (it finds the routes and their imports)", () => {
    expect(under("src/routes/").length).toBeGreaterThan(20);
    expect(importsOf(under("src/routes/"), /^src\/scopes$/).length).toBeGreaterThan(5);
  });

  test("no route imports another route: a page that shows several nouns has a page loader in src/pages", () => {
    expect(importsOf(under("src/routes/"), /^src\/routes\//)).toEqual([]);
  });

  test("lib, queries and db import nothing from the floors above them, nor from views", () => {
    const low = [...under("src/lib/"), ...under("src/queries/"), ...under("src/db/")];
    expect(importsOf(low, /^(src\/(domain|routes|pages|demo|auth|scopes|app|json-shapes|emails|jobs)|views)\b/)).toEqual([]);
  });

  test("emails say what a message says: values from lib only, so the domain can write them in its transaction", () => {
    expect(importsOf(under("src/emails/"), /^src\/(?!lib\/|emails\/)/, true)).toEqual([]);
    expect(importsOf(under("src/emails/"), /^views\//)).toEqual([]);
  });

  test("the domain and the page loaders never reach up into routes, scopes or views", () => {
    expect(importsOf([...under("src/domain/"), ...under("src/pages/")], /^(src\/(routes|scopes|app|demo)|views)\b/)).toEqual([]);
  });

  test("views import values only from lib and other views (types from anywhere)", () => {
    expect(importsOf(under("views/"), /^src\/(?!lib\/)/, true)).toEqual([]);
  });

  test("the bench and the tests' tools never import the tests", () => {
    expect(importsOf([...under("bench/"), ...under("tools/")], /^test\//)).toEqual([]);
  });
});

describe("rooms small enough to read", () => {
  // A file of declarations may stay whole: the schema is read as a table, not as a story.
  const wholeByDesign = new Set(["src/db/schema.ts"]);

  test("no file in src/ or bench/ is longer than 400 lines", () => {
    const long = [...under("src/"), ...under("bench/")].filter((f) => !wholeByDesign.has(f.path))
      .map((f) => ({ file: f.path, lines: f.text.split("\n").length })).filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });

  test("no function in src/ or bench/ is longer than 60 lines", () => {
    const long: string[] = [];
    for (const file of [...under("src/"), ...under("bench/")]) {
      const ast = parse(file.text, { sourceType: "module", plugins: ["typescript", "jsx"] });
      visit(ast.program, (node) => {
        if (!/Function|Method/.test(node.type) || !node.loc) return;
        const lines = node.loc.end.line - node.loc.start.line + 1;
        if (lines > 60) long.push(`${file.path}:${node.loc.start.line} (${lines} lines)`);
      });
    }
    expect(long).toEqual([]);
  });
});

type Node = { type: string; loc?: { start: { line: number }; end: { line: number } } | null };
function visit(node: unknown, see: (node: Node) => void) {
  if (!node || typeof node !== "object") return;
  if (Array.isArray(node)) return node.forEach((n) => visit(n, see));
  if (typeof (node as Node).type === "string") see(node as Node);
  for (const [key, value] of Object.entries(node)) if (key !== "loc" && key !== "leadingComments" && key !== "trailingComments") visit(value, see);
}
