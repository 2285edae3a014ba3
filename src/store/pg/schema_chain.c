/*
 * schema_chain.c - migration 15 of the PostgreSQL schema (SQLite:
 * src/store/sqlite/schema_chain.c): every row of the write audit (audit)
 * and of the read audit (reads.audit_read) gets a seal, a BLAKE2b-256 hash
 * over the previous row's seal and the row's own content, so that a
 * deleted, edited or inserted row breaks the chain where it happened. Never
 * edit a released migration: add a new one.
 *
 * Same seals as SQLite: pl_audit_hash() here gives, byte for byte, what the
 * C function pl_audit_hash (src/store/sqlite/chain.c) gives for the same
 * values: BLAKE2b with a 32-byte digest (libsodium's crypto_generichash,
 * no key) over the tag "pilar audit chain 1" with its NUL, then each value
 * tagged with its type (0 NULL; 1 integer, 8 bytes little-endian; 3 text and
 * 4 blob, 8-byte little-endian length then the bytes). PostgreSQL has no
 * BLAKE2b (pgcrypto's digest() offers OpenSSL's BLAKE2b-512, whose 32-byte
 * prefix is another hash), so pl_blake2b256 computes it in PL/pgSQL, each
 * 64-bit word in a bigint with the additions carried in 32-bit halves.
 * tests/integration/test_pg_schema.sh checks both backends seal the same
 * rows alike.
 *
 * Order: seals follow ids. On SQLite writers are serialised; here the seal
 * trigger (BEFORE INSERT) first locks the chain's head row (audit_chain_head,
 * one row: last sealed id and seal), and only then takes the row's id from
 * the sequence, so ids are given in the order seals are made and a
 * transaction that audits holds the head until it commits: concurrent
 * writers' audit rows queue there (the rest of their work runs in parallel).
 * A row inserted with an explicit id (a copy between backends) must come
 * above the head. In REPEATABLE READ a writer that finds the head moved gets
 * a serialization failure and retries, never a forked chain.
 */
/* Migration SQL is laid out by hand. */
/* clang-format off */

#define M "4294967295"
/* A := A + B (+ X), modulo 2^64, carrying through 32-bit halves (bigint arithmetic checks overflow). */
#define ADD3(A, B, X)                                                                          \
    "lo := (" A " & " M ") + (" B " & " M ") + (" X " & " M "); " A " := ((((" A " >> 32) & "  \
    M ") + ((" B " >> 32) & " M ") + ((" X " >> 32) & " M ") + (lo >> 32)) << 32) | (lo & " M  \
    "); "
#define ADD2(A, B)                                                                             \
    "lo := (" A " & " M ") + (" B " & " M "); " A " := ((((" A " >> 32) & " M ") + ((" B      \
    " >> 32) & " M ") + (lo >> 32)) << 32) | (lo & " M "); "
/* D := rotr64(D xor A, N); MASK = 2^(64 - N) - 1, L = 64 - N. */
#define ROT(D, A, N, MASK, L)                                                                  \
    D " := " D " # " A "; " D " := ((" D " >> " N ") & " MASK ") | (" D " << " L "); "
#define MW(X) "m" #X
#define G(A, B, C, D, X, Y)                                                                    \
    ADD3(A, B, MW(X)) ROT(D, A, "32", "4294967295", "32") ADD2(C, D)                           \
    ROT(B, C, "24", "1099511627775", "40") ADD3(A, B, MW(Y))                                   \
    ROT(D, A, "16", "281474976710655", "48") ADD2(C, D) ROT(B, C, "63", "1", "1")
#define ROUND(s0, s1, s2, s3, s4, s5, s6, s7, s8, s9, s10, s11, s12, s13, s14, s15)            \
    G("v0", "v4", "v8", "v12", s0, s1) G("v1", "v5", "v9", "v13", s2, s3)                      \
    G("v2", "v6", "v10", "v14", s4, s5) G("v3", "v7", "v11", "v15", s6, s7)                    \
    G("v0", "v5", "v10", "v15", s8, s9) G("v1", "v6", "v11", "v12", s10, s11)                  \
    G("v2", "v7", "v8", "v13", s12, s13) G("v3", "v4", "v9", "v14", s14, s15)
