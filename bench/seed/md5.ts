// Every id and attribute of the seed is derived from an md5 of a label, so the data looks random but is the same
// at every run, and later sections can refer to rows seeded by earlier ones without reading them back.
import { createHash } from "node:crypto";

/** Four unsigned 32-bit numbers from one md5 (hex characters 1-8, 9-16, 17-24, 25-32). */
export const u32 = (md5Expr: string, n: 0 | 1 | 2 | 3) => `('x' || substr(${md5Expr}, ${1 + n * 8}, 8))::bit(32)::bigint`;

export const md5hex = (s: string) => createHash("md5").update(s).digest("hex");
/** md5(label)::uuid as PostgreSQL spells it. */
export const md5Uuid = (label: string) => md5hex(label).replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, "$1-$2-$3-$4-$5");
