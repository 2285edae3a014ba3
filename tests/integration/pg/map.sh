# shellcheck shell=bash
# map.sh - sourced by the PostgreSQL-mode wrappers (tests/integration/pg/pilar, sqlite3): maps
# the SQLite file path a test names (`--db "$T/p.db"`, PILAR_DB=...) to a data base of the
# test's throw-away cluster (scripts/pg-cluster run), so the same suite runs on both backends.
#
# A path is mapped to the data base t_<16 hex of md5(absolute path)>. The first use creates it
# (from template1, which lib.sh gave the test-only SQLite compatibility functions of
# compat.sql) and leaves a placeholder file at the path, so that a test's `rm -f "$DB"` followed
# by `pilar init` starts from an empty data base again as it does on SQLite: a path whose
# placeholder is gone while its data base exists gets the data base dropped and created anew.
#
# Environment in: PILAR_PG_DIR, PILAR_PG_PORT (scripts/pg-cluster run), PILAR_PG_MAP (a folder
# for the markers, lib.sh sets it under $T).

pg_psql() {
    psql -X -q -v ON_ERROR_STOP=1 -h "$PILAR_PG_DIR" -p "$PILAR_PG_PORT" -U postgres "$@"
}

# pg_abs PATH: PATH made absolute (against the current folder), as the map names it.
pg_abs() {
    case "$1" in
    /*) printf '%s\n' "$1" ;;
    *) printf '%s\n' "$PWD/$1" ;;
    esac
}

# pg_is_sqlite PATH: PATH was declared a real SQLite file (lib.sh: sqlite_file), which the
# PostgreSQL mode leaves alone (e.g. an offline instance, always a SQLite file, beside a server
# on PostgreSQL). The declared paths are listed, one absolute path a line, in
# $PILAR_PG_MAP/sqlite-files.
pg_is_sqlite() {
    [ -f "$PILAR_PG_MAP/sqlite-files" ] && grep -qxF -- "$(pg_abs "$1")" "$PILAR_PG_MAP/sqlite-files"
}

# pg_map PATH: prints the URL PATH stands for (a URL or libpq key=value string is printed as
# it is, and so is a path declared a real SQLite file), creating (or re-creating) its data base
# as described above.
# pg_name PATH: the name of PATH's data base.
pg_name() {
    printf 't_%s\n' "$(pg_abs "$1" | tr -d '\n' | md5sum | cut -c1-16)"
}

pg_map() {
    local p=$1 abs name
    case "$p" in
    postgres://* | postgresql://* | *=*) printf '%s\n' "$p"; return 0 ;;
    esac
    if pg_is_sqlite "$p"; then
        printf '%s\n' "$p"
        return 0
    fi
    abs=$(pg_abs "$p")
    name=$(pg_name "$p")
    mkdir -p "$PILAR_PG_MAP"
    if [ ! -e "$p" ]; then
        (
            flock 9
            if [ ! -e "$p" ]; then
                if [ -e "$PILAR_PG_MAP/$name" ]; then
                    pg_psql -d postgres -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
                fi
                pg_psql -d postgres -c "CREATE DATABASE $name" >/dev/null 2>&1 ||
                    pg_psql -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1 ||
                    { echo "pg-mode: cannot create data base $name for $p" >&2; exit 1; }
                printf '%s\n' "$abs" >"$PILAR_PG_MAP/$name"
                (umask 077 && printf 'PostgreSQL placeholder: data base %s\n' "$name" >"$p")
            fi
        ) 9>>"$PILAR_PG_MAP/.lock" || return 1
    fi
    printf 'postgresql://postgres@/%s?host=%s&port=%s\n' "$name" "$PILAR_PG_DIR" "$PILAR_PG_PORT"
}

# pg_clone SRC DST: the PostgreSQL mode's `cp` of a data base file: DST's data base becomes a
# copy of SRC's (CREATE DATABASE ... TEMPLATE; nothing may be connected to SRC's), replacing
# what DST held; DST gets its placeholder. DST may be a folder (the copy keeps SRC's name).
pg_clone() {
    local src=$1 dst=$2 s d
    [ -d "$dst" ] && dst="$dst/$(basename "$src")"
    s=$(pg_map "$src") || return 1
    s=${s#postgresql://postgres@/}
    s=${s%%\?*}
    rm -f "$dst"
    d=$(pg_name "$dst")
    mkdir -p "$PILAR_PG_MAP"
    pg_psql -d postgres -c "SET client_min_messages = warning" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" \
        -c "CREATE DATABASE $d TEMPLATE $s" >/dev/null || return 1
    pg_abs "$dst" >"$PILAR_PG_MAP/$d"
    (umask 077 && printf 'PostgreSQL placeholder: data base %s\n' "$d" >"$dst")
}

# pg_is_placeholder PATH: PATH stands for a data base of the cluster.
pg_is_placeholder() {
    [ -f "$1" ] && head -c 24 "$1" 2>/dev/null | grep -q '^PostgreSQL placeholder'
}