/* Message word I of block b, little-endian. */
#define W(I)                                                                                   \
    "m" #I " := get_byte(b, " #I " * 8)::bigint | (get_byte(b, " #I " * 8 + 1)::bigint << 8) | " \
    "(get_byte(b, " #I " * 8 + 2)::bigint << 16) | (get_byte(b, " #I " * 8 + 3)::bigint << 24) | " \
    "(get_byte(b, " #I " * 8 + 4)::bigint << 32) | (get_byte(b, " #I " * 8 + 5)::bigint << 40) | " \
    "(get_byte(b, " #I " * 8 + 6)::bigint << 48) | (get_byte(b, " #I " * 8 + 7)::bigint << 56); "
#define LE_BYTE(S) "lpad(to_hex((v >> " S ") & 255), 2, '0')"

#define BLAKE2B                                                                                \
    "CREATE FUNCTION pl_le64(v bigint) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT AS $f$ "   \
    "SELECT decode(" LE_BYTE("0") " || " LE_BYTE("8") " || " LE_BYTE("16") " || "               \
    LE_BYTE("24") " || " LE_BYTE("32") " || " LE_BYTE("40") " || " LE_BYTE("48") " || "         \
    LE_BYTE("56") ", 'hex') $f$;\n"                                                              \
    "CREATE FUNCTION pl_blake2b256(msg bytea) RETURNS bytea LANGUAGE plpgsql IMMUTABLE STRICT " \
    "AS $f$ DECLARE n int := length(msg); off int := 0; t bigint := 0; last boolean; b bytea; " \
    "lo bigint; "                                                                              \
    "i0 CONSTANT bigint := x'6a09e667f3bcc908'::bigint; "                                      \
    "i1 CONSTANT bigint := x'bb67ae8584caa73b'::bigint; "                                      \
    "i2 CONSTANT bigint := x'3c6ef372fe94f82b'::bigint; "                                      \
    "i3 CONSTANT bigint := x'a54ff53a5f1d36f1'::bigint; "                                      \
    "i4 CONSTANT bigint := x'510e527fade682d1'::bigint; "                                      \
    "i5 CONSTANT bigint := x'9b05688c2b3e6c1f'::bigint; "                                      \
    "i6 CONSTANT bigint := x'1f83d9abfb41bd6b'::bigint; "                                      \
    "i7 CONSTANT bigint := x'5be0cd19137e2179'::bigint; "                                      \
    /* Parameter block: digest length 32, no key, fanout 1, depth 1. */                        \
    "h0 bigint := i0 # 16842784; h1 bigint := i1; h2 bigint := i2; h3 bigint := i3; "          \
    "h4 bigint := i4; h5 bigint := i5; h6 bigint := i6; h7 bigint := i7; "                     \
    "v0 bigint; v1 bigint; v2 bigint; v3 bigint; v4 bigint; v5 bigint; v6 bigint; v7 bigint; " \
    "v8 bigint; v9 bigint; v10 bigint; v11 bigint; v12 bigint; v13 bigint; v14 bigint; "       \
    "v15 bigint; m0 bigint; m1 bigint; m2 bigint; m3 bigint; m4 bigint; m5 bigint; "           \
    "m6 bigint; m7 bigint; m8 bigint; m9 bigint; m10 bigint; m11 bigint; m12 bigint; "         \
    "m13 bigint; m14 bigint; m15 bigint; "                                                     \
    "BEGIN LOOP "                                                                              \
    "last := n - off <= 128; b := substring(msg FROM off + 1 FOR 128); t := t + length(b); "   \
    "IF length(b) < 128 THEN b := b || decode(repeat('00', 128 - length(b)), 'hex'); END IF; " \
    W(0) W(1) W(2) W(3) W(4) W(5) W(6) W(7) W(8) W(9) W(10) W(11) W(12) W(13) W(14) W(15)      \
    "v0 := h0; v1 := h1; v2 := h2; v3 := h3; v4 := h4; v5 := h5; v6 := h6; v7 := h7; "         \
    "v8 := i0; v9 := i1; v10 := i2; v11 := i3; v12 := i4 # t; v13 := i5; "                     \
    "v14 := CASE WHEN last THEN ~i6 ELSE i6 END; v15 := i7; "                                  \
    ROUND(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)                                \
    ROUND(14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3)                                \
    ROUND(11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4)                                \
    ROUND(7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8)                                \
    ROUND(9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13)                                \
    ROUND(2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9)                                \
    ROUND(12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11)                                \
    ROUND(13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10)                                \
    ROUND(6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5)                                \
    ROUND(10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0)                                \
    ROUND(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15)                                \
    ROUND(14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3)                                \
    "h0 := h0 # v0 # v8; h1 := h1 # v1 # v9; h2 := h2 # v2 # v10; h3 := h3 # v3 # v11; "       \
    "h4 := h4 # v4 # v12; h5 := h5 # v5 # v13; h6 := h6 # v6 # v14; h7 := h7 # v7 # v15; "     \
    "off := off + 128; EXIT WHEN last; END LOOP; "                                             \
    "RETURN pl_le64(h0) || pl_le64(h1) || pl_le64(h2) || pl_le64(h3); END $f$;\n"

