import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/**
 * Finds the places in TypeScript sources that write a database table, for the table-ownership
 * test. It reads text, not types: raw SQL anywhere in the source (a template string over several
 * lines, a constant passed to `query` later) and TypeORM calls that name an entity class. It errs
 * towards reporting: a write it cannot name (`INSERT INTO ${table}`) is reported with the
 * expression as its table, so the test must account for it.
 */

/** One write: where it is, which table, and how it was spelled. */
export interface TableWrite {
  /** Path relative to the scanned root's parent, with `/` separators (e.g. `server/modules/intake/x.ts`). */
  file: string;
  line: number;
  /** The table, or `${expression}` when the SQL builds the name. */
  table: string;
  /** The statement or call that writes, e.g. `INSERT INTO` or `getRepository(Ward).save`. */
  via: string;
}

const IDENT = String.raw`("?[A-Za-z_][A-Za-z0-9_]*"?|\$\{[^}]+\})`;
/** SQL keywords are written in capitals in this codebase; prose in comments is not matched (comments are dropped first). */
const SQL_WRITES: { via: string; pattern: RegExp }[] = [
  { via: "INSERT INTO", pattern: new RegExp(String.raw`\bINSERT\s+INTO\s+${IDENT}`, "g") },
  {
    via: "UPDATE",
    pattern: new RegExp(
      String.raw`\bUPDATE\s+(?:ONLY\s+)?(?!SET\b)${IDENT}(?=\s+(?:AS\s+)?(?:[A-Za-z_][A-Za-z0-9_]*\s+)?SET\b)`,
      "g",
    ),
  },
  {
    via: "DELETE FROM",
    pattern: new RegExp(String.raw`\bDELETE\s+FROM\s+(?:ONLY\s+)?${IDENT}`, "g"),
  },
  { via: "COPY", pattern: new RegExp(String.raw`\bCOPY\s+${IDENT}(?=\s*(?:\(|FROM\b))`, "g") },
  {
    via: "TRUNCATE",
    pattern: new RegExp(String.raw`\bTRUNCATE\s+(?:TABLE\s+)?(?:ONLY\s+)?${IDENT}`, "g"),
  },
  { via: "MERGE INTO", pattern: new RegExp(String.raw`\bMERGE\s+INTO\s+${IDENT}`, "g") },
];

const REPOSITORY_WRITES =
  "save|insert|update|upsert|delete|remove|softDelete|softRemove|restore|recover|increment|decrement|clear";
/** `manager.save(Entity, …)`, `tx.insert(Entity, …)`, `qb.update(Entity)`, `.insert().into(Entity)`, `.delete().from(Entity)`. */
const ENTITY_CALLS: { via: (m: RegExpExecArray) => string; pattern: RegExp }[] = [
  {
    via: (m) => `.${m[1]}(${m[2]})`,
    pattern: new RegExp(
      String.raw`\.\s*(${REPOSITORY_WRITES})\s*\(\s*([A-Z][A-Za-z0-9_]*)\s*[,)]`,
      "g",
    ),
  },
  { via: (m) => `.into(${m[1]})`, pattern: /\.\s*into\s*\(\s*([A-Z][A-Za-z0-9_]*)\s*[,)]/g },
  {
    via: (m) => `.delete().from(${m[1]})`,
    pattern: /\.\s*delete\s*\(\s*\)\s*\.\s*from\s*\(\s*([A-Z][A-Za-z0-9_]*)\s*[,)]/g,
  },
];
const GET_REPOSITORY = /\bgetRepository\s*(?:<[^>]*>)?\s*\(\s*([A-Z][A-Za-z0-9_]*)\s*\)/g;
const HELD_REPOSITORY =
  /\b(?:const|let|var)\s+([A-Za-z_$][A-Za-z0-9_$]*)\s*(?::[^=]+)?=\s*[A-Za-z_$][A-Za-z0-9_$.]*\s*\.\s*getRepository\s*(?:<[^>]*>)?\s*\(\s*([A-Z][A-Za-z0-9_]*)\s*\)/g;

/**
 * Blanks comments (keeping line breaks, so line numbers hold) without touching strings: a `//` or
 * `/*` inside a quoted or template string is text, not a comment.
 */
export function withoutComments(source: string): string {
  let out = "";
  let i = 0;
  let quote: string | null = null;
  while (i < source.length) {
    const c = source[i];
    if (quote) {
      out += c;
      if (c === "\\") {
        out += source[i + 1] ?? "";
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i += 1;
    } else if (c === '"' || c === "'" || c === "`") {
      quote = c;
      out += c;
      i += 1;
    } else if (c === "/" && source[i + 1] === "/") {
      while (i < source.length && source[i] !== "\n") i += 1;
    } else if (c === "/" && source[i + 1] === "*") {
      const end = source.indexOf("*/", i + 2);
      const stop = end < 0 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, " ");
      i = stop;
    } else {
      out += c;
      i += 1;
    }
  }
  return out;
}

/**
 * The writes in one source text. `entityTables` maps entity class names to their tables
 * (`entityTablesOf`); a write through an entity class it does not know is reported with the table
 * `?ClassName`, so it cannot pass unnoticed.
 */
