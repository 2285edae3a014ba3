/*
 * h_reports.c - aggregate reports: counts at a date, period comparison, the
 * rakor report (JSON, CSV, XLSX, PDF), indicators and interventions. Every
 * read is limited to the caller's scope; callers without personal access
 * get the public view (small cells hidden, service/cells.h).
 */
#include "http/handlers.h"
#include "http/tmpfile.h"
#include "io/rakor_json.h"
#include "io/report_render.h"
#include "service/intervention.h"
#include "service/report.h"
#include "service/auth.h"
#include "service/report.h"
#include "store/indicator.h"
#include "store/rakor.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Callers without personal access (no PL_PERM_READ) get the public view: small cells hidden. */
static bool is_viewer(const pl_http_req *r)
{
    return !(r->perms & PL_PERM_READ);
}

static pl_date today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    return (pl_date){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

/* Builds the report the query asks for; region defaults to the caller's scope. */
static int build(pl_http_req *r, pl_report **out, bool districts, const char *date)
{
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    const char *level = pl_http_query(r, "level");
    pl_date t = today();
    pl_report_options o = {.scope = r->user.scope,
                           .region = region[0] ? region : r->user.scope,
                           .period = pl_http_query(r, "period"),
                           .compare = pl_http_query(r, "compare"),
                           .date = date,
                           .level = level ? atoi(level) : 0,
                           .districts = districts,
                           .viewer = is_viewer(r),
                           .today = &t};
    /* A printed rakor report carries the office's letterhead and signature block. */
    const char *fmt = pl_http_query(r, "format");
    o.letterhead = districts && fmt && strcmp(fmt, "pdf") == 0;
    if (o.region == NULL || o.region[0] == '\0')
        return pl_error_set(&r->err, PL_EINVAL, "region", "parameter region wajib (mis. 64)");
    return pl_report_build(out, r->store, &o, &r->err);
}

/* GET /reports/counts?region=64&date=YYYY-MM-DD&level=2 */
int pl_h_report_counts(pl_http_req *r)
{
    const char *d = pl_http_query(r, "date");
    pl_date at = today();
    if (d && pl_date_parse(&at, d) != 0)
        return pl_error_set(&r->err, PL_EINVAL, "date", "tanggal harus YYYY-MM-DD");
    char date[11], period[8];
    pl_date_format(date, &at);
    snprintf(period, sizeof period, "%04d", at.year);
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    const char *level = pl_http_query(r, "level");
    pl_report_options o = {.scope = r->user.scope,
                           .region = region[0] ? region : r->user.scope,
                           .period = period,
                           .date = date,
                           .level = level ? atoi(level) : 0,
                           .viewer = is_viewer(r)};
    if (o.region[0] == '\0')
        return pl_error_set(&r->err, PL_EINVAL, "region", "parameter region wajib (mis. 64)");
    pl_report *rep = NULL;
    if ((rc = pl_report_build(&rep, r->store, &o, &r->err)))
        return rc;
    json_t *j = pl_report_json(rep);
    pl_report_free(rep);
    return pl_http_reply_json(r, 200, j);
}

/* GET /reports/compare?region=64&period=2025&compare=2024&level=2 */
int pl_h_report_compare(pl_http_req *r)
{
    if (pl_http_query(r, "period") == NULL || pl_http_query(r, "compare") == NULL)
        return pl_error_set(&r->err, PL_EINVAL, "compare",
                            "parameter period dan compare wajib (mis. period=2025&compare=2024)");
    pl_report *rep = NULL;
    int rc = build(r, &rep, false, NULL);
    if (rc)
        return rc;
    json_t *j = pl_report_json(rep);
    pl_report_free(rep);
    return pl_http_reply_json(r, 200, j);
}

/* GET /reports/rakor?region=64&period=2025&compare=2024&format=json|csv|xlsx|pdf */
int pl_h_report_rakor(pl_http_req *r)
{
    const char *fmt = pl_http_query(r, "format");
    if (fmt == NULL)
        fmt = "json";
    if (strcmp(fmt, "json") && strcmp(fmt, "csv") && strcmp(fmt, "xlsx") && strcmp(fmt, "pdf"))
        return pl_error_set(&r->err, PL_EINVAL, "format", "format harus json, csv, xlsx atau pdf");
    if (pl_http_query(r, "period") == NULL)
        return pl_error_set(&r->err, PL_EINVAL, "period", "parameter period wajib (mis. 2025)");
    pl_report *rep = NULL;
    int rc = build(r, &rep, true, NULL);
    if (rc)
        return rc;
    if (strcmp(fmt, "json") == 0) {
        json_t *j = pl_report_json(rep);
        pl_report_free(rep);
        return pl_http_reply_json(r, 200, j);
    }
    /* Files are written in the data directory, opened, unlinked and sent. */
    char path[4400], disp[128];
    if ((rc = pl_http_tmp_path(r, "rakor", fmt, path, sizeof path))) {
        pl_report_free(rep);
        return rc;
    }
    snprintf(disp, sizeof disp, "attachment; filename=\"rakor-%s-%s.%s\"", rep->region,
             rep->period.label, fmt);
    if (strcmp(fmt, "csv") == 0)
        rc = pl_report_write_csv(rep, path, &r->err);
    else if (strcmp(fmt, "xlsx") == 0)
        rc = pl_report_write_xlsx(rep, path, &r->err);
    else
        rc = pl_report_write_pdf(rep, path, &r->err);
    pl_report_free(rep);
    if ((rc = pl_http_send_tmp(r, rc, path, pl_http_type_of(fmt), "laporan")))
        return rc;
    pl_http_header(r, "Content-Disposition", disp);
    r->status = 200;
    return 0;
}

static int add_indicator(void *ctx, const pl_indicator *in)
{
    return json_array_append_new(ctx, pl_json_indicator(in)) ? PL_ENOMEM : 0;
}

/* GET /indicators?region=64&from=2020&to=2025&name=ipm */
int pl_h_indicators(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    const char *name = pl_http_query(r, "name"), *from = pl_http_query(r, "from"),
               *to = pl_http_query(r, "to");
    if (name && pl_indicator_find(name) < 0)
        return pl_error_set(&r->err, PL_EINVAL, "name", "indikator tidak dikenal");
    json_t *items = json_array();
    if ((rc = pl_store_indicator_list(r->store, r->user.scope, region, from ? atoi(from) : 0,
                                      to ? atoi(to) : 0, name, add_indicator, items, &r->err))) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}

static int add_iv(void *ctx, const pl_intervention *iv)
{
    return json_array_append_new(ctx, pl_json_intervention(iv)) ? PL_ENOMEM : 0;
}

/* GET /interventions?region=64.74&year=2024&status=berjalan&overdue=YYYY-MM-DD */
int pl_h_interventions(pl_http_req *r)
{
    char region[PL_REGION_CODE_MAX];
    int rc = pl_http_region_param(r, "region", region);
    if (rc)
        return rc;
    const char *year = pl_http_query(r, "year"), *overdue = pl_http_query(r, "overdue");
    if (overdue && strcmp(overdue, "1") == 0)
        overdue = ""; /* today */
    pl_date d;
    if (overdue && overdue[0] && (strlen(overdue) > 10 || pl_date_parse(&d, overdue) != 0))
        return pl_error_set(&r->err, PL_EINVAL, "overdue", "tanggal harus YYYY-MM-DD");
    pl_intervention_query q = {.scope = r->user.scope,
                               .region = region,
                               .rakor_year = year ? atoi(year) : 0,
                               .status = pl_http_query(r, "status"),
                               .overdue_at = overdue};
    json_t *items = json_array();
    if ((rc = pl_intervention_list(r->store, &q, add_iv, items, &r->err))) {
        json_decref(items);
        return rc;
    }
    return pl_http_reply_page(r, items, NULL);
}