/* The tagged values (chain.c's put_value) and the seal itself. */
#define CHAIN_VALUES                                                                                 \
    "CREATE FUNCTION pl_chain_int(v bigint) RETURNS bytea LANGUAGE sql IMMUTABLE AS $f$ "     \
    "SELECT CASE WHEN v IS NULL THEN '\\x00'::bytea ELSE '\\x01'::bytea || pl_le64(v) END $f$;\n" \
    "CREATE FUNCTION pl_chain_text(v text) RETURNS bytea LANGUAGE sql IMMUTABLE AS $f$ "      \
    "SELECT CASE WHEN v IS NULL THEN '\\x00'::bytea ELSE '\\x03'::bytea || "                   \
    "pl_le64(octet_length(convert_to(v, 'UTF8'))) || convert_to(v, 'UTF8') END $f$;\n"         \
    "CREATE FUNCTION pl_chain_blob(v bytea) RETURNS bytea LANGUAGE sql IMMUTABLE AS $f$ "     \
    "SELECT CASE WHEN v IS NULL THEN '\\x00'::bytea ELSE '\\x04'::bytea || "                   \
    "pl_le64(length(v)) || v END $f$;\n"                                                       \
    "CREATE FUNCTION pl_audit_hash(prev bytea, fields bytea) RETURNS bytea LANGUAGE sql "      \
    "IMMUTABLE AS $f$ SELECT pl_blake2b256(convert_to('pilar audit chain 1', 'UTF8') || "      \
    "'\\x00'::bytea || pl_chain_blob(prev) || fields) $f$;\n"

/* The content a seal covers, in this order, after the previous seal. */
#define AUDIT_FIELDS(R)                                                                        \
    "pl_chain_int(" R ".id) || pl_chain_text(" R ".at) || pl_chain_text(" R ".actor) || "      \
    "pl_chain_text(" R ".client) || pl_chain_text(" R ".action) || pl_chain_text(" R          \
    ".entity) || pl_chain_int(" R ".entity_id) || pl_chain_text(" R ".before) || "             \
    "pl_chain_text(" R ".after)"
#define READ_FIELDS(R)                                                                         \
    "pl_chain_int(" R ".id) || pl_chain_text(" R ".at) || pl_chain_text(" R ".actor) || "      \
    "pl_chain_text(" R ".client) || pl_chain_text(" R ".entity) || pl_chain_int(" R            \
    ".entity_id)"

