#!/usr/bin/env python3
"""gen_schema.py - write a large synthetic PostgreSQL 15 schema to stdout.

The output reads like a long series of migration files: schemas, tables with
foreign keys to earlier tables, indexes, later ALTER TABLE migrations, comments,
functions with $$ bodies, views and seed INSERTs.  It deliberately contains the
problems dbl looks for (foreign keys without an index, redundant indexes,
nullable and floating-point money columns, numeric -> float type changes) next
to many statements that are fine, so a benchmark exercises the whole pipeline.

Deterministic: the same --seed and --scale always give the same bytes.
Linear: --scale K emits K times as many tables (and so statements and bytes)
as --scale 1, and each foreign key points at most WINDOW tables back, so no
part of the schema grows faster than the input.
--limit N stops after N statements; the result is an exact prefix of the full
output, which the benchmark uses to feed quadratic tools smaller inputs.

Usage: gen_schema.py [--scale K] [--seed S] [--limit N]
"""

import argparse
import random
import sys

# One "scale" is this many tables; about 12,000 statements and 1.9 MB.
TABLES_PER_SCALE = 1400
# Tables per schema (one schema ~ one feature area / migration folder).
TABLES_PER_SCHEMA = 25
# Foreign keys only point this many tables back (keeps the generator linear).
WINDOW = 60

DOMAINS = ["billing", "catalog", "crm", "inventory", "shipping", "hr",
           "analytics", "support", "auth", "marketing", "ledger", "booking"]

ENTITIES = ["customers", "accounts", "orders", "order_items", "invoices",
            "invoice_lines", "payments", "refunds", "products", "variants",
            "suppliers", "warehouses", "shipments", "addresses", "users",
            "sessions", "subscriptions", "plans", "coupons", "tickets",
            "messages", "employees", "departments", "events", "carts",
            "quotes", "contracts", "vendors", "payouts", "transfers"]

# Money-like column names (numeric type expected) and harmless numeric names.
MONEY_NAMES = ["price", "unit_price", "amount", "total", "total_amount",
               "tax_amount", "fee", "balance", "cost", "shipping_cost",
               "discount_amount", "payment_amount", "net_total", "list_price"]
FLOAT_NAMES = ["weight_kg", "rating", "score", "latitude", "longitude",
               "temperature", "load_factor", "ctr"]
TEXT_NAMES = ["title", "description", "notes", "slug", "label", "reference",
              "external_ref", "city", "country_code", "locale", "phone"]
STATUSES = ["active", "inactive", "pending", "archived"]
WORDS = ["alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf",
         "hotel", "india", "juliet", "kilo", "lima", "mike", "november"]


def entity_of(table):
    """The entity word of a generated table name: "order_items_42" -> "order_items"."""
    return table["name"].rsplit("_", 1)[0]


def singular(word):
    """A simple English singular, good enough for column names like customer_id."""
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("sses") or word.endswith("ches"):
        return word[:-2]
    return word[:-1] if word.endswith("s") else word


