/* nonik.c - recognising people without NIK, and the referral queue. */
#include "service/nonik.h"
#include "domain/match.h"
#include "domain/name.h"
#include "store/dedup.h"

#include <stdio.h>
#include <string.h>

typedef struct find_ctx {
    const pl_record *rec;
    char birth[11];
    char norm[PL_NAME_MAX * 2];
    pl_nonik_match *out;
} find_ctx;

static void doubt(find_ctx *f, const pl_person *p, double score, const char *why)
{
    /* The first doubtful candidate (lowest id) is kept; a same one wins over it. */
    if (f->out->verdict != PL_NONIK_NEW)
        return;
    f->out->verdict = PL_NONIK_DOUBTFUL;
    f->out->person_id = p->id;
    f->out->score = score;
    snprintf(f->out->reasons, sizeof f->out->reasons, "tanpa NIK: %s", why);
}

static int consider(void *ctx, const pl_person *p)
{
    find_ctx *f = ctx;
    const pl_record *rec = f->rec;
    if (f->out->verdict == PL_NONIK_SAME || strcmp(p->state, PL_STATE_REJECTED) == 0 ||
        p->death_date[0])
        return 0;
    char norm[PL_NAME_MAX * 2];
    if (pl_name_normalize(norm, sizeof norm, p->name) < 0)
        return 0;
    bool same_name = strcmp(norm, f->norm) == 0;
    bool same_birth = strcmp(p->birth_date, f->birth) == 0;
    bool same_village = strcmp(p->village_code, rec->village) == 0;
    bool same_kk = strcmp(p->kk, rec->kk) == 0;
    bool both_kk = p->kk[0] && rec->kk[0] && same_kk;
    if (p->nik[0] == '\0' && same_name && same_birth && same_village && same_kk) {
        f->out->verdict = PL_NONIK_SAME;
        f->out->person_id = p->id;
        f->out->score = 1.0;
        f->out->reasons[0] = '\0';
        return 0;
    }
    if (both_kk && same_birth && same_name && p->nik[0]) {
        doubt(f, p, 1.0, "No. KK, nama dan tanggal lahir sama dengan orang ber-NIK");
        return 0;
    }
    if (both_kk && same_birth && !same_name) {
        double sim = pl_match_name(norm, f->norm, NULL);
        if (sim >= PL_NONIK_NAME_SIMILAR)
            doubt(f, p, sim, "No. KK dan tanggal lahir sama, nama mirip");
        return 0;
    }
    if (same_name && same_birth && same_village && !same_kk)
        doubt(f, p, 1.0,
              p->kk[0] && rec->kk[0]
                  ? "nama, tanggal lahir dan desa sama, No. KK berbeda"
                  : "nama, tanggal lahir dan desa sama, salah satu tanpa No. KK");
    return 0;
}

int pl_nonik_find(pl_nonik_match *out, pl_store *s, const pl_record *rec, int64_t household_id,
                  pl_error *err)
{
    memset(out, 0, sizeof *out);
    find_ctx f = {.rec = rec, .out = out};
    pl_date_format(f.birth, &rec->birth);
    if (pl_name_normalize(f.norm, sizeof f.norm, rec->name) < 0)
        return 0;
    return pl_store_person_nonik_candidates(s, household_id, rec->village, f.birth, consider, &f,
                                            err);
}

int pl_nonik_review(pl_store *s, const pl_actor *who, int64_t person_id, const pl_nonik_match *m,
                    pl_error *err)
{
    bool written = false;
    if (m->verdict != PL_NONIK_DOUBTFUL || m->person_id == 0 || m->person_id == person_id)
        return 0;
    return pl_store_dedup_candidate_put(s, who, m->person_id, person_id, m->score, false,
                                        m->reasons, &written, err);
}

static int add_count(void *ctx, const pl_nonik_count *c)
{
    pl_nonik_summary *sum = ctx;
    int r = pl_nonik_parse(c->reason);
    if (r <= 0)
        r = PL_NONIK_TIDAK_DIKETAHUI;
    sum->counts[r] += c->people;
    sum->total += c->people;
    return 0;
}

int pl_nonik_summarize(pl_nonik_summary *out, pl_store *s, const char *scope, const char *region,
                       pl_error *err)
{
    memset(out, 0, sizeof *out);
    return pl_store_person_nonik_counts(s, scope, region, add_count, out, err);
}

int pl_nonik_queue(pl_store *s, pl_person_query *q, pl_person_cb cb, void *ctx, pl_error *err)
{
    if (q->no_nik_reason && q->no_nik_reason[0]) {
        int r = pl_nonik_parse(q->no_nik_reason);
        if (r <= 0)
            return pl_error_set(err, PL_EINVAL, "reason", "alasan '%.40s' tidak dikenal (%s)",
                                q->no_nik_reason, pl_nonik_codes_text());
        q->no_nik_reason = pl_nonik_code(r);
    } else {
        q->no_nik_reason = NULL;
    }
    q->without_nik = true;
    q->nik = NULL;
    return pl_store_person_search(s, q, cb, ctx, err);
}