/*
 * The chain of table AUDIT (sequence SEQ): seals CHAIN(id, hash), head HEAD, the trigger
 * function NAME_seal that seals a new row, and NAME_chain_seal() that seals, in id order,
 * the rows above the head (rows inserted while triggers were off, e.g. a copy in
 * session_replication_role replica; and the rows present when this migration runs).
 */
#define CHAIN(AUDIT, SEQ, CHAIN_T, HEAD, NAME, FIELDS)                                         \
    "CREATE TABLE " CHAIN_T "(\n"                                                              \
    "  id bigint PRIMARY KEY,\n"                                                               \
    "  hash bytea NOT NULL\n"                                                                  \
    ");\n"                                                                                     \
    "CREATE TABLE " HEAD "(\n"                                                                 \
    "  one boolean PRIMARY KEY DEFAULT true CHECK (one),\n"                                    \
    "  id bigint NOT NULL,\n"                                                                  \
    "  hash bytea\n"                                                                           \
    ");\n"                                                                                     \
    "INSERT INTO " HEAD "(id, hash) VALUES (0, NULL);\n"                                       \
    "CREATE TRIGGER " NAME "_head_keep BEFORE DELETE ON " HEAD " FOR EACH ROW "                \
    "EXECUTE FUNCTION pl_refuse('the head of the audit chain is kept');\n"                     \
    "CREATE FUNCTION pl_" NAME "_chain_seal() RETURNS bigint LANGUAGE plpgsql AS $f$ "        \
    "DECLARE hid bigint; hh bytea; r record; k bigint := 0; BEGIN "                            \
    "SELECT id, hash INTO hid, hh FROM " HEAD " FOR UPDATE; "                                  \
    "FOR r IN SELECT * FROM " AUDIT " WHERE id > hid ORDER BY id LOOP "                        \
    "hh := pl_audit_hash(hh, " FIELDS("r") "); "                                               \
    "INSERT INTO " CHAIN_T "(id, hash) VALUES (r.id, hh); hid := r.id; k := k + 1; END LOOP; " \
    "UPDATE " HEAD " SET id = hid, hash = hh; RETURN k; END $f$;\n"                            \
    "SELECT pl_" NAME "_chain_seal();\n"                                                       \
    "CREATE FUNCTION pl_" NAME "_seal() RETURNS trigger LANGUAGE plpgsql AS $f$ "             \
    "DECLARE hid bigint; hh bytea; BEGIN "                                                     \
    "SELECT id, hash INTO hid, hh FROM " HEAD " FOR UPDATE; "                                  \
    "IF NEW.id IS NULL THEN NEW.id := nextval('" SEQ "'); "                                    \
    "ELSIF NEW.id > (SELECT last_value FROM " SEQ ") THEN PERFORM setval('" SEQ "', NEW.id); "  \
    "END IF; "                                                                                 \
    "IF NEW.id <= hid THEN RAISE EXCEPTION 'audit rows are sealed in id order: % is not "      \
    "above %', NEW.id, hid; END IF; "                                                          \
    "hh := pl_audit_hash(hh, " FIELDS("NEW") "); "                                             \
    "INSERT INTO " CHAIN_T "(id, hash) VALUES (NEW.id, hh); "                                  \
    "UPDATE " HEAD " SET id = NEW.id, hash = hh; RETURN NEW; END $f$;\n"                       \
    "ALTER TABLE " AUDIT " ALTER COLUMN id DROP DEFAULT;\n"                                    \
    "CREATE TRIGGER " NAME "_seal BEFORE INSERT ON " AUDIT " FOR EACH ROW "                    \
    "EXECUTE FUNCTION pl_" NAME "_seal();\n"