export function writesIn(
  source: string,
  file: string,
  entityTables: ReadonlyMap<string, string>,
): TableWrite[] {
  const text = withoutComments(source);
  const lineAt = (index: number) => text.slice(0, index).split("\n").length;
  const tableOf = (entity: string) => entityTables.get(entity) ?? `?${entity}`;
  const writes: TableWrite[] = [];
  for (const { via, pattern } of SQL_WRITES) {
    for (const m of text.matchAll(pattern))
      writes.push({ file, line: lineAt(m.index!), table: m[1].replace(/"/g, ""), via });
  }
  for (const { via, pattern } of ENTITY_CALLS) {
    for (const m of text.matchAll(pattern))
      writes.push({ file, line: lineAt(m.index!), table: tableOf(m[m.length - 1]), via: via(m) });
  }
  for (const m of text.matchAll(GET_REPOSITORY)) {
    // The rest of the statement: a write method right after, or a query builder that inserts, updates or deletes.
    const rest = statementAfter(text, m.index! + m[0].length);
    const direct = new RegExp(String.raw`^\s*\.\s*(${REPOSITORY_WRITES})\s*\(`).exec(rest);
    const built = /^\s*\.\s*createQueryBuilder\s*\(/.test(rest)
      ? /\.\s*(insert|update|delete|softDelete|restore)\s*\(\s*\)/.exec(rest)
      : null;
    const how = direct?.[1] ?? built?.[1];
    if (how)
      writes.push({
        file,
        line: lineAt(m.index!),
        table: tableOf(m[1]),
        via: `getRepository(${m[1]}).${built ? "createQueryBuilder()." : ""}${how}`,
      });
  }
  for (const m of text.matchAll(HELD_REPOSITORY)) {
    const [, name, entity] = m;
    const calls = new RegExp(
      String.raw`(?<![A-Za-z0-9_$.])${name.replace(/\$/g, "\\$")}\s*\.\s*(${REPOSITORY_WRITES})\s*\(`,
      "g",
    );
    for (const c of text.matchAll(calls))
      writes.push({
        file,
        line: lineAt(c.index!),
        table: tableOf(entity),
        via: `${name} = getRepository(${entity}); ${name}.${c[1]}`,
      });
  }
  return dedupe(writes).sort((a, b) => a.line - b.line || a.table.localeCompare(b.table));
}

/** A write whose SQL builds the table's name (`table`, e.g. `${table}`), and the tables it can name. */
export interface DynamicWrite {
  file: string;
  table: string;
  tables: string[];
}

/** A write outside its table's owner that is still to move, and why it is there. */
export interface PendingWrite {
  file: string;
  table: string;
  why: string;
}

/**
 * What is wrong with the writes under the ownership rules: unknown tables, writes outside the owner, stale pending entries.
 * Owners are path prefixes: a folder (`server/modules/households/`) or a file. Returns one line per problem; none when all is well.
 */
export function violationsOf(
  writes: TableWrite[],
  owners: Record<string, string>,
  dynamic: DynamicWrite[],
  pending: PendingWrite[],
): string[] {
  const problems: string[] = [];
  const used = new Set<PendingWrite>();
  for (const w of writes) {
    const at = `${w.file}:${w.line} ${w.via} ${w.table}`;
    const dyn = dynamic.find((d) => d.file === w.file && d.table === w.table);
    const tables = dyn ? dyn.tables : [w.table];
    for (const table of tables) {
      const owner = owners[table];
      if (!owner) {
        problems.push(
          `${at}: no owner for table "${table}" (an unknown table or entity, or a table name the scanner cannot read)`,
        );
        continue;
      }
      if (w.file.startsWith(owner)) continue;
      const excused = pending.find((p) => p.file === w.file && p.table === table);
      if (excused) used.add(excused);
      else
        problems.push(
          `${at}: writes ${table}, owned by ${owner}; call the owner's change function instead`,
        );
    }
  }
  for (const p of pending)
    if (!used.has(p))
      problems.push(
        `pending entry ${p.file} → ${p.table} matches no write any more: remove it from PENDING`,
      );
  return problems;
}

/** Entity class name → table, from `@Entity("table")` decorators in the sources. */
export function entityTablesOf(sources: { text: string }[]): Map<string, string> {
  const tables = new Map<string, string>();
  const pattern =
    /@Entity\(\s*["']([a-z_][a-z0-9_]*)["'][^)]*\)(?:\s*@[A-Za-z]+(?:\([^)]*\))?)*\s*export\s+(?:abstract\s+)?class\s+([A-Za-z0-9_]+)/g;
  for (const { text } of sources)
    for (const m of withoutComments(text).matchAll(pattern)) tables.set(m[2], m[1]);
  return tables;
}

/** The `.ts` sources under the roots (relative to `base`), without unit specs. */
export function sourcesUnder(base: string, roots: string[]): { file: string; text: string }[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (
        /\.(ts|tsx|mts)$/.test(name) &&
        !/\.(spec|test)\.ts$/.test(name) &&
        !name.endsWith(".d.ts")
      )
        files.push(path);
    }
  };
  for (const root of roots) walk(join(base, root));
  return files.sort().map((path) => ({
    file: relative(base, path).split(sep).join("/"),
    text: readFileSync(path, "utf8"),
  }));
}

/** Every write in the sources under the roots. */
export function scanWrites(base: string, roots: string[]): TableWrite[] {
  const sources = sourcesUnder(base, roots);
  const entities = entityTablesOf(sources);
  return sources.flatMap(({ file, text }) => writesIn(text, file, entities));
}

/** The text from `start` to the end of its statement: the first `;` outside brackets and strings. */
function statementAfter(text: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start; i < text.length; i += 1) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i += 1;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "(" || c === "[" || c === "{") depth += 1;
    else if (c === ")" || c === "]" || c === "}") {
      if (depth === 0) return text.slice(start, i);
      depth -= 1;
    } else if (c === ";" && depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

function dedupe(writes: TableWrite[]): TableWrite[] {
  const seen = new Set<string>();
  return writes.filter((w) => {
    const key = `${w.line}:${w.table}:${w.via.split("(")[0]}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
