-- btree_gist backs the calendar's exclusion constraint (no double booking); created here first so
-- every later migration can rely on it, on PostgreSQL and on PGlite alike.
CREATE EXTENSION IF NOT EXISTS btree_gist;