const char pl_pg_migration_chain[] =
    BLAKE2B
    CHAIN_VALUES
    CHAIN("audit", "audit_id_seq", "audit_chain", "audit_chain_head", "audit", AUDIT_FIELDS)
    "CREATE TRIGGER audit_chain_no_update BEFORE UPDATE ON audit_chain FOR EACH ROW "
    "EXECUTE FUNCTION pl_refuse('audit seals cannot be changed');\n"
    "CREATE TRIGGER audit_chain_no_delete BEFORE DELETE ON audit_chain FOR EACH ROW "
    "EXECUTE FUNCTION pl_refuse('audit seals cannot be deleted');\n"
    "CREATE TRIGGER audit_chain_no_truncate BEFORE TRUNCATE ON audit_chain FOR EACH STATEMENT "
    "EXECUTE FUNCTION pl_refuse('audit seals cannot be deleted');\n"
    CHAIN("reads.audit_read", "reads.audit_read_id_seq", "reads.audit_read_chain",
          "reads.audit_read_chain_head", "audit_read", READ_FIELDS)
    /* A purge deletes old read rows and their seals; a seal goes only with its row. */
    "CREATE FUNCTION pl_audit_read_unseal() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "DELETE FROM reads.audit_read_chain WHERE id = OLD.id; RETURN NULL; END $f$;\n"
    "CREATE TRIGGER audit_read_unseal AFTER DELETE ON reads.audit_read FOR EACH ROW "
    "EXECUTE FUNCTION pl_audit_read_unseal();\n"
    "CREATE TRIGGER audit_read_chain_no_update BEFORE UPDATE ON reads.audit_read_chain "
    "FOR EACH ROW EXECUTE FUNCTION pl_refuse('audit seals cannot be changed');\n"
    "CREATE FUNCTION pl_audit_read_chain_keep() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN "
    "IF EXISTS (SELECT 1 FROM reads.audit_read WHERE id = OLD.id) THEN "
    "RAISE EXCEPTION 'audit seals go only with their row'; END IF; RETURN OLD; END $f$;\n"
    "CREATE TRIGGER audit_read_chain_keep BEFORE DELETE ON reads.audit_read_chain FOR EACH ROW "
    "EXECUTE FUNCTION pl_audit_read_chain_keep();\n";

/*
 * pl_audit_read_append as CREATE (migration 23: "CREATE ", "", "") or CREATE OR REPLACE
 * (migration 26: with the rows' insert between SEALED_ON and SEALED_OFF).
 */
#define READ_APPEND(CREATE, SEALED_ON, SEALED_OFF) \
    CREATE "FUNCTION pl_audit_read_append(expect_id bigint, expect_hash text, ids bigint[], " \
    "seals text[], ats text[], actors text[], clients text[], entities text[], " \
    "entity_ids bigint[]) RETURNS boolean LANGUAGE plpgsql AS $f$ " \
    "DECLARE hid bigint; hh bytea; n int := cardinality(ids); BEGIN " \
    "SELECT id, hash INTO hid, hh FROM reads.audit_read_chain_head FOR UPDATE; " \
    "IF hid <> expect_id OR hh IS DISTINCT FROM decode(nullif(expect_hash, ''), 'hex') THEN " \
    "RETURN false; END IF; " \
    "IF n = 0 THEN RETURN true; END IF; " \
    "IF ids[1] <= hid THEN RAISE EXCEPTION 'audit rows are sealed in id order: % is not " \
    "above %', ids[1], hid; END IF; " \
    "INSERT INTO reads.audit_read_chain(id, hash) " \
    "SELECT i, decode(h, 'hex') FROM unnest(ids, seals) AS u(i, h); " \
    SEALED_ON \
    "INSERT INTO reads.audit_read(id, at, actor, client, entity, entity_id) " \
    "SELECT * FROM unnest(ids, ats, actors, clients, entities, entity_ids) ORDER BY 1; " \
    SEALED_OFF \
    "UPDATE reads.audit_read_chain_head SET id = ids[n], hash = decode(seals[n], 'hex'); " \
    "IF ids[n] > (SELECT last_value FROM reads.audit_read_id_seq) THEN " \
    "PERFORM setval('reads.audit_read_id_seq', ids[n]); END IF; " \
    "RETURN true; END $f$;\n"
