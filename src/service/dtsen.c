/* dtsen.c - the DTSEN update cycle as units of work (service/dtsen.h). */
#include "service/dtsen.h"

#include "domain/nonik.h"
#include "domain/region_code.h"
#include "domain/suppress.h"
#include "service/dedup.h"
#include "service/letterhead.h"
#include "service/pmt.h"
#include "service/psks_visit.h"
#include "service/registry.h"
#include "service/verify.h"
#include "store/household.h"
#include "store/person.h"
#include "store/region.h"
#include "util/vec.h"

#include <errno.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int hide(pl_error *err, const char *what, int64_t id)
{
    return pl_error_set(err, PL_ENOTFOUND, "id", "%s id %lld tidak ditemukan", what, (long long)id);
}

static void copy(char *out, size_t cap, const char *in)
{
    snprintf(out, cap, "%s", in ? in : "");
}

static bool blank(const char *s)
{
    return s == NULL || s[0] == '\0';
}

/* The code of level (1 province, 2 regency) above dotted code (or itself); "" when shorter. */
static void ancestor(char out[PL_REGION_CODE_MAX], const char *code, int level)
{
    copy(out, PL_REGION_CODE_MAX, code);
    while (out[0] && pl_region_code_level(out) > level) {
        char up[PL_REGION_CODE_MAX];
        if (pl_region_code_parent(up, out) != 0)
            break;
        copy(out, PL_REGION_CODE_MAX, up);
    }
    if (out[0] && pl_region_code_level(out) != level)
        out[0] = '\0';
}

static void today_iso(char out[11], const pl_date *today)
{
    pl_date_format(out, today);
}

/* --------------------------------------------------------------- settings */

int pl_dtsen_rules(int *cutoff_day, int *objection_days, pl_store *s, const char *region,
                   const char *month, pl_error *err)
{
    char reg[PL_REGION_CODE_MAX], prov[PL_REGION_CODE_MAX];
    ancestor(reg, region ? region : "", 2);
    ancestor(prov, region ? region : "", 1);
    const char *chain[3] = {reg, prov, ""};
    int cut = 0, days = 0;
    for (int i = 0; i < 3; i++) {
        if (i < 2 && chain[i][0] == '\0')
            continue;
        for (int m = 0; m < 2; m++) {
            const char *mo = m == 0 ? (month ? month : "") : "";
            if (m == 0 && mo[0] == '\0')
                continue;
            pl_dtsen_setting st;
            int rc = pl_store_dtsen_setting_get(s, &st, chain[i], mo, err);
            if (rc == PL_ENOTFOUND)
                continue;
            if (rc)
                return rc;
            if (cut == 0 && st.cutoff_day > 0)
                cut = st.cutoff_day;
            if (days == 0 && mo[0] == '\0' && st.objection_days > 0)
                days = st.objection_days;
        }
    }
    if (cutoff_day)
        *cutoff_day = cut ? cut : PL_DTSEN_CUTOFF_DEFAULT;
    if (objection_days)
        *objection_days = days ? days : PL_DTSEN_OBJECTION_DAYS_DEFAULT;
    return 0;
}

typedef struct setting_list_ctx {
    const char *scope;
    pl_dtsen_setting_cb cb;
    void *ctx;
} setting_list_ctx;

static int setting_filter(void *ctx, const pl_dtsen_setting *st)
{
    setting_list_ctx *l = ctx;
    bool bears = pl_region_code_in_scope(st->region, l->scope) ||
                 pl_region_code_in_scope(l->scope, st->region);
    return bears ? l->cb(l->ctx, st) : 0;
}

int pl_dtsen_setting_list(pl_store *s, const char *scope, pl_dtsen_setting_cb cb, void *ctx,
                          pl_error *err)
{
    setting_list_ctx l = {scope ? scope : "", cb, ctx};
    return pl_store_dtsen_setting_list(s, setting_filter, &l, err);
}

int pl_dtsen_setting_set(pl_dtsen_setting *out, pl_store *s, const pl_actor *who, const char *scope,
                         const char *region, const char *month, int cutoff_day, int objection_days,
                         pl_error *err)
{
    scope = scope ? scope : "";
    pl_dtsen_setting st = {0};
    if (!blank(region)) {
        if (pl_region_code_normalize(st.region, region) < 0)
            return pl_error_set(err, PL_EINVAL, "region", "kode wilayah '%.20s' tidak dikenal",
                                region);
        int lv = pl_region_code_level(st.region);
        if (lv != 1 && lv != 2)
            return pl_error_set(err, PL_EINVAL, "region",
                                "pengaturan berlaku untuk provinsi atau kabupaten/kota");
        pl_region g;
        if (pl_store_region_get(s, &g, st.region, NULL) != 0)
            return pl_error_set(err, PL_EINVAL, "region", "kode wilayah '%.20s' tidak dikenal",
                                region);
    }
    if (!pl_region_code_in_scope(st.region, scope) || (st.region[0] == '\0' && scope[0]))
        return pl_error_set(err, PL_EDENIED, "region", "wilayah di luar cakupan akun Anda");
    if (!blank(month) && !pl_dtsen_period_valid(month))
        return pl_error_set(err, PL_EINVAL, "month", "bulan harus berbentuk TTTT-BB");
    copy(st.month, sizeof st.month, month);
    if (cutoff_day < 0 || cutoff_day > 31)
        return pl_error_set(err, PL_EINVAL, "cutoff_day", "tanggal batas harus 1 sampai 31");
    if (objection_days < 0 || objection_days > 365)
        return pl_error_set(err, PL_EINVAL, "objection_days",
                            "batas waktu sanggahan harus 1 sampai 365 hari");
    if (objection_days && st.month[0])
        return pl_error_set(err, PL_EINVAL, "objection_days",
                            "batas waktu sanggahan berlaku untuk setiap bulan (tanpa bulan)");
    if (cutoff_day == 0 && objection_days == 0)
        return pl_error_set(err, PL_EINVAL, "cutoff_day",
                            "isi tanggal batas atau batas waktu sanggahan");
    pl_dtsen_setting old;
    int rc = pl_store_dtsen_setting_get(s, &old, st.region, st.month, err);
    if (rc && rc != PL_ENOTFOUND)
        return rc;
    st.cutoff_day = cutoff_day ? cutoff_day : rc == 0 ? old.cutoff_day : 0;
    st.objection_days = objection_days ? objection_days : rc == 0 ? old.objection_days : 0;
    if ((rc = pl_store_dtsen_setting_put(s, who, &st, err)))
        return rc;
    if (out)
        *out = st;
    return 0;
}

/* -------------------------------------------------------------- documents */

static const char *doc_mime(const unsigned char *b, size_t n)
{
    if (n >= 5 && memcmp(b, "%PDF-", 5) == 0)
        return "application/pdf";
    if (n >= 3 && b[0] == 0xFF && b[1] == 0xD8 && b[2] == 0xFF)
        return "image/jpeg";
    if (n >= 8 && memcmp(b, "\x89PNG\r\n\x1a\n", 8) == 0)
        return "image/png";
    if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
        return "image/webp";
    return NULL;
}

/* Stores the uploaded document u as kind; *id receives its id (0 when u has no path). */
static int store_doc(int64_t *id, pl_store *s, const pl_actor *who, const char *kind,
                     const pl_dtsen_upload *u, const char *field, pl_error *err)
{
    *id = 0;
    if (u == NULL || blank(u->path))
        return 0;
    FILE *f = fopen(u->path, "rb");
    if (f == NULL)
        return pl_error_set(err, PL_EIO, field, "dokumen tidak dapat dibaca: %s", strerror(errno));
    unsigned char *buf = malloc(PL_DTSEN_FILE_MAX + 1);
    size_t len = buf ? fread(buf, 1, PL_DTSEN_FILE_MAX + 1, f) : 0;
    bool bad = buf && ferror(f);
    fclose(f);
    int rc = 0;
    const char *mime = NULL;
    if (buf == NULL)
        rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    else if (bad)
        rc = pl_error_set(err, PL_EIO, field, "dokumen tidak dapat dibaca");
    else if (len == 0)
        rc = pl_error_set(err, PL_EINVAL, field, "dokumen kosong");
    else if (len > (size_t)PL_DTSEN_FILE_MAX)
        rc = pl_error_set(err, PL_EINVAL, field, "dokumen terlalu besar (maks. %ld MB)",
                          PL_DTSEN_FILE_MAX / (1024 * 1024));
    else if ((mime = doc_mime(buf, len)) == NULL)
        rc = pl_error_set(err, PL_EINVAL, field,
                          "dokumen harus berkas PDF atau foto (JPEG, PNG, "
                          "WebP)");
    if (rc == 0) {
        pl_dtsen_file d = {0};
        copy(d.kind, sizeof d.kind, kind);
        const char *name = u->name;
        if (blank(name)) {
            const char *slash = strrchr(u->path, '/');
            name = slash ? slash + 1 : u->path;
        }
        copy(d.name, sizeof d.name, name);
        copy(d.mime, sizeof d.mime, mime);
        d.size = (long)len;
        unsigned char h[32];
        crypto_hash_sha256(h, buf, len);
        sodium_bin2hex(d.sha256, sizeof d.sha256, h, sizeof h);
        crypto_generichash(h, sizeof h, buf, len, NULL, 0);
        sodium_bin2hex(d.blake2b, sizeof d.blake2b, h, sizeof h);
        rc = pl_store_dtsen_file_add(s, who, &d, buf, len, err);
        if (rc == 0)
            *id = d.id;
    }
    free(buf);
    return rc;
}

/* --------------------------------------------------------------- meetings */

