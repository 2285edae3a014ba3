# t_forms.setup.sh - data for tests/e2e/t_forms.mjs (issue 21 items 2-5), sourced by
# tests/integration/test_e2e.sh before the server starts (PILAR, T, SRC, YEAR are set).
# A second Bontang operator: verifies what the first one registered (four eyes).
echo 'petugas-pass-2' | $PILAR user add petugas-dua --role regency --scope 64.74 >/dev/null || return 1