class Gen:
    """Streams statements to a file, tracking enough state to stay valid SQL."""

    def __init__(self, out, seed, limit):
        self.out = out
        self.rng = random.Random(seed)
        self.limit = limit
        self.count = 0
        self.tables = []       # every table created so far, oldest first
        self.serial = 0        # global counter for unique names and values
        self.index_names = set()

    # --- output -------------------------------------------------------------

    class Done(Exception):
        """Raised when --limit statements have been written."""

    def emit(self, sql):
        """Write one statement (without its ';') followed by ';' and a newline."""
        if self.limit is not None and self.count >= self.limit:
            raise Gen.Done()
        self.out.write(sql)
        self.out.write(";\n")
        self.count += 1

    def comment(self, text):
        """Write a line comment (not a statement)."""
        self.out.write("-- %s\n" % text)

    # --- helpers ------------------------------------------------------------

    def chance(self, p):
        return self.rng.random() < p

    def next_id(self):
        self.serial += 1
        return self.serial

    def index_name(self, table, suffix):
        # PostgreSQL truncates identifiers at 63 bytes; keep names unique below that.
        base = "%s_%s" % (table["name"], suffix)
        base = base[:55]
        name = base
        while name in self.index_names:
            name = "%s_%d" % (base, self.next_id())
        self.index_names.add(name)
        return name

    @staticmethod
    def qname(table):
        return "%s.%s" % (table["schema"], table["name"])

    def pick_parent(self, exclude=None):
        """A table created recently (within WINDOW), or None at the very start."""
        recent = [t for t in self.tables[-WINDOW:] if t is not exclude]
        return self.rng.choice(recent) if recent else None

    # --- one table and everything that belongs to it ------------------------

    def create_table(self, schema, area):
        r = self.rng
        entity = r.choice(ENTITIES)
        t = {
            "schema": schema,
            "name": "%s_%d" % (entity, self.next_id()),
            "pk": "uuid" if self.chance(0.3) else "bigint",
            "cols": [],          # (name, type, not_null)
            "fks": [],           # [column names] per foreign key
            "parents": {},       # single-column FK column -> referenced table
            "tenant": self.chance(0.2),
            "view_cols": set(),  # columns a view reads: never ALTER TYPE these
            "has_rows": False,
        }
        cols, tail = [], []

        if t["pk"] == "uuid":
            cols.append("id uuid PRIMARY KEY DEFAULT gen_random_uuid()")
        else:
            cols.append("id bigserial PRIMARY KEY")
        t["cols"].append(("id", t["pk"], True))

        if t["tenant"]:
            cols.append("tenant_id bigint NOT NULL")
            t["cols"].append(("tenant_id", "bigint", True))

        # Foreign keys to earlier tables: inline REFERENCES or table-level constraints.
        for _ in range(r.choice([0, 1, 1, 1, 2, 2, 3])):
            parent = self.pick_parent()
            if parent is None:
                break
            col = "%s_id" % singular(entity_of(parent))
            if any(c[0] == col for c in t["cols"]):
                col = "%s_%d" % (col, self.next_id())
            not_null = self.chance(0.7)
            nn = " NOT NULL" if not_null else ""
            action = r.choice(["", "", " ON DELETE CASCADE", " ON DELETE SET NULL" if not not_null else " ON DELETE RESTRICT"])
            if t["tenant"] and parent["tenant"] and self.chance(0.5):
                # Composite tenant-scoped foreign key (needs UNIQUE (tenant_id, id) on parent).
                cols.append("%s %s%s" % (col, parent["pk"], nn))
                tail.append("CONSTRAINT %s FOREIGN KEY (tenant_id, %s) REFERENCES %s (tenant_id, id)%s"
                            % (self.index_name(t, col + "_fkey"), col, self.qname(parent), action))
                t["fks"].append(["tenant_id", col])
            elif self.chance(0.6):
                cols.append("%s %s%s REFERENCES %s (id)%s" % (col, parent["pk"], nn, self.qname(parent), action))
                t["fks"].append([col])
                t["parents"][col] = parent
            else:
                cols.append("%s %s%s" % (col, parent["pk"], nn))
                tail.append("CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id)%s"
                            % (self.index_name(t, col + "_fkey"), col, self.qname(parent), action))
                t["fks"].append([col])
                t["parents"][col] = parent
            t["cols"].append((col, parent["pk"], not_null))

        # Self reference (tree structures), always nullable.
        if self.chance(0.08):
            cols.append("parent_id %s REFERENCES %s (id)" % (t["pk"], self.qname(t)))
            t["cols"].append(("parent_id", t["pk"], False))
            t["fks"].append(["parent_id"])

        n = r.choice([60, 80, 120, 200, 255])
        cols.append("name varchar(%d) NOT NULL" % n)
        t["cols"].append(("name", "varchar(%d)" % n, True))
        if self.chance(0.5):
            cols.append("email varchar(255)")
            t["cols"].append(("email", "varchar(255)", False))
        if self.chance(0.4):
            cols.append("code varchar(32) NOT NULL")
            t["cols"].append(("code", "varchar(32)", True))
            tail.append("CONSTRAINT %s UNIQUE (code)" % self.index_name(t, "code_key"))
        if self.chance(0.25):
            cols.append("status text NOT NULL DEFAULT 'active' CHECK (status IN (%s))"
                        % ", ".join("'%s'" % s for s in STATUSES))
        else:
            cols.append("status text NOT NULL DEFAULT 'active'")
        t["cols"].append(("status", "text", True))

        for name in r.sample(TEXT_NAMES, r.choice([0, 0, 1])):
            typ = r.choice(["text", "varchar(100)", "varchar(500)"])
            cols.append("%s %s" % (name, typ))
            t["cols"].append((name, typ, False))

        # Money: mostly numeric(12,2) NOT NULL; some nullable; a few floats.
        for name in r.sample(MONEY_NAMES, r.choice([0, 1, 1, 2])):
            roll = r.random()
            if roll < 0.06:
                typ, nn = r.choice(["double precision", "real", "float8"]), " NOT NULL"
            elif roll < 0.25:
                typ, nn = "numeric(12,2)", ""
            else:
                typ, nn = "numeric(12,2)", " NOT NULL DEFAULT 0"
            check = " CHECK (%s >= 0)" % name if self.chance(0.2) else ""
            cols.append("%s %s%s%s" % (name, typ, nn, check))
            t["cols"].append((name, typ, nn != ""))
        if self.chance(0.3):
            cols.append("currency char(3) NOT NULL DEFAULT 'USD'")
            t["cols"].append(("currency", "char(3)", True))
        if self.chance(0.25):
            cols.append("quantity integer NOT NULL DEFAULT 1")
            t["cols"].append(("quantity", "integer", True))
        for name in r.sample(FLOAT_NAMES, r.choice([0, 0, 1])):
            typ = r.choice(["real", "double precision"])
            cols.append("%s %s" % (name, typ))
            t["cols"].append((name, typ, False))
        if self.chance(0.45):
            cols.append("metadata jsonb NOT NULL DEFAULT '{}'::jsonb")
            t["cols"].append(("metadata", "jsonb", True))
        if self.chance(0.15):
            cols.append('"displayName" varchar(100)')
            t["cols"].append(('"displayName"', "varchar(100)", False))
        cols.append("created_at timestamptz NOT NULL DEFAULT now()")
        cols.append("updated_at timestamptz")
        t["cols"] += [("created_at", "timestamptz", True), ("updated_at", "timestamptz", False)]
        if self.chance(0.3):
            cols.append("deleted_at timestamptz")
            t["cols"].append(("deleted_at", "timestamptz", False))
        if t["tenant"]:
            tail.append("CONSTRAINT %s UNIQUE (tenant_id, id)" % self.index_name(t, "tenant_id_id_key"))

        body = ",\n    ".join(cols + tail)
        exists = "IF NOT EXISTS " if self.chance(0.1) else ""
        self.emit("CREATE TABLE %s%s (\n    %s\n)" % (exists, self.qname(t), body))
        self.tables.append(t)
        return t

    def col_names(self, t, pred=lambda c: True):
        return [c[0] for c in t["cols"] if pred(c)]

    def create_indexes(self, t):
        """Indexes for a new table: FK coverage (not always), redundancy, partial, expression, INCLUDE."""
        r, q = self.rng, self.qname(t)
        for fk in t["fks"]:
            if self.chance(0.6):
                conc = "CONCURRENTLY " if self.chance(0.15) else ""
                self.emit("CREATE INDEX %s%s ON %s (%s)"
                          % (conc, self.index_name(t, fk[-1] + "_idx"), q, ", ".join(fk)))
        names = self.col_names(t)
        if "email" in names and self.chance(0.7):
            self.emit("CREATE UNIQUE INDEX %s ON %s (lower(email))" % (self.index_name(t, "email_lower_key"), q))
        if "deleted_at" in names:
            self.emit("CREATE INDEX %s ON %s (status) WHERE deleted_at IS NULL"
                      % (self.index_name(t, "status_live_idx"), q))
        if self.chance(0.35):
            self.emit("CREATE INDEX %s ON %s USING btree (created_at DESC) INCLUDE (status)"
                      % (self.index_name(t, "created_at_idx"), q))
        if self.chance(0.15):
            # A redundant pair: (a) is a leading prefix of (a, created_at).
            a = r.choice(self.col_names(t, lambda c: c[0] not in ("id", "created_at")))
            self.emit("CREATE INDEX %s ON %s (%s)" % (self.index_name(t, a.strip('"') + "_idx"), q, a))
            self.emit("CREATE INDEX %s ON %s (%s, created_at)"
                      % (self.index_name(t, a.strip('"') + "_created_idx"), q, a))
        if "metadata" in names and self.chance(0.25):
            self.emit("CREATE INDEX %s ON %s USING gin (metadata jsonb_path_ops)"
                      % (self.index_name(t, "metadata_gin"), q))
        if self.chance(0.1):
            self.emit("CREATE INDEX IF NOT EXISTS %s ON %s (name text_pattern_ops)"
                      % (self.index_name(t, "name_pattern_idx"), q))

    def comments(self, t):
        q = self.qname(t)
        self.emit("COMMENT ON TABLE %s IS 'Records of %s; owned by the %s team.'"
                  % (q, entity_of(t).replace("_", " "), t["schema"].split("_")[0]))
        for c in self.rng.sample(t["cols"], min(len(t["cols"]), self.rng.choice([0, 1, 2]))):
            self.emit("COMMENT ON COLUMN %s.%s IS 'The %s; set by the app.'"
                      % (q, c[0], c[0].strip('"').replace("_", " ")))

    def alter_table(self, t):
        """A later migration touching this table: add/alter columns, add constraints."""
        r, q = self.rng, self.qname(t)
        roll = r.random()
        if roll < 0.3:
            if self.chance(0.5):
                name, typ = "%s_%d" % (r.choice(MONEY_NAMES), self.next_id()), "numeric(12,2)"
            else:
                name, typ = "%s_%d" % (r.choice(TEXT_NAMES), self.next_id()), "text"
            default = " DEFAULT 0" if typ.startswith("numeric") and self.chance(0.5) else ""
            self.emit("ALTER TABLE %s ADD COLUMN %s %s%s" % (q, name, typ, default))
            t["cols"].append((name, typ, False))
            if default and not t["has_rows"] and self.chance(0.5):
                self.emit("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL" % (q, name))
        elif roll < 0.55:
            # New foreign key added by migration, sometimes NOT VALID, sometimes indexed.
            parent = self.pick_parent(exclude=t)
            if parent is None:
                return
            col = "%s_%d_id" % (singular(entity_of(parent)), self.next_id())
            self.emit("ALTER TABLE %s ADD COLUMN %s %s" % (q, col, parent["pk"]))
            t["cols"].append((col, parent["pk"], False))
            nv = " NOT VALID" if self.chance(0.2) else ""
            self.emit("ALTER TABLE %s ADD CONSTRAINT %s FOREIGN KEY (%s) REFERENCES %s (id)%s"
                      % (q, self.index_name(t, col + "_fkey"), col, self.qname(parent), nv))
            t["fks"].append([col])
            t["parents"][col] = parent
            if self.chance(0.5):
                self.emit("CREATE INDEX %s ON %s (%s)" % (self.index_name(t, col + "_idx"), q, col))
        elif roll < 0.75:
            # Column type changes; a few turn exact money into floating point.
            money = [c for c in t["cols"] if c[1].startswith("numeric") and c[0] not in t["view_cols"]]
            texts = [c for c in t["cols"] if c[1].startswith("varchar") and c[0] not in t["view_cols"]
                     and c[0] != "code"]
            if money and self.chance(0.25):
                c = r.choice(money)
                self.emit("ALTER TABLE %s ALTER COLUMN %s TYPE double precision" % (q, c[0]))
                t["cols"][t["cols"].index(c)] = (c[0], "double precision", c[2])
            elif money and self.chance(0.5):
                c = r.choice(money)
                self.emit("ALTER TABLE %s ALTER COLUMN %s TYPE numeric(14,2)" % (q, c[0]))
                t["cols"][t["cols"].index(c)] = (c[0], "numeric(14,2)", c[2])
            elif texts:
                c = r.choice(texts)
                self.emit("ALTER TABLE %s ALTER COLUMN %s TYPE varchar(1000)" % (q, c[0]))
                t["cols"][t["cols"].index(c)] = (c[0], "varchar(1000)", c[2])
        elif roll < 0.9:
            nullable = [c for c in t["cols"] if not c[2] and c[1] != "timestamptz" and c[0] != "parent_id"]
            if nullable and not t["has_rows"]:
                c = r.choice(nullable)
                self.emit("ALTER TABLE %s ALTER COLUMN %s SET NOT NULL" % (q, c[0]))
                t["cols"][t["cols"].index(c)] = (c[0], c[1], True)
            else:
                self.emit("ALTER TABLE %s ALTER COLUMN status SET DEFAULT 'pending'" % q)
        else:
            self.emit("ALTER TABLE %s ADD CONSTRAINT %s CHECK (char_length(name) > 0)"
                      % (q, self.index_name(t, "name_check")))

    def insert_rows(self, t):
        """Seed data for tables whose required columns we can fill without FK targets."""
        fk_cols = {c for fk in t["fks"] for c in fk}
        required = [c for c in t["cols"] if c[2] and c[0] in fk_cols]
        if required:
            return
        cols = [c for c in t["cols"]
                if c[0] not in fk_cols and c[0] not in ("id", "created_at", "updated_at", "deleted_at", "status")]
        rows = []
        for _ in range(self.rng.choice([1, 2, 3, 5])):
            rows.append("(" + ", ".join(self.value(c) for c in cols) + ")")
        self.emit("INSERT INTO %s (%s) VALUES\n    %s"
                  % (self.qname(t), ", ".join(c[0] for c in cols), ",\n    ".join(rows)))
        t["has_rows"] = True

    def value(self, col):
        """A literal that fits the column's type (unique where a unique index may exist)."""
        name, typ, _ = col
        r, n = self.rng, self.next_id()
        if name == "email":
            return "'user%d@example.com'" % n
        if name == "code":
            return "'C-%d'" % n
        if name == "tenant_id":
            return str(r.randint(1, 50))
        if name == "currency":
            return "'EUR'"
        if typ.startswith("varchar") or typ == "text":
            # Semicolons and doubled quotes inside strings exercise the splitter.
            return "'%s %s; it''s #%d'" % (r.choice(WORDS), r.choice(WORDS), n)
        if typ.startswith("numeric"):
            return "%d.%02d" % (r.randint(0, 9999), r.randint(0, 99))
        if typ in ("real", "double precision", "float8"):
            return "%.3f" % (r.random() * 100)
        if typ == "integer":
            return str(r.randint(1, 20))
        if typ == "jsonb":
            return "'{\"source\": \"import\", \"batch\": %d}'" % n
        if typ == "bigint":
            return str(n)
        if typ == "uuid":
            return "gen_random_uuid()"
        return "NULL"

    # --- per-schema objects ---------------------------------------------------

    def schema_functions(self, schema):
        """A trigger function with a plpgsql body full of semicolons."""
        self.emit("CREATE OR REPLACE FUNCTION %s.set_updated_at() RETURNS trigger\n"
                  "LANGUAGE plpgsql AS $$\n"
                  "BEGIN\n"
                  "    NEW.updated_at := now();\n"
                  "    IF NEW.status = 'archived' AND OLD.status <> 'archived' THEN\n"
                  "        RAISE NOTICE 'archiving %%; id=%%', TG_TABLE_NAME, NEW.id;\n"
                  "    END IF;\n"
                  "    RETURN NEW;\n"
                  "END;\n"
                  "$$" % schema)

    def trigger(self, t):
        self.emit("CREATE TRIGGER %s BEFORE UPDATE ON %s FOR EACH ROW EXECUTE FUNCTION %s.set_updated_at()"
                  % (self.index_name(t, "set_updated_at"), self.qname(t), t["schema"]))

    def table_function(self, t):
        """A SQL or plpgsql helper reading the table, with a tagged dollar quote."""
        q = self.qname(t)
        fname = "%s.%s_count_%s" % (t["schema"], t["name"], "by_status")
        if self.chance(0.5):
            self.emit("CREATE FUNCTION %s(p_status text) RETURNS bigint\n"
                      "LANGUAGE sql STABLE AS $fn$\n"
                      "    SELECT count(*) FROM %s WHERE status = p_status;\n"
                      "$fn$" % (fname, q))
        else:
            self.emit("CREATE FUNCTION %s(p_status text) RETURNS bigint\n"
                      "LANGUAGE plpgsql STABLE AS $body$\n"
                      "DECLARE\n"
                      "    n bigint := 0;\n"
                      "    r record;\n"
                      "BEGIN\n"
                      "    FOR r IN SELECT id FROM %s WHERE status = p_status LOOP\n"
                      "        n := n + 1;  -- counting; one row at a time\n"
                      "    END LOOP;\n"
                      "    RETURN n;\n"
                      "END;\n"
                      "$body$" % (fname, q))

    def view(self, t):
        """A view joining a table to one of its FK parents (or a plain filtered view)."""
        q = self.qname(t)
        single = sorted(t["parents"])
        if single:
            col = self.rng.choice(single)
            parent = t["parents"][col]
            self.emit("CREATE VIEW %s_summary AS\n"
                      "SELECT p.id, p.name, count(c.id) AS child_count, max(c.created_at) AS last_created_at\n"
                      "FROM %s p\n"
                      "LEFT JOIN %s c ON c.%s = p.id\n"
                      "GROUP BY p.id, p.name" % (q, self.qname(parent), q, col))
            t["view_cols"].update({col, "id", "created_at"})
            parent["view_cols"].update({"id", "name"})
        else:
            self.emit("CREATE OR REPLACE VIEW %s_live AS\n"
                      "SELECT id, name, status, created_at FROM %s WHERE status <> 'archived'" % (q, q))
            t["view_cols"].update({"id", "name", "status", "created_at"})

    # --- the whole file -------------------------------------------------------

    def run(self, tables):
        schema = None
        for i in range(tables):
            if i % TABLES_PER_SCHEMA == 0:
                area = DOMAINS[(i // TABLES_PER_SCHEMA) % len(DOMAINS)]
                schema = "%s_%d" % (area, i // TABLES_PER_SCHEMA)
                self.out.write("\n-- migration %04d: %s\n" % (i // TABLES_PER_SCHEMA, schema))
                self.emit("CREATE SCHEMA IF NOT EXISTS %s" % schema)
                self.emit("COMMENT ON SCHEMA %s IS 'Feature area %s'" % (schema, area))
                self.schema_functions(schema)
            t = self.create_table(schema, area)
            self.create_indexes(t)
            self.comments(t)
            if self.chance(0.4):
                self.insert_rows(t)
            if "updated_at" in self.col_names(t) and self.chance(0.3):
                self.trigger(t)
            if self.chance(0.12):
                self.table_function(t)
            if self.chance(0.15):
                self.view(t)
            # Later migrations revisit recent tables (ALTER TABLE ...).
            for _ in range(self.rng.choice([0, 1, 2, 2, 3])):
                self.alter_table(self.pick_parent() or t)


def main():
    ap = argparse.ArgumentParser(description="Write a synthetic PostgreSQL schema to stdout.")
    ap.add_argument("--scale", type=int, default=1, help="size multiplier (1 = ~12k statements, ~1.9 MB)")
    ap.add_argument("--seed", type=int, default=1, help="random seed (output is deterministic)")
    ap.add_argument("--limit", type=int, default=None, help="stop after this many statements")
    args = ap.parse_args()
    if args.scale < 1:
        ap.error("--scale must be >= 1")

    out = sys.stdout
    out.write("-- synthetic schema: gen_schema.py --scale %d --seed %d\n" % (args.scale, args.seed))
    gen = Gen(out, args.seed, args.limit)
    try:
        gen.run(TABLES_PER_SCALE * args.scale)
    except Gen.Done:
        pass
    out.flush()


if __name__ == "__main__":
    main()
