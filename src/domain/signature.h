/*
 * signature.h - the place-and-signature block offices put under a table
 * ("Bontang, 12 Maret 2025", "Mengetahui,", "Kepala Desa Sukamaju",
 * "( SUPARMAN )", "NIP. 19700101 199003 1 001"): recognising the lines that
 * open one, so that the importer reads it as the end of the data rather than
 * as people to reject. Pure.
 */
#ifndef PL_DOMAIN_SIGNATURE_H
#define PL_DOMAIN_SIGNATURE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * True when text (one cell) is a line that opens or belongs to a signature
 * block: a place and date ("Bontang, 12 Maret 2025", "Bontang,    Maret
 * 2025", "Samarinda, 12-03-2025"), or a line starting with a signing word
 * (Mengetahui, Diketahui, Disetujui, Menyetujui, Kepala, Lurah, Camat,
 * Sekretaris, Sekdes, Petugas, Pendamping, Operator, Pembuat, Dibuat oleh,
 * Yang membuat, Pelapor, Ttd, Tanda tangan, NIP, a.n., Plt., Plh., Pj.).
 * Case is ignored; leading spaces are skipped.
 */
bool pl_signature_line(const char *text);

/*
 * True when a spreadsheet row looks like a line of a signature block: at
 * most three non-empty cells, one of which pl_signature_line accepts.
 */
bool pl_signature_row(char *const *fields, size_t nfields);

#endif