/*
 * Migration 23: the server seals its read-audit rows itself. The trigger's PL/pgSQL BLAKE2b
 * costs about a millisecond a row, and the read chain's head is locked meanwhile, so every
 * lookup of a person queued there. pl_pg_audit_reads (store/pg/audit.c) now computes the
 * seals in C (store/seal.c: the same bytes) after the head it last wrote or read, and hands
 * the expected head, ids, seals and rows to pl_audit_read_append in one statement. Under the
 * head's lock that function writes nothing and answers false when the head is not the
 * expected one (another writer came between: the caller reads the head and seals again);
 * else it writes the seals first, then the rows (the seal trigger leaves a row whose seal is
 * already there, first thing), the new head, and moves the sequence past the ids. Rows
 * written any other way are sealed by the trigger as before; `pilar check` recomputes every
 * seal alike, so a seal written ahead that is not the row's breaks the chain there, as an
 * edited row does.
 */

const char pl_pg_migration_read_seal[] =
    READ_APPEND("CREATE ", "", "")
    "CREATE OR REPLACE FUNCTION pl_audit_read_seal() RETURNS trigger LANGUAGE plpgsql AS $f$ "
    "DECLARE hid bigint; hh bytea; BEGIN "
    "IF NEW.id IS NOT NULL AND EXISTS (SELECT 1 FROM reads.audit_read_chain WHERE id = NEW.id) "
    "THEN RETURN NEW; END IF; "
    "SELECT id, hash INTO hid, hh FROM reads.audit_read_chain_head FOR UPDATE; "
    "IF NEW.id IS NULL THEN NEW.id := nextval('reads.audit_read_id_seq'); "
    "ELSIF NEW.id > (SELECT last_value FROM reads.audit_read_id_seq) THEN "
    "PERFORM setval('reads.audit_read_id_seq', NEW.id); END IF; "
    "IF NEW.id <= hid THEN RAISE EXCEPTION 'audit rows are sealed in id order: % is not "
    "above %', NEW.id, hid; END IF; "
    "hh := pl_audit_hash(hh, " READ_FIELDS("NEW") "); "
    "INSERT INTO reads.audit_read_chain(id, hash) VALUES (NEW.id, hh); "
    "UPDATE reads.audit_read_chain_head SET id = NEW.id, hash = hh; RETURN NEW; END $f$;\n";

/*
 * Migration 26: the rows pl_audit_read_append writes skip the seal trigger. The function
 * wrote their seals first and the trigger only looked them up again (an index probe in
 * PL/pgSQL per row, ~10 µs: with the server's read-audit batches, about half of PostgreSQL's
 * time per NIK lookup over HTTP). It says so with the transaction-local setting
 * pilar.read_sealed, on around its insert alone; the trigger's WHEN reads it. Rows inserted
 * any other way are sealed as before; a row slipped in with the setting on by someone else
 * has no seal, which `pilar check` names ("baris id N tidak bersegel"; test_chain.sh).
 */
const char pl_pg_migration_26[] =
    READ_APPEND("CREATE OR REPLACE ",
                "PERFORM set_config('pilar.read_sealed', 'on', true); ",
                "PERFORM set_config('pilar.read_sealed', '', true); ")
    "DROP TRIGGER audit_read_seal ON reads.audit_read;\n"
    "CREATE TRIGGER audit_read_seal BEFORE INSERT ON reads.audit_read FOR EACH ROW "
    "WHEN (current_setting('pilar.read_sealed', true) IS DISTINCT FROM 'on') "
    "EXECUTE FUNCTION pl_audit_read_seal();\n";
/* clang-format on */