int pl_dtsen_meeting_load(pl_dtsen_meeting *out, pl_store *s, const char *scope, int64_t id,
                          pl_error *err)
{
    int rc = pl_store_dtsen_meeting_get(s, out, id, err);
    if (rc == 0 && !pl_region_code_in_scope(out->village, scope ? scope : ""))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return hide(err, "musyawarah", id);
    return rc;
}

/* A village code inside scope that the store knows, into out. */
static int village_in_scope(char out[PL_REGION_CODE_MAX], pl_store *s, const char *scope,
                            const char *village, pl_error *err)
{
    if (blank(village) || pl_region_code_normalize(out, village) < 0 ||
        pl_region_code_level(out) != 4)
        return pl_error_set(err, PL_EINVAL, "village", "kode desa/kelurahan tidak sah");
    pl_region g;
    if (pl_store_region_get(s, &g, out, NULL) != 0)
        return pl_error_set(err, PL_EINVAL, "village", "desa/kelurahan %s tidak dikenal", out);
    if (!pl_region_code_in_scope(out, scope ? scope : ""))
        return pl_error_set(err, PL_EDENIED, "village", "desa/kelurahan di luar cakupan akun Anda");
    return 0;
}

static int past_date(const char *text, const char *field, const char *what, const pl_date *today,
                     pl_error *err)
{
    pl_date d;
    if (blank(text) || pl_date_parse(&d, text) != 0)
        return pl_error_set(err, PL_EINVAL, field, "%s harus tanggal TTTT-BB-HH", what);
    if (pl_date_cmp(&d, today) > 0)
        return pl_error_set(err, PL_EINVAL, field, "%s tidak boleh di masa depan", what);
    if (d.year < 2000)
        return pl_error_set(err, PL_EINVAL, field, "%s terlalu lama", what);
    return 0;
}

static int recheck_meeting(pl_store *s, const pl_actor *who, const char *scope, int64_t meeting_id,
                           const pl_date *today, pl_error *err);

int pl_dtsen_meeting_add(pl_dtsen_meeting *out, pl_store *s, const pl_actor *who, const char *scope,
                         const pl_dtsen_meeting_in *in, const pl_date *today, pl_error *err)
{
    pl_dtsen_meeting m = {0};
    int rc = village_in_scope(m.village, s, scope, in->village, err);
    if (rc)
        return rc;
    if (!pl_dtsen_meeting_kind_valid(in->kind))
        return pl_error_set(err, PL_EINVAL, "kind", "jenis musyawarah harus musdes atau muskel");
    if ((rc = past_date(in->held_on, "held_on", "tanggal musyawarah", today, err)))
        return rc;
    if (in->participants < 0 || in->participants > 100000)
        return pl_error_set(err, PL_EINVAL, "participants", "jumlah peserta tidak sah");
    if (in->participants_note && strlen(in->participants_note) >= sizeof m.participants_note)
        return pl_error_set(err, PL_EINVAL, "participants_note", "daftar peserta terlalu panjang");
    copy(m.kind, sizeof m.kind, in->kind);
    copy(m.held_on, sizeof m.held_on, in->held_on);
    m.participants = in->participants;
    copy(m.participants_note, sizeof m.participants_note, in->participants_note);
    copy(m.sptjm_number, sizeof m.sptjm_number, in->sptjm_number);
    if ((rc = pl_store_begin(s, err)))
        return rc;
    if ((rc = store_doc(&m.minutes_file_id, s, who, "notulen", &in->minutes, "minutes", err)) ||
        (rc = store_doc(&m.sptjm_file_id, s, who, "sptjm", &in->sptjm, "sptjm", err)) ||
        (rc = pl_store_dtsen_meeting_add(s, who, &m, err)) || (rc = pl_store_commit(s, err))) {
        pl_store_rollback(s);
        return rc;
    }
    *out = m;
    return 0;
}

int pl_dtsen_meeting_attach(pl_dtsen_meeting *out, pl_store *s, const pl_actor *who,
                            const char *scope, int64_t id, const char *which,
                            const pl_dtsen_upload *doc, const char *sptjm_number,
                            const pl_date *today, pl_error *err)
{
    pl_dtsen_meeting m;
    int rc = pl_dtsen_meeting_load(&m, s, scope, id, err);
    if (rc)
        return rc;
    bool sptjm = which && strcmp(which, "sptjm") == 0;
    if (!sptjm && !(which && strcmp(which, "notulen") == 0))
        return pl_error_set(err, PL_EINVAL, "which", "lampiran harus notulen atau sptjm");
    if (doc == NULL || blank(doc->path))
        return pl_error_set(err, PL_EINVAL, "file", "kirim berkas PDF atau foto");
    if ((rc = pl_store_begin(s, err)))
        return rc;
    int64_t fid = 0;
    if ((rc = store_doc(&fid, s, who, sptjm ? "sptjm" : "notulen", doc, "file", err)))
        goto out;
    if (sptjm) {
        m.sptjm_file_id = fid;
        if (!blank(sptjm_number))
            copy(m.sptjm_number, sizeof m.sptjm_number, sptjm_number);
    } else {
        m.minutes_file_id = fid;
    }
    if ((rc = pl_store_dtsen_meeting_update(s, who, &m, err)))
        goto out;
    rc = pl_store_commit(s, err);
out:
    if (rc) {
        pl_store_rollback(s);
        return rc;
    }
    /* The meeting's proposals waiting for their documents are complete now. */
    if ((rc = recheck_meeting(s, who, scope, id, today, err)))
        return rc;
    return pl_dtsen_meeting_load(out, s, scope, id, err);
}

/* -------------------------------------------------------------- proposals */

int pl_dtsen_proposal_load(pl_dtsen_proposal *out, pl_store *s, const char *scope, int64_t id,
                           pl_error *err)
{
    int rc = pl_store_dtsen_proposal_get(s, out, id, err);
    if (rc == 0 && !pl_region_code_in_scope(out->village, scope ? scope : ""))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return hide(err, "usulan", id);
    return rc;
}

/* The proposed values of p (its JSON data) as column texts; strings point into *root. */
static int data_fields(const char *f[PL_COL__MAX], json_t **root, const char *data)
{
    memset(f, 0, sizeof(const char *) * PL_COL__MAX);
    *root = json_loads(data && data[0] ? data : "{}", 0, NULL);
    if (*root == NULL || !json_is_object(*root))
        return -1;
    for (int c = 0; c < PL_COL__MAX; c++) {
        json_t *v = json_object_get(*root, pl_col_key((pl_col)c));
        if (json_is_string(v))
            f[c] = json_string_value(v);
    }
    return 0;
}

/* Merges given fields into p->data. */
static int data_merge(pl_dtsen_proposal *p, const char *const given[PL_COL__MAX], pl_error *err)
{
    json_t *o = json_loads(p->data[0] ? p->data : "{}", 0, NULL);
    if (o == NULL || !json_is_object(o)) {
        json_decref(o);
        o = json_object();
    }
    for (int c = 0; c < PL_COL__MAX; c++) {
        if (given[c] == NULL)
            continue;
        if (given[c][0] == '\0')
            json_object_del(o, pl_col_key((pl_col)c));
        else
            json_object_set_new(o, pl_col_key((pl_col)c), json_string(given[c]));
    }
    char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
    json_decref(o);
    if (text == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    size_t n = strlen(text);
    if (n >= sizeof p->data) {
        free(text);
        return pl_error_set(err, PL_EINVAL, "data", "data usulan terlalu panjang");
    }
    memcpy(p->data, text, n + 1);
    free(text);
    return 0;
}

static bool region_exists(void *ctx, const char *dotted)
{
    pl_region g;
    return pl_store_region_get(ctx, &g, dotted, NULL) == 0;
}

typedef struct dup_ctx {
    pl_dtsen_proposal *p;
    int found;
} dup_ctx;

/* Probable duplicates of the proposed person among the village's people (service/dedup.h). */
static int find_duplicates(pl_dtsen_missing *m, pl_dtsen_proposal *p, pl_store *s,
                           const char *scope, const pl_record *rec, pl_error *err)
{
    pl_dedup_set *set = NULL;
    pl_dedup_pair *pairs = NULL;
    size_t n = 0;
    int rc = pl_dedup_set_new(&set, err);
    if (rc)
        return rc;
    char sex = rec->sex, born[11];
    pl_date_format(born, &rec->birth);
    if ((rc = pl_dedup_load_store(set, s, p->village, "", err)) ||
        (rc = pl_dedup_set_add(set, -1, rec->nik, rec->name, born, sex, rec->mother_name,
                               p->village, rec->address, 0, err)))
        goto out;
    pl_dedup_options opt = {.threshold = 0.8, .threads = 1};
    if ((rc = pl_dedup_run(&pairs, &n, set, &opt, NULL, err)))
        goto out;
    size_t used = 0;
    p->duplicates[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        int64_t other = pairs[i].a == -1 ? pairs[i].b : pairs[i].b == -1 ? pairs[i].a : 0;
        if (other <= 0)
            continue;
        pl_person q;
        if (pl_store_person_get(s, &q, other, NULL) != 0 ||
            !pl_region_code_in_scope(q.village_code, scope))
            continue;
        int w = snprintf(p->duplicates + used, sizeof p->duplicates - used, "%sorang id %lld (%s)",
                         used ? "; " : "", (long long)other, q.name);
        if (w < 0 || (size_t)w >= sizeof p->duplicates - used)
            break;
        used += (size_t)w;
        pl_dtsen_missing_add(m,
                             "kemungkinan data ganda dengan orang id %lld (%.60s): periksa "
                             "dahulu",
                             (long long)other, q.name);
    }
out:
    free(pairs);
    pl_dedup_set_free(set);
    return rc;
}

/*
 * The completeness check of p: fills p->missing and p->duplicates and moves
 * a waiting proposal between "masuk" and "diperiksa".
 */
static int check_proposal(pl_dtsen_proposal *p, pl_store *s, const char *scope,
                          const pl_date *today, pl_error *err)
{
    pl_dtsen_missing m = {0};
    pl_dtsen_meeting mt;
    int rc = pl_store_dtsen_meeting_get(s, &mt, p->meeting_id, err);
    if (rc)
        return rc;
    const char *f[PL_COL__MAX];
    json_t *root = NULL;
    if (data_fields(f, &root, p->data) != 0) {
        json_decref(root);
        return pl_error_set(err, PL_EINVAL, "data", "data usulan rusak");
    }
    bool has_data = false;
    for (int c = 0; c < PL_COL__MAX; c++)
        if (f[c] && f[c][0])
            has_data = true;
    int kind = pl_dtsen_kind_find(p->kind);
    pl_dtsen_facts facts = {
        .kind = kind,
        .removal = pl_dtsen_removal_find(p->removal),
        .has_subject = kind == PL_DTSEN_ADD_PERSON ? p->household_id != 0
                                                   : p->person_id != 0 || p->household_id != 0,
        .has_data = has_data,
        .has_evidence = p->evidence_file_id != 0,
        .meeting_has_minutes = mt.minutes_file_id != 0 || mt.sptjm_file_id != 0,
        .has_death_date = p->death_date[0] != '\0',
    };
    pl_dtsen_check_facts(&m, &facts);
    if (kind == PL_DTSEN_REMOVE && facts.removal == PL_DTSEN_DIED && p->person_id == 0 &&
        p->household_id != 0)
        pl_dtsen_missing_add(&m, "penghapusan karena meninggal harus menyebut orangnya");
    p->duplicates[0] = '\0';
    if ((kind == PL_DTSEN_ADD_HOUSEHOLD || kind == PL_DTSEN_ADD_PERSON) && has_data) {
        /* The row as the importer would read it: required fields, NIK rules, a reason for a
         * missing NIK (domain/nonik.h). */
        const char *row[PL_COL__MAX];
        memcpy(row, f, sizeof row);
        row[PL_COL_KODE_DESA] = p->village;
        pl_household hh;
        if (kind == PL_DTSEN_ADD_PERSON && p->household_id &&
            pl_store_household_get(s, &hh, p->household_id, NULL) == 0)
            row[PL_COL_NO_KK] = hh.kk;
        pl_record rec;
        pl_record_problems probs;
        pl_region_known known = {region_exists, s};
        pl_record_validate(&rec, &probs, row, &known, today);
        for (int i = 0; i < probs.n; i++)
            pl_dtsen_missing_add(&m, "%s", probs.items[i].message);
        if (probs.n == 0 && rec.nik[0]) {
            pl_person q;
            if (pl_store_person_get_by_nik(s, &q, rec.nik, NULL) == 0 &&
                pl_region_code_in_scope(q.village_code, scope))
                pl_dtsen_missing_add(&m, "NIK ini sudah terdaftar pada orang id %lld",
                                     (long long)q.id);
        }
        if (kind == PL_DTSEN_ADD_HOUSEHOLD && probs.n == 0 && rec.kk[0]) {
            pl_household q;
            if (pl_store_household_get_by_kk(s, &q, rec.kk, NULL) == 0 &&
                pl_region_code_in_scope(q.village_code, scope))
                pl_dtsen_missing_add(&m,
                                     "No. KK ini sudah terdaftar (keluarga id %lld): usulkan "
                                     "tambah anggota",
                                     (long long)q.id);
        }
        if (probs.n == 0 && (rc = find_duplicates(&m, p, s, scope, &rec, err))) {
            json_decref(root);
            return rc;
        }
    }
    json_decref(root);
    pl_dtsen_missing_text(p->missing, sizeof p->missing, &m);
    if (strcmp(p->status, PL_DTSEN_P_IN) == 0 || strcmp(p->status, PL_DTSEN_P_CHECKED) == 0 ||
        p->status[0] == '\0')
        copy(p->status, sizeof p->status, m.n ? PL_DTSEN_P_IN : PL_DTSEN_P_CHECKED);
    return 0;
}

/* The open cycle of village's regency for a proposal entered on entered (the next open month). */
static int cycle_for(pl_dtsen_cycle *out, pl_store *s, const pl_actor *who, const char *village,
                     const pl_date *entered, pl_error *err)
{
    char regency[PL_REGION_CODE_MAX], period[8], month[8];
    ancestor(regency, village, 2);
    snprintf(month, sizeof month, "%04u-%02u", (unsigned)entered->year % 10000u,
             (unsigned)entered->month % 100u);
    int cut;
    int rc = pl_dtsen_rules(&cut, NULL, s, village, month, err);
    if (rc)
        return rc;
    pl_dtsen_period_for(period, entered, cut);
    for (int i = 0; i < 24; i++) {
        int pcut = cut;
        if (i > 0 || strcmp(period, month) != 0)
            if ((rc = pl_dtsen_rules(&pcut, NULL, s, village, period, err)))
                return rc;
        if ((rc = pl_store_dtsen_cycle_ensure(s, who, out, regency, period, pcut, err)))
            return rc;
        if (strcmp(out->status, "terbuka") == 0)
            return 0;
        char next[8];
        if (pl_dtsen_period_next(next, period) != 0)
            break;
        memcpy(period, next, sizeof period);
    }
    return pl_error_set(err, PL_EINTERNAL, "", "tidak ada siklus terbuka");
}

/* Loads the subject of a proposal into p (inside scope and the meeting's village). */
static int proposal_subject(pl_dtsen_proposal *p, pl_store *s, const char *scope,
                            const pl_dtsen_proposal_in *in, pl_error *err)
{
    if (in->person_id) {
        pl_person q;
        int rc = pl_store_person_get(s, &q, in->person_id, err);
        if (rc == 0 && !pl_region_code_in_scope(q.village_code, scope))
            rc = PL_ENOTFOUND;
        if (rc == PL_ENOTFOUND)
            return pl_error_set(err, PL_ENOTFOUND, "person_id", "orang id %lld tidak ditemukan",
                                (long long)in->person_id);
        if (rc)
            return rc;
        if (strcmp(q.village_code, p->village) != 0)
            return pl_error_set(err, PL_EINVAL, "person_id",
                                "orang itu bukan warga desa/kelurahan musyawarah ini");
        p->person_id = q.id;
        p->household_id = q.household_id;
    }
    int64_t hid = in->household_id;
    const char *kk = in->fields[PL_COL_NO_KK];
    if (hid || (!blank(kk) && pl_dtsen_kind_find(in->kind) == PL_DTSEN_ADD_PERSON)) {
        pl_household hh;
        int rc = hid ? pl_store_household_get(s, &hh, hid, err)
                     : pl_store_household_get_by_kk(s, &hh, kk, err);
        if (rc == 0 && !pl_region_code_in_scope(hh.village_code, scope))
            rc = PL_ENOTFOUND;
        if (rc == PL_ENOTFOUND)
            return pl_error_set(err, PL_ENOTFOUND, hid ? "household_id" : "kk",
                                "keluarga tidak ditemukan");
        if (rc)
            return rc;
        if (strcmp(hh.village_code, p->village) != 0)
            return pl_error_set(err, PL_EINVAL, "household_id",
                                "keluarga itu bukan warga desa/kelurahan musyawarah ini");
        if (p->person_id && p->household_id != hh.id)
            return pl_error_set(err, PL_EINVAL, "household_id",
                                "orang itu bukan anggota keluarga ini");
        p->household_id = hh.id;
    }
    return 0;
}

int pl_dtsen_proposal_add(pl_dtsen_proposal *out, pl_store *s, const pl_actor *who,
                          const char *scope, const pl_dtsen_proposal_in *in, const pl_date *today,
                          pl_error *err)
{
    scope = scope ? scope : "";
    pl_dtsen_meeting mt;
    int rc = pl_dtsen_meeting_load(&mt, s, scope, in->meeting_id, err);
    if (rc) {
        if (err)
            copy(err->field, sizeof err->field, "meeting_id");
        return rc;
    }
    pl_dtsen_proposal p = {0};
    p.meeting_id = mt.id;
    copy(p.village, sizeof p.village, mt.village);
    int kind = pl_dtsen_kind_find(in->kind);
    if (kind < 0)
        return pl_error_set(err, PL_EINVAL, "kind",
                            "jenis usulan harus tambah_keluarga, tambah_orang, hapus atau ubah");
    copy(p.kind, sizeof p.kind, in->kind);
    if (kind == PL_DTSEN_REMOVE && !blank(in->removal)) {
        if (pl_dtsen_removal_find(in->removal) < 0)
            return pl_error_set(err, PL_EINVAL, "removal",
                                "alasan penghapusan harus pindah, meninggal, tidak_layak atau "
                                "ganda");
        copy(p.removal, sizeof p.removal, in->removal);
    }
    if (kind == PL_DTSEN_ADD_HOUSEHOLD && (in->person_id || in->household_id))
        return pl_error_set(err, PL_EINVAL, "household_id",
                            "usulan keluarga baru tidak menyebut data terdaftar");
    if ((rc = proposal_subject(&p, s, scope, in, err)))
        return rc;
    if (!blank(in->death_date)) {
        if ((rc = past_date(in->death_date, "death_date", "tanggal meninggal", today, err)))
            return rc;
        copy(p.death_date, sizeof p.death_date, in->death_date);
    }
    if (in->note && strlen(in->note) >= sizeof p.note)
        return pl_error_set(err, PL_EINVAL, "note", "catatan terlalu panjang");
    copy(p.note, sizeof p.note, in->note);
    pl_date entered = *today;
    if (!blank(in->entered_on)) {
        if ((rc = past_date(in->entered_on, "entered_on", "tanggal usulan masuk", today, err)))
            return rc;
        pl_date_parse(&entered, in->entered_on);
    }
    pl_date_format(p.entered_on, &entered);
    if ((rc = data_merge(&p, in->fields, err)))
        return rc;
    if ((rc = pl_store_begin(s, err)))
        return rc;
    pl_dtsen_cycle c;
    if ((rc = cycle_for(&c, s, who, p.village, &entered, err)) ||
        (rc = store_doc(&p.evidence_file_id, s, who, "bukti", &in->evidence, "evidence", err)))
        goto out;
    p.cycle_id = c.id;
    if ((rc = check_proposal(&p, s, scope, today, err)) ||
        (rc = pl_store_dtsen_proposal_add(s, who, &p, err)))
        goto out;
    rc = pl_store_commit(s, err);
out:
    if (rc) {
        pl_store_rollback(s);
        return rc;
    }
    *out = p;
    return 0;
}

static bool decided(const pl_dtsen_proposal *p)
{
    return strcmp(p->status, PL_DTSEN_P_REJECTED) == 0 ||
           strcmp(p->status, PL_DTSEN_P_RATIFIED) == 0;
}

static int refuse_decided(const pl_dtsen_proposal *p, pl_error *err)
{
    if (strcmp(p->cycle_status, "disahkan") == 0)
        return pl_error_set(err, PL_ELOCKED, "id",
                            "siklus %s sudah disahkan; usulan id %lld tidak dapat diubah lagi",
                            p->period, (long long)p->id);
    return pl_error_set(err, PL_EINVAL, "status", "usulan ini sudah %s",
                        strcmp(p->status, PL_DTSEN_P_REJECTED) == 0 ? "ditolak" : "disahkan");
}

int pl_dtsen_proposal_change(pl_dtsen_proposal *out, pl_store *s, const pl_actor *who,
                             const char *scope, int64_t id, int64_t version,
                             const pl_dtsen_proposal_in *chg, const pl_date *today, pl_error *err)
{
    scope = scope ? scope : "";
    pl_dtsen_proposal p;
    int rc = pl_dtsen_proposal_load(&p, s, scope, id, err);
    if (rc)
        return rc;
    if (strcmp(p.cycle_status, "disahkan") == 0 || decided(&p))
        return refuse_decided(&p, err);
    if (version > 0)
        p.version = version;
    if ((rc = data_merge(&p, chg->fields, err)))
        return rc;
    if (chg->note) {
        if (strlen(chg->note) >= sizeof p.note)
            return pl_error_set(err, PL_EINVAL, "note", "catatan terlalu panjang");
        copy(p.note, sizeof p.note, chg->note);
    }
    if (chg->death_date) {
        if (chg->death_date[0] &&
            (rc = past_date(chg->death_date, "death_date", "tanggal meninggal", today, err)))
            return rc;
        copy(p.death_date, sizeof p.death_date, chg->death_date);
    }
    if (!blank(chg->removal)) {
        if (strcmp(p.kind, "hapus") != 0 || pl_dtsen_removal_find(chg->removal) < 0)
            return pl_error_set(err, PL_EINVAL, "removal", "alasan penghapusan tidak sah");
        copy(p.removal, sizeof p.removal, chg->removal);
    }
    if ((rc = pl_store_begin(s, err)))
        return rc;
    int64_t fid = 0;
    if ((rc = store_doc(&fid, s, who, "bukti", &chg->evidence, "evidence", err)))
        goto out;
    if (fid)
        p.evidence_file_id = fid;
    if ((rc = check_proposal(&p, s, scope, today, err)) ||
        (rc = pl_store_dtsen_proposal_update(s, who, &p, err)))
        goto out;
    rc = pl_store_commit(s, err);
out:
    if (rc) {
        pl_store_rollback(s);
        return rc;
    }
    *out = p;
    return 0;
}

int pl_dtsen_proposal_reject(pl_dtsen_proposal *out, pl_store *s, const pl_actor *who,
                             const char *scope, int64_t id, const char *reason, pl_error *err)
{
    pl_dtsen_proposal p;
    int rc = pl_dtsen_proposal_load(&p, s, scope, id, err);
    if (rc)
        return rc;
    if (strcmp(p.cycle_status, "disahkan") == 0 || decided(&p))
        return refuse_decided(&p, err);
    if (blank(reason) || strlen(reason) >= sizeof p.reject_reason)
        return pl_error_set(err, PL_EINVAL, "reason", "alasan penolakan wajib diisi (maks. %zu)",
                            sizeof p.reject_reason - 1);
    copy(p.reject_reason, sizeof p.reject_reason, reason);
    copy(p.status, sizeof p.status, PL_DTSEN_P_REJECTED);
    if ((rc = pl_store_dtsen_proposal_update(s, who, &p, err)))
        return rc;
    *out = p;
    return 0;
}

typedef struct recheck_ctx {
    pl_store *s;
    const pl_actor *who;
    const char *scope;
    const pl_date *today;
    pl_error *err;
    int64_t ids[256];
    size_t n;
} recheck_ctx;

static int collect_waiting(void *ctx, const pl_dtsen_proposal *p)
{
    recheck_ctx *c = ctx;
    if (strcmp(p->status, PL_DTSEN_P_IN) == 0 && strcmp(p->cycle_status, "terbuka") == 0 &&
        c->n < sizeof c->ids / sizeof c->ids[0])
        c->ids[c->n++] = p->id;
    return 0;
}

static int recheck_meeting(pl_store *s, const pl_actor *who, const char *scope, int64_t meeting_id,
                           const pl_date *today, pl_error *err)
{
    recheck_ctx c = {s, who, scope, today, err, {0}, 0};
    pl_dtsen_proposal_filter f = {.meeting_id = meeting_id};
    int rc = pl_store_dtsen_proposal_list(s, &f, collect_waiting, &c, err);
    for (size_t i = 0; i < c.n && rc == 0; i++) {
        pl_dtsen_proposal p;
        if ((rc = pl_store_dtsen_proposal_get(s, &p, c.ids[i], err)) ||
            (rc = check_proposal(&p, s, scope ? scope : "", today, err)))
            break;
        rc = pl_store_dtsen_proposal_update(s, who, &p, err);
    }
    return rc;
}

/* ----------------------------------------------------------- field checks */

int pl_dtsen_check_load(pl_dtsen_check *out, pl_store *s, const char *scope, int64_t id,
                        pl_error *err)
{
    int rc = pl_store_dtsen_check_get(s, out, id, err);
    if (rc == 0 && !pl_region_code_in_scope(out->region_code, scope ? scope : ""))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return hide(err, "cek lapangan", id);
    return rc;
}

static int open_check(void *ctx, const pl_dtsen_check *c)
{
    (void)ctx;
    return strcmp(c->status, "ditugaskan") == 0 ? 1 : 0;
}

int pl_dtsen_check_assign(pl_dtsen_check *out, pl_store *s, const pl_actor *who, const char *scope,
                          int64_t proposal_id, int64_t objection_id, int64_t psks_id,
                          const char *due_date, const pl_date *today, pl_error *err)
{
    scope = scope ? scope : "";
    if ((proposal_id != 0) == (objection_id != 0))
        return pl_error_set(err, PL_EINVAL, "proposal_id", "sebut satu usulan atau satu sanggahan");
    pl_dtsen_proposal p = {0};
    pl_dtsen_objection o = {0};
    int64_t person_id = 0, household_id = 0;
    const char *village;
    int rc;
    if (proposal_id) {
        if ((rc = pl_dtsen_proposal_load(&p, s, scope, proposal_id, err)))
            return rc;
        if (strcmp(p.cycle_status, "disahkan") == 0 || decided(&p))
            return refuse_decided(&p, err);
        person_id = p.person_id;
        household_id = person_id ? 0 : p.household_id;
        village = p.village;
    } else {
        if ((rc = pl_dtsen_objection_load(&o, s, scope, objection_id, err)))
            return rc;
        if (strcmp(o.status, PL_DTSEN_O_FILED) != 0 && strcmp(o.status, PL_DTSEN_O_FIELD) != 0)
            return pl_error_set(err, PL_EINVAL, "objection_id", "sanggahan ini sudah diputus");
        household_id = o.household_id;
        village = o.village;
    }
    pl_dtsen_check_filter cf = {.proposal_id = proposal_id, .objection_id = objection_id};
    if ((rc = pl_store_dtsen_check_list(s, &cf, open_check, NULL, err)) == 1)
        return pl_error_set(err, PL_ECONFLICT, "id", "cek lapangan untuk ini sudah ditugaskan");
    if (rc)
        return rc;
    if (!blank(due_date)) {
        pl_date d;
        if (pl_date_parse(&d, due_date) != 0)
            return pl_error_set(err, PL_EINVAL, "due_date", "tenggat harus tanggal TTTT-BB-HH");
    }
    pl_dtsen_check c = {0};
    c.proposal_id = proposal_id;
    c.objection_id = objection_id;
    copy(c.region_code, sizeof c.region_code, village);
    copy(c.due_date, sizeof c.due_date, due_date);
    if ((rc = pl_store_begin_outer(s, err)))
        return rc;
    if (person_id || household_id) {
        char reason[256];
        snprintf(reason, sizeof reason, "Cek lapangan %s DTSEN id %lld",
                 proposal_id ? "usulan" : "sanggahan",
                 (long long)(proposal_id ? proposal_id : objection_id));
        pl_psks_assign_in ai = {.psks_id = psks_id,
                                .person_id = person_id,
                                .household_id = person_id ? 0 : household_id,
                                .due_date = due_date,
                                .reason = reason};
        pl_psks_assignment a;
        if ((rc = pl_psks_assign(&a, s, who, scope, &ai, today, err)))
            goto out;
        c.psks_id = a.psks_id;
        c.assignment_id = a.id;
    } else {
        pl_psks_unit u;
        if (psks_id == 0) {
            rc = pl_error_set(err, PL_EINVAL, "psks_id",
                              "pilih unit PSKS (yang diusulkan belum terdaftar)");
            goto out;
        }
        if ((rc = pl_psks_unit_load(&u, s, scope, psks_id, err)))
            goto out;
        c.psks_id = u.id;
    }
    if ((rc = pl_store_dtsen_check_add(s, who, &c, err)))
        goto out;
    if (proposal_id) {
        copy(p.status, sizeof p.status, PL_DTSEN_P_FIELD);
        rc = pl_store_dtsen_proposal_update(s, who, &p, err);
    } else {
        copy(o.status, sizeof o.status, PL_DTSEN_O_FIELD);
        rc = pl_store_dtsen_objection_update(s, who, &o, err);
    }
out:
    if (rc == 0)
        rc = pl_store_commit(s, err);
    if (rc) {
        pl_store_rollback(s);
        return rc;
    }
    return pl_store_dtsen_check_get(s, out, c.id, err);
}

int pl_dtsen_check_record(pl_dtsen_check *out, pl_store *s, const pl_actor *who, const char *scope,
                          int64_t id, const pl_dtsen_check_result *in, const pl_date *today,
                          pl_error *err)
{
    scope = scope ? scope : "";
    pl_dtsen_check c;
    int rc = pl_dtsen_check_load(&c, s, scope, id, err);
    if (rc)
        return rc;
    if (strcmp(c.status, "selesai") == 0)
        return pl_error_set(err, PL_ECONFLICT, "status", "hasil cek lapangan ini sudah dicatat");
    if (in->version > 0 && in->version != c.version)
        return pl_error_set(err, PL_ECONFLICT, "version",
                            "cek lapangan ini baru saja diubah orang lain; muat ulang");
    if (!pl_dtsen_recommendation_valid(in->recommendation))
        return pl_error_set(err, PL_EINVAL, "recommendation",
                            "rekomendasi harus setuju atau tolak");
    if (blank(in->findings) || strlen(in->findings) >= sizeof c.findings)
        return pl_error_set(err, PL_EINVAL, "findings", "temuan lapangan wajib diisi (maks. %zu)",
                            sizeof c.findings - 1);
    pl_dtsen_proposal p = {0};
    pl_dtsen_objection o = {0};
    if (c.proposal_id) {
        if ((rc = pl_store_dtsen_proposal_get(s, &p, c.proposal_id, err)))
            return rc;
        if (strcmp(p.cycle_status, "disahkan") == 0 || decided(&p))
            return refuse_decided(&p, err);
    } else if ((rc = pl_store_dtsen_objection_get(s, &o, c.objection_id, err))) {
        return rc;
    }
    pl_psks_visit v = {0};
    if (c.assignment_id) {
        v.assignment_id = c.assignment_id;
    } else {
        v.psks_id = c.psks_id;
    }
    copy(v.visit_date, sizeof v.visit_date, in->visited_on);
    copy(v.action, sizeof v.action, "kunjungan_rumah");
    v.has_coord = in->has_coord;
    v.lat = in->lat;
    v.lon = in->lon;
    snprintf(v.note, sizeof v.note, "Cek lapangan DTSEN: %s", in->findings);
    if ((rc = pl_store_begin_outer(s, err)))
        return rc;
    if ((rc = pl_psks_visit_log(&v, s, who, scope, NULL, 0, today, err)))
        goto out;
    if (!blank(in->photo_path)) {
        pl_psks_visit pv;
        if ((rc = pl_psks_visit_photo_attach(&pv, s, who, scope, v.id, in->photo_path, err)))
            goto out;
    }
    if (c.assignment_id) {
        pl_psks_assignment a;
        if ((rc = pl_psks_assignment_load(&a, s, scope, c.assignment_id, err)))
            goto out;
        pl_psks_assignment_edit ed = {.version = a.version, .status = "selesai"};
        if ((rc = pl_psks_assignment_change(&a, s, who, scope, a.id, &ed, err)))
            goto out;
    }
    c.visit_id = v.id;
    copy(c.status, sizeof c.status, "selesai");
    copy(c.recommendation, sizeof c.recommendation, in->recommendation);
    copy(c.findings, sizeof c.findings, in->findings);
    if ((rc = pl_store_dtsen_check_update(s, who, &c, err)))
        goto out;
    if (c.proposal_id) {
        if (strcmp(in->recommendation, PL_DTSEN_REC_REJECT) == 0) {
            copy(p.status, sizeof p.status, PL_DTSEN_P_REJECTED);
            snprintf(p.reject_reason, sizeof p.reject_reason, "Hasil cek lapangan: %.200s",
                     in->findings);
        } else {
            copy(p.status, sizeof p.status, PL_DTSEN_P_IN);
            if ((rc = check_proposal(&p, s, scope, today, err)))
                goto out;
        }
        rc = pl_store_dtsen_proposal_update(s, who, &p, err);
    }
out:
    if (rc == 0)
        rc = pl_store_commit(s, err);
    if (rc) {
        pl_store_rollback(s);
        return rc;
    }
    return pl_store_dtsen_check_get(s, out, id, err);
}

/* ----------------------------------------------------------------- cycles */

static bool cycle_visible(const pl_dtsen_cycle *c, const char *scope)
{
    scope = scope ? scope : "";
    return pl_region_code_in_scope(c->regency, scope) || pl_region_code_in_scope(scope, c->regency);
}

int pl_dtsen_cycle_load(pl_dtsen_cycle *out, pl_store *s, const char *scope, int64_t id,
                        pl_error *err)
{
    int rc = pl_store_dtsen_cycle_get(s, out, id, err);
    if (rc == 0 && !cycle_visible(out, scope))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return hide(err, "siklus", id);
    return rc;
}

typedef struct cycle_list_ctx {
    const char *scope;
    pl_dtsen_cycle_cb cb;
    void *ctx;
} cycle_list_ctx;

static int cycle_filter(void *ctx, const pl_dtsen_cycle *c)
{
    cycle_list_ctx *l = ctx;
    return cycle_visible(c, l->scope) ? l->cb(l->ctx, c) : 0;
}

int pl_dtsen_cycle_list(pl_store *s, const char *scope, const char *year, pl_dtsen_cycle_cb cb,
                        void *ctx, pl_error *err)
{
    cycle_list_ctx l = {scope ? scope : "", cb, ctx};
    char reg[PL_REGION_CODE_MAX];
    /* Cycles are per regency: a narrower scope reads its own regency's. */
    ancestor(reg, l.scope, 2);
    const char *prefix = pl_region_code_level(l.scope) > 2 ? reg : l.scope;
    return pl_store_dtsen_cycle_list(s, prefix, year ? year : "", cycle_filter, &l, err);
}

typedef struct ids_ctx {
    int64_t *v;
    size_t n, cap;
} ids_ctx;

static int push_id(ids_ctx *l, int64_t id)
{
    if (pl_vec_reserve(&l->v, &l->cap, l->n, 1))
        return PL_ENOMEM;
    l->v[l->n++] = id;
    return 0;
}

static int collect_checked(void *ctx, const pl_dtsen_proposal *p)
{
    return push_id(ctx, p->id);
}

static int collect_member(void *ctx, const pl_person *p)
{
    if (p->death_date[0] || strcmp(p->state, PL_STATE_REJECTED) == 0)
        return 0;
    return push_id(ctx, p->id);
}

/*
 * Applies the household fields of a proposal's data f to household id: the address, RT and
 * RW, and with point also its coordinates (a person's own point stays the person's).
 */
static int change_household(pl_store *s, const pl_actor *who, const char *scope, int64_t id,
                            const char *const *f, bool point, pl_error *err)
{
    pl_household hh;
    int rc = pl_store_household_get(s, &hh, id, err);
    if (rc)
        return rc;
    const char *given[PL_COL__MAX] = {0};
    given[PL_COL_ALAMAT] = f[PL_COL_ALAMAT];
    given[PL_COL_RT] = f[PL_COL_RT];
    given[PL_COL_RW] = f[PL_COL_RW];
    if (point) {
        given[PL_COL_LATITUDE] = f[PL_COL_LATITUDE];
        given[PL_COL_LONGITUDE] = f[PL_COL_LONGITUDE];
    }
    pl_household changed;
    return pl_registry_household_update(&changed, s, who, scope, hh.id, hh.version, NULL, given,
                                        err);
}

/* Applies one checked proposal to the registry; fills p's applied ids. */
static int apply_proposal(pl_dtsen_proposal *p, pl_store *s, const pl_actor *who,
                          const pl_transfer_origin *from, const char *sk, const pl_date *today,
                          pl_error *err)
{
    const char *f[PL_COL__MAX];
    json_t *root = NULL;
    int rc = 0;
    if (data_fields(f, &root, p->data) != 0) {
        json_decref(root);
        return pl_error_set(err, PL_EINVAL, "data", "data usulan rusak");
    }
    int kind = pl_dtsen_kind_find(p->kind);
    int64_t waiting = 0;
    pl_record_problems probs;
    if (kind == PL_DTSEN_ADD_HOUSEHOLD || kind == PL_DTSEN_ADD_PERSON) {
        const char *row[PL_COL__MAX];
        memcpy(row, f, sizeof row);
        row[PL_COL_KODE_DESA] = p->village;
        pl_household hh;
        unsigned flags = 0;
        if (kind == PL_DTSEN_ADD_PERSON) {
            if ((rc = pl_store_household_get(s, &hh, p->household_id, err)))
                goto out;
            row[PL_COL_NO_KK] = hh.kk;
            flags = PL_REGISTER_EXISTING_HOUSEHOLD;
        }
        pl_person added;
        if ((rc = pl_registry_person_register(&added, &waiting, &probs, s, who, from, row, flags,
                                              today, err)))
            goto out;
        p->applied_person_id = added.id;
        p->applied_household_id = added.household_id;
    } else if (kind == PL_DTSEN_CHANGE && p->person_id) {
        pl_person_change ch = {0};
        memcpy(ch.given, f, sizeof ch.given);
        ch.given[PL_COL_KODE_DESA] = NULL;
        pl_person changed;
        if ((rc = pl_registry_person_update(&changed, &waiting, &probs, s, who, from, p->person_id,
                                            &ch, today, err)))
            goto out;
        p->applied_person_id = changed.id;
        p->applied_household_id = changed.household_id;
        /* The address is the household's: a person's change carrying one moves the family's. */
        if (f[PL_COL_ALAMAT] || f[PL_COL_RT] || f[PL_COL_RW])
            rc = change_household(s, who, from->scope, changed.household_id, f, false, err);
    } else if (kind == PL_DTSEN_CHANGE) {
        if ((rc = change_household(s, who, from->scope, p->household_id, f, true, err)))
            goto out;
        p->applied_household_id = p->household_id;
    } else if (kind == PL_DTSEN_REMOVE && strcmp(p->removal, "meninggal") == 0) {
        pl_person_change ch = {0};
        ch.death_date = p->death_date;
        pl_person changed;
        if ((rc = pl_registry_person_update(&changed, &waiting, &probs, s, who, from, p->person_id,
                                            &ch, today, err)))
            goto out;
        p->applied_person_id = changed.id;
        p->applied_household_id = changed.household_id;
    } else if (kind == PL_DTSEN_REMOVE) {
        ids_ctx l = {0};
        if (p->person_id) {
            rc = push_id(&l, p->person_id);
        } else {
            rc = pl_store_household_members(s, p->household_id, collect_member, &l, err);
        }
        if (rc == PL_ENOMEM)
            rc = pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        if (rc == 0 && l.n) {
            char reason[256];
            snprintf(reason, sizeof reason, "Dihapus dari DTSEN (%s), usulan id %lld, SK %s",
                     pl_dtsen_removal_label(pl_dtsen_removal_find(p->removal)), (long long)p->id,
                     sk);
            pl_verify_request rq = {
                .state = PL_STATE_REJECTED, .reason = reason, .ids = l.v, .n_ids = l.n};
            size_t count = 0;
            rc = pl_verify_decide(&count, s, who, from->scope, &rq, err);
        }
        free(l.v);
        if (rc)
            goto out;
        p->applied_person_id = p->person_id;
        p->applied_household_id = p->household_id;
    }
    if (waiting)
        rc = pl_error_set(err, PL_ECONFLICT, "id",
                          "NIK/KK usulan ini tercatat di luar wilayah Anda (permintaan pindah "
                          "diperlukan)");
out:
    json_decref(root);
    return rc;
}

int pl_dtsen_cycle_ratify(pl_dtsen_cycle *out, pl_dtsen_ratify_out *res, pl_store *s,
                          const pl_actor *who, const char *scope, int64_t id,
                          const pl_dtsen_ratify_in *in, const char *source, const pl_date *today,
                          pl_error *err)
{
    scope = scope ? scope : "";
    memset(res, 0, sizeof *res);
    pl_dtsen_cycle c;
    int rc = pl_dtsen_cycle_load(&c, s, scope, id, err);
    if (rc)
        return rc;
    if (!pl_region_code_in_scope(c.regency, scope))
        return pl_error_set(err, PL_EDENIED, "id",
                            "pengesahan siklus dilakukan oleh kabupaten/kota %s", c.regency);
    if (strcmp(c.status, "disahkan") == 0)
        return pl_error_set(err, PL_ELOCKED, "id", "siklus %s sudah disahkan (SK %s)", c.period,
                            c.sk_number);
    if (in->version > 0 && in->version != c.version)
        return pl_error_set(err, PL_ECONFLICT, "version",
                            "siklus ini baru saja diubah orang lain; muat ulang");
    if (blank(in->sk_number) || strlen(in->sk_number) >= sizeof c.sk_number)
        return pl_error_set(err, PL_EINVAL, "sk_number", "nomor SK bupati/wali kota wajib diisi");
    if ((rc = past_date(in->sk_date, "sk_date", "tanggal SK", today, err)))
        return rc;
    ids_ctx l = {0};
    pl_dtsen_proposal_filter f = {.cycle_id = c.id, .status = PL_DTSEN_P_CHECKED};
    if ((rc = pl_store_dtsen_proposal_list(s, &f, collect_checked, &l, err))) {
        free(l.v);
        return rc == PL_ENOMEM ? pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup") : rc;
    }
    pl_transfer_origin from = {
        .user = who->user, .scope = scope, .source = source ? source : "cli"};
    if ((rc = pl_store_begin_outer(s, err))) {
        free(l.v);
        return rc;
    }
    int64_t sk_id = 0;
    if ((rc = store_doc(&sk_id, s, who, "sk", &in->sk, "sk", err)))
        goto out;
    if (sk_id) /* else the scan attached before (pl_dtsen_cycle_attach_sk) stays */
        c.sk_file_id = sk_id;
    for (size_t i = 0; i < l.n; i++) {
        pl_dtsen_proposal p;
        if ((rc = pl_store_dtsen_proposal_get(s, &p, l.v[i], err)))
            goto out;
        if ((rc = apply_proposal(&p, s, who, &from, in->sk_number, today, err))) {
            if (err) {
                char msg[sizeof err->message];
                copy(msg, sizeof msg, err->message);
                snprintf(err->message, sizeof err->message,
                         "usulan id %lld tidak dapat diterapkan: %.440s", (long long)p.id, msg);
            }
            goto out;
        }
        copy(p.status, sizeof p.status, PL_DTSEN_P_RATIFIED);
        if ((rc = pl_store_dtsen_proposal_update(s, who, &p, err)))
            goto out;
        res->applied++;
    }
    res->rejected = c.n_rejected;
    if (c.n_in + c.n_field > 0) {
        char next[8];
        pl_dtsen_cycle nc;
        int cut;
        pl_dtsen_period_next(next, c.period);
        if ((rc = pl_dtsen_rules(&cut, NULL, s, c.regency, next, err)) ||
            (rc = pl_store_dtsen_cycle_ensure(s, who, &nc, c.regency, next, cut, err)) ||
            (rc = pl_store_dtsen_proposal_carry(s, who, c.id, nc.id, &res->carried, err)))
            goto out;
        res->next_cycle_id = nc.id;
    }
    copy(c.sk_number, sizeof c.sk_number, in->sk_number);
    copy(c.sk_date, sizeof c.sk_date, in->sk_date);
    c.applied = res->applied;
    c.rejected = res->rejected;
    c.carried = res->carried;
    rc = pl_store_dtsen_cycle_ratify(s, who, &c, err);
out:
    free(l.v);
    if (rc == 0)
        rc = pl_store_commit(s, err);
    if (rc) {
        pl_store_rollback(s);
        return rc;
    }
    /* The welfare ranking of the province, now that its registry changed. */
    char prov[PL_REGION_CODE_MAX], reason[64], day[11];
    ancestor(prov, c.regency, 1);
    snprintf(reason, sizeof reason, "siklus %s %s", c.period, c.regency);
    today_iso(day, today);
    pl_pmt_run_result rr;
    pl_error perr = {0};
    int prc = pl_pmt_score_run(&rr, s, who, "", prov, reason, day, &perr);
    if (prc == 0) {
        res->ranked = true;
        res->pmt_run_id = rr.run.id;
        snprintf(res->note, sizeof res->note,
                 "peringkat kesejahteraan provinsi %s dihitung ulang (run %lld, %ld keluarga)",
                 prov, (long long)rr.run.id, rr.run.scored);
    } else {
        snprintf(res->note, sizeof res->note,
                 "peringkat kesejahteraan belum dihitung ulang: %.180s", perr.message);
    }
    if ((rc = pl_store_dtsen_cycle_note(s, who, c.id, res->note, err)))
        return rc;
    return pl_store_dtsen_cycle_get(s, out, c.id, err);
}

int pl_dtsen_cycle_attach_sk(pl_dtsen_cycle *out, pl_store *s, const pl_actor *who,
                             const char *scope, int64_t id, const pl_dtsen_upload *doc,
                             pl_error *err)
{
    scope = scope ? scope : "";
    pl_dtsen_cycle c;
    int rc = pl_dtsen_cycle_load(&c, s, scope, id, err);
    if (rc)
        return rc;
    if (!pl_region_code_in_scope(c.regency, scope))
        return pl_error_set(err, PL_EDENIED, "id",
                            "pengesahan siklus dilakukan oleh kabupaten/kota %s", c.regency);
    if (strcmp(c.status, "disahkan") == 0)
        return pl_error_set(err, PL_ELOCKED, "id", "siklus %s sudah disahkan (SK %s)", c.period,
                            c.sk_number);
    if (doc == NULL || blank(doc->path))
        return pl_error_set(err, PL_EINVAL, "file", "kirim pindaian SK (PDF atau foto)");
    if ((rc = pl_store_begin_outer(s, err)))
        return rc;
    int64_t fid = 0;
    if ((rc = store_doc(&fid, s, who, "sk", doc, "file", err)) == 0)
        rc = pl_store_dtsen_cycle_sk_file(s, who, c.id, fid, err);
    if (rc == 0)
        rc = pl_store_commit(s, err);
    if (rc) {
        pl_store_rollback(s);
        return rc;
    }
    return pl_store_dtsen_cycle_get(s, out, c.id, err);
}

/* ------------------------------------------------------------- objections */

int pl_dtsen_objection_load(pl_dtsen_objection *out, pl_store *s, const char *scope, int64_t id,
                            pl_error *err)
{
    int rc = pl_store_dtsen_objection_get(s, out, id, err);
    if (rc == 0 && !pl_region_code_in_scope(out->village, scope ? scope : ""))
        rc = PL_ENOTFOUND;
    if (rc == PL_ENOTFOUND)
        return hide(err, "sanggahan", id);
    return rc;
}

static int text_field(char *out, size_t cap, const char *in, const char *field, const char *what,
                      bool required, pl_error *err)
{
    if (required && blank(in))
        return pl_error_set(err, PL_EINVAL, field, "%s wajib diisi", what);
    if (in && strlen(in) >= cap)
        return pl_error_set(err, PL_EINVAL, field, "%s terlalu panjang (maks. %zu)", what, cap - 1);
    copy(out, cap, in);
    return 0;
}

int pl_dtsen_objection_file(pl_dtsen_objection *out, pl_store *s, const pl_actor *who,
                            const char *scope, const pl_dtsen_objection_in *in,
                            const pl_date *today, pl_error *err)
{
    scope = scope ? scope : "";
    pl_dtsen_objection o = {0};
    int rc;
    if (in->household_id) {
        pl_household hh;
        rc = pl_store_household_get(s, &hh, in->household_id, err);
        if (rc == 0 && !pl_region_code_in_scope(hh.village_code, scope))
            rc = PL_ENOTFOUND;
        if (rc == PL_ENOTFOUND)
            return pl_error_set(err, PL_ENOTFOUND, "household_id", "keluarga tidak ditemukan");
        if (rc)
            return rc;
        o.household_id = hh.id;
        copy(o.village, sizeof o.village, hh.village_code);
    } else if ((rc = village_in_scope(o.village, s, scope, in->village, err))) {
        return rc;
    }
    if (!pl_dtsen_objection_kind_valid(in->kind))
        return pl_error_set(err, PL_EINVAL, "kind",
                            "jenis sanggahan harus salah_masuk atau "
                            "tidak_masuk");
    copy(o.kind, sizeof o.kind, in->kind);
    if (!pl_dtsen_filer_valid(in->filer_kind))
        return pl_error_set(err, PL_EINVAL, "filer_kind",
                            "pengaju harus warga, psks atau operator");
    copy(o.filer_kind, sizeof o.filer_kind, in->filer_kind);
    if ((rc = text_field(o.filer_name, sizeof o.filer_name, in->filer_name, "filer_name",
                         "nama pengaju", true, err)) ||
        (rc = text_field(o.filer_contact, sizeof o.filer_contact, in->filer_contact,
                         "filer_contact", "kontak pengaju", false, err)) ||
        (rc = text_field(o.filer_address, sizeof o.filer_address, in->filer_address,
                         "filer_address", "alamat pengaju", false, err)) ||
        (rc = text_field(o.statement, sizeof o.statement, in->statement, "statement",
                         "isi sanggahan", true, err)) ||
        (rc = text_field(o.subject_name, sizeof o.subject_name, in->subject_name, "subject_name",
                         "nama keluarga yang disanggah", o.household_id == 0, err)) ||
        (rc = text_field(o.subject_address, sizeof o.subject_address, in->subject_address,
                         "subject_address", "alamat keluarga yang disanggah", false, err)))
        return rc;
    pl_date filed = *today;
    if (!blank(in->filed_on)) {
        if ((rc = past_date(in->filed_on, "filed_on", "tanggal sanggahan", today, err)))
            return rc;
        pl_date_parse(&filed, in->filed_on);
    }
    pl_date_format(o.filed_on, &filed);
    int days;
    if ((rc = pl_dtsen_rules(NULL, &days, s, o.village, "", err)))
        return rc;
    pl_dtsen_due_date(o.due_on, &filed, days);
    if ((rc = pl_store_dtsen_objection_add(s, who, &o, err)))
        return rc;
    *out = o;
    return 0;
}

static int open_check_of(pl_store *s, int64_t objection_id, pl_error *err)
{
    pl_dtsen_check_filter cf = {.objection_id = objection_id};
    return pl_store_dtsen_check_list(s, &cf, open_check, NULL, err);
}

int pl_dtsen_objection_decide(pl_dtsen_objection *out, pl_store *s, const pl_actor *who,
                              const char *scope, int64_t id, int64_t version, const char *decision,
                              const char *reason, const pl_date *today, pl_error *err)
{
    pl_dtsen_objection o;
    int rc = pl_dtsen_objection_load(&o, s, scope, id, err);
    if (rc)
        return rc;
    if (strcmp(o.status, PL_DTSEN_O_DECIDED) == 0 || strcmp(o.status, PL_DTSEN_O_ANSWERED) == 0)
        return pl_error_set(err, PL_EINVAL, "status", "sanggahan ini sudah diputus");
    if (!decision || (strcmp(decision, "dikabulkan") != 0 && strcmp(decision, "ditolak") != 0))
        return pl_error_set(err, PL_EINVAL, "decision", "putusan harus dikabulkan atau ditolak");
    if ((rc = text_field(o.decision_reason, sizeof o.decision_reason, reason, "reason",
                         "alasan putusan", true, err)))
        return rc;
    if ((rc = open_check_of(s, id, err)) == 1)
        return pl_error_set(err, PL_EINVAL, "status",
                            "hasil cek lapangan sanggahan ini belum dicatat");
    if (rc)
        return rc;
    if (version > 0)
        o.version = version;
    copy(o.decision, sizeof o.decision, decision);
    copy(o.status, sizeof o.status, PL_DTSEN_O_DECIDED);
    pl_date_format(o.decided_on, today);
    if ((rc = pl_store_dtsen_objection_update(s, who, &o, err)))
        return rc;
    *out = o;
    return 0;
}

int pl_dtsen_objection_answer(pl_dtsen_objection *out, pl_store *s, const pl_actor *who,
                              const char *scope, int64_t id, int64_t version,
                              const char *answer_number, const pl_date *today, pl_error *err)
{
    pl_dtsen_objection o;
    int rc = pl_dtsen_objection_load(&o, s, scope, id, err);
    if (rc)
        return rc;
    if (strcmp(o.status, PL_DTSEN_O_DECIDED) != 0)
        return pl_error_set(err, PL_EINVAL, "status",
                            strcmp(o.status, PL_DTSEN_O_ANSWERED) == 0
                                ? "sanggahan ini sudah dijawab"
                                : "sanggahan ini belum diputus");
    if ((rc = text_field(o.answer_number, sizeof o.answer_number, answer_number, "answer_number",
                         "nomor surat jawaban", true, err)))
        return rc;
    if (version > 0)
        o.version = version;
    copy(o.status, sizeof o.status, PL_DTSEN_O_ANSWERED);
    pl_date_format(o.answered_on, today);
    if ((rc = pl_store_dtsen_objection_update(s, who, &o, err)))
        return rc;
    *out = o;
    return 0;
}

static void region_name(char *out, size_t cap, pl_store *s, const char *code)
{
    pl_region g;
    if (code[0] && pl_store_region_get(s, &g, code, NULL) == 0)
        copy(out, cap, g.name);
    else
        copy(out, cap, code);
}

static void date_words(char out[32], const char *iso)
{
    pl_date d;
    if (iso && pl_date_parse(&d, iso) == 0)
        pl_date_format_id(out, &d);
    else
        copy(out, 32, iso);
}

int pl_dtsen_objection_letter(pl_store *s, const char *scope, int64_t id, const char *path,
                              const pl_date *today, pl_error *err)
{
    pl_dtsen_letter l = {0};
    int rc = pl_dtsen_objection_load(&l.o, s, scope, id, err);
    if (rc)
        return rc;
    if (l.o.decision[0] == '\0')
        return pl_error_set(err, PL_EINVAL, "status",
                            "surat jawaban dibuat setelah sanggahan diputus");
    char district[PL_REGION_CODE_MAX], regency[PL_REGION_CODE_MAX];
    ancestor(district, l.o.village, 3);
    ancestor(regency, l.o.village, 2);
    region_name(l.village_name, sizeof l.village_name, s, l.o.village);
    region_name(l.district_name, sizeof l.district_name, s, district);
    region_name(l.regency_name, sizeof l.regency_name, s, regency);
    date_words(l.letter_date, l.o.answered_on[0] ? l.o.answered_on : l.o.decided_on);
    date_words(l.filed_date, l.o.filed_on);
    pl_doc_letterhead *lh = NULL;
    pl_date on = *today;
    if (l.o.answered_on[0])
        pl_date_parse(&on, l.o.answered_on);
    if ((rc = pl_letterhead_for_region(&lh, s, l.o.village, &on, err)))
        return rc;
    l.letterhead = lh;
    rc = pl_dtsen_letter_write_pdf(&l, path, err);
    pl_doc_letterhead_free(lh);
    return rc;
}

/* ------------------------------------------------------- document download */

int pl_dtsen_file_fetch(pl_dtsen_file *meta, void **data, size_t *len, pl_store *s,
                        const char *scope, int64_t id, pl_error *err)
{
    char entity[16];
    int64_t owner = 0;
    *data = NULL;
    *len = 0;
    int rc = pl_store_dtsen_file_owner(s, entity, &owner, id, err);
    if (rc == 0) {
        if (strcmp(entity, "meeting") == 0) {
            pl_dtsen_meeting m;
            rc = pl_dtsen_meeting_load(&m, s, scope, owner, err);
        } else if (strcmp(entity, "proposal") == 0) {
            pl_dtsen_proposal p;
            rc = pl_dtsen_proposal_load(&p, s, scope, owner, err);
        } else {
            pl_dtsen_cycle c;
            rc = pl_dtsen_cycle_load(&c, s, scope, owner, err);
        }
    }
    if (rc == 0)
        rc = pl_store_dtsen_file_get(s, meta, id, err);
    if (rc == 0)
        rc = pl_store_dtsen_file_data(s, id, data, len, err);
    if (rc == PL_ENOTFOUND)
        return hide(err, "dokumen", id);
    return rc;
}

/* ----------------------------------------------------------------- report */

typedef struct report_build {
    pl_dtsen_report *r;
    pl_store *s;
    int rc;
} report_build;

static int add_cycle(void *ctx, const pl_dtsen_cycle *c)
{
    report_build *b = ctx;
    pl_dtsen_report *r = b->r;
    if (!pl_region_code_in_scope(c->regency, r->region) &&
        !pl_region_code_in_scope(r->region, c->regency))
        return 0;
    if (pl_vec_reserve(&r->cycles, &r->cap_cycles, r->n_cycles, 1))
        return PL_ENOMEM;
    pl_dtsen_report_cycle *x = &r->cycles[r->n_cycles++];
    memset(x, 0, sizeof *x);
    x->id = c->id;
    copy(x->regency, sizeof x->regency, c->regency);
    region_name(x->regency_name, sizeof x->regency_name, b->s, c->regency);
    copy(x->period, sizeof x->period, c->period);
    copy(x->status, sizeof x->status, c->status);
    copy(x->sk_number, sizeof x->sk_number, c->sk_number);
    copy(x->sk_date, sizeof x->sk_date, c->sk_date);
    x->ratified = c->n_ratified;
    x->rejected = c->n_rejected;
    x->pending = c->n_in + c->n_field;
    x->checked = c->n_checked + c->n_ratified;
    x->in = c->n_in + c->n_field + c->n_checked + c->n_rejected + c->n_ratified;
    return 0;
}

static int add_objection(void *ctx, const pl_dtsen_objection *o)
{
    report_build *b = ctx;
    pl_dtsen_report *r = b->r;
    char regency[PL_REGION_CODE_MAX];
    ancestor(regency, o->village, 2);
    size_t i = 0;
    while (i < r->n_objections && strcmp(r->objections[i].regency, regency) != 0)
        i++;
    if (i == r->n_objections) {
        if (pl_vec_reserve(&r->objections, &r->cap_objections, r->n_objections, 1))
            return PL_ENOMEM;
        pl_dtsen_report_objections *v = r->objections;
        memset(&v[i], 0, sizeof v[i]);
        copy(v[i].regency, sizeof v[i].regency, regency);
        region_name(v[i].regency_name, sizeof v[i].regency_name, b->s, regency);
        r->n_objections++;
    }
    pl_dtsen_report_objections *x = &r->objections[i];
    x->filed++;
    if (strcmp(o->decision, "dikabulkan") == 0)
        x->upheld++;
    else if (strcmp(o->decision, "ditolak") == 0)
        x->refused++;
    if (strcmp(o->status, PL_DTSEN_O_ANSWERED) == 0)
        x->answered++;
    else
        x->open++;
    pl_date t;
    if (strcmp(o->status, PL_DTSEN_O_ANSWERED) != 0 && pl_date_parse(&t, r->today) == 0 &&
        pl_dtsen_overdue(o->due_on, &t))
        x->overdue++;
    return 0;
}

/*
 * Hides the small counts of a cycle row for roles without personal access:
 * in = ratified + rejected + waiting + checked-not-yet-ratified is the group.
 */
static int hide_cycle(pl_dtsen_report_cycle *x)
{
    pl_suppress *t = pl_suppress_new();
    if (t == NULL)
        return PL_ENOMEM;
    long in = pl_suppress_cell(t, x->in);
    long m[] = {pl_suppress_cell(t, x->ratified), pl_suppress_cell(t, x->rejected),
                pl_suppress_cell(t, x->pending), pl_suppress_cell(t, x->checked - x->ratified)};
    int rc = pl_suppress_group(t, in, m, 4);
    if (rc == 0) {
        pl_suppress_run(t);
        bool only = pl_suppress_is_hidden(t, m[3]);
        if (pl_suppress_is_hidden(t, in))
            x->in = PL_SUPPRESSED;
        if (pl_suppress_is_hidden(t, m[0]))
            x->ratified = PL_SUPPRESSED;
        if (pl_suppress_is_hidden(t, m[1]))
            x->rejected = PL_SUPPRESSED;
        if (pl_suppress_is_hidden(t, m[2]))
            x->pending = PL_SUPPRESSED;
        if (only || x->ratified == PL_SUPPRESSED || pl_suppress_is_small(x->checked))
            x->checked = PL_SUPPRESSED;
    }
    pl_suppress_free(t);
    return rc;
}

/* The same for a regency's objections: filed = answered + open = upheld + refused + undecided. */
static int hide_objections(pl_dtsen_report_objections *x)
{
    pl_suppress *t = pl_suppress_new();
    if (t == NULL)
        return PL_ENOMEM;
    long f = pl_suppress_cell(t, x->filed);
    long a[] = {pl_suppress_cell(t, x->answered), pl_suppress_cell(t, x->open)};
    long d[] = {pl_suppress_cell(t, x->upheld), pl_suppress_cell(t, x->refused),
                pl_suppress_cell(t, x->filed - x->upheld - x->refused)};
    long o = pl_suppress_cell(t, x->overdue);
    int rc = pl_suppress_group(t, f, a, 2);
    if (rc == 0)
        rc = pl_suppress_group(t, f, d, 3);
    if (rc == 0) {
        pl_suppress_run(t);
        long *cells[] = {&x->filed, &x->answered, &x->open, &x->upheld, &x->refused, &x->overdue};
        long idx[] = {f, a[0], a[1], d[0], d[1], o};
        for (size_t i = 0; i < 6; i++)
            if (pl_suppress_is_hidden(t, idx[i]))
                *cells[i] = PL_SUPPRESSED;
    }
    pl_suppress_free(t);
    return rc;
}

int pl_dtsen_report_build(pl_dtsen_report **out, pl_store *s, const char *scope, const char *region,
                          const char *year, bool viewer, const pl_date *today, pl_error *err)
{
    scope = scope ? scope : "";
    *out = NULL;
    pl_dtsen_report *r = calloc(1, sizeof *r);
    if (r == NULL)
        return pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
    int rc = 0;
    if (!blank(region)) {
        if (pl_region_code_normalize(r->region, region) < 0) {
            rc = pl_error_set(err, PL_EINVAL, "region", "kode wilayah tidak sah");
            goto out;
        }
        if (!pl_region_code_in_scope(r->region, scope)) {
            rc = pl_error_set(err, PL_EDENIED, "region", "wilayah di luar cakupan akun Anda");
            goto out;
        }
    } else {
        copy(r->region, sizeof r->region, scope);
    }
    if (!blank(year) && (strlen(year) != 4 || strspn(year, "0123456789") != 4)) {
        rc = pl_error_set(err, PL_EINVAL, "year", "tahun harus 4 angka");
        goto out;
    }
    copy(r->year, sizeof r->year, year);
    r->viewer = viewer;
    today_iso(r->today, today);
    report_build b = {r, s, 0};
    if ((rc = pl_dtsen_cycle_list(s, scope, r->year, add_cycle, &b, err)))
        goto out;
    /* Cycles oldest first in the report. */
    for (size_t i = 0; i < r->n_cycles / 2; i++) {
        pl_dtsen_report_cycle t = r->cycles[i];
        r->cycles[i] = r->cycles[r->n_cycles - 1 - i];
        r->cycles[r->n_cycles - 1 - i] = t;
    }
    pl_dtsen_objection_filter of = {.region = r->region, .year = r->year};
    if ((rc = pl_store_dtsen_objection_list(s, &of, add_objection, &b, err)))
        goto out;
    copy(r->total.period, sizeof r->total.period, "");
    for (size_t i = 0; i < r->n_cycles; i++) {
        pl_dtsen_report_cycle *x = &r->cycles[i];
        r->total.in += x->in;
        r->total.checked += x->checked;
        r->total.ratified += x->ratified;
        r->total.rejected += x->rejected;
        r->total.pending += x->pending;
    }
    for (size_t i = 0; i < r->n_objections; i++) {
        pl_dtsen_report_objections *x = &r->objections[i];
        r->objections_total.filed += x->filed;
        r->objections_total.upheld += x->upheld;
        r->objections_total.refused += x->refused;
        r->objections_total.answered += x->answered;
        r->objections_total.open += x->open;
        r->objections_total.overdue += x->overdue;
    }
    for (size_t i = 0; viewer && i <= r->n_cycles && rc == 0; i++)
        rc = hide_cycle(i < r->n_cycles ? &r->cycles[i] : &r->total);
    for (size_t i = 0; viewer && i <= r->n_objections && rc == 0; i++)
        rc = hide_objections(i < r->n_objections ? &r->objections[i] : &r->objections_total);
out:
    if (rc) {
        if (rc == PL_ENOMEM && (err == NULL || err->code == PL_OK))
            pl_error_set(err, PL_ENOMEM, "", "memori tidak cukup");
        pl_dtsen_report_free(r);
        return rc;
    }
    *out = r;
    return 0;
}
