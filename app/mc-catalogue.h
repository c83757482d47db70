/* mc-catalogue.h: the procedure catalogue (thủ tục hành chính) and its search.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define MC_CATALOGUE_ERROR (mc_catalogue_error_quark ())
typedef enum {
  MC_CATALOGUE_ERROR_PARSE,   /* the file is not a catalogue we can read */
} McCatalogueError;
GQuark mc_catalogue_error_quark (void);

/* One required document (thành phần hồ sơ). Plain, immutable after load. */
typedef struct {
  char *name;      /* "Tờ khai đăng ký khai sinh theo mẫu" */
  char *form;      /* nullable: form template name, e.g. "Mẫu TK..." */
  char *quantity;  /* nullable: "1 bản chính", as the source says it */
  char *group;     /* nullable: "Giấy tờ phải nộp", or the case it applies to */
} McRequiredDocument;

#define MC_TYPE_PROCEDURE (mc_procedure_get_type ())
G_DECLARE_FINAL_TYPE (McProcedure, mc_procedure, MC, PROCEDURE, GObject)

/* The public national code, e.g. "1.001193". */
const char *mc_procedure_get_code          (McProcedure *self);
const char *mc_procedure_get_name          (McProcedure *self);
/* Lĩnh vực, e.g. "Hộ tịch". */
const char *mc_procedure_get_field         (McProcedure *self);
/* Cấp thực hiện as the source says it, e.g. "Cấp xã". */
const char *mc_procedure_get_level         (McProcedure *self);
/* Nullable: who handles it, e.g. "Ủy ban nhân dân cấp xã". */
const char *mc_procedure_get_agency        (McProcedure *self);
/* Human text, e.g. "Miễn phí" or "10.000 đồng"; NULL when the source has none. */
const char *mc_procedure_get_fee           (McProcedure *self);
/* Human text, e.g. "Trong ngày" or "7 ngày làm việc"; NULL when unknown. */
const char *mc_procedure_get_duration      (McProcedure *self);
/* Nullable: the result the citizen receives, e.g. "Giấy khai sinh". */
const char *mc_procedure_get_result        (McProcedure *self);
/* 0 = not popular; smaller positive = more popular (shown first). */
guint       mc_procedure_get_popularity    (McProcedure *self);
/* Array of McRequiredDocument*, owned by the procedure. */
GPtrArray  *mc_procedure_get_documents     (McProcedure *self);

#define MC_TYPE_CATALOGUE (mc_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (McCatalogue, mc_catalogue, MC, CATALOGUE, GObject)

/* Loads data/catalogue.json (see data/README.md for its format). */
McCatalogue *mc_catalogue_new_from_file (const char  *path,
                                         GError     **error);
/* The catalogue shipped with the kiosk: $MOTCUA_DATA_DIR, then the source tree
 * (when run from the build tree), then PKGDATADIR. */
McCatalogue *mc_catalogue_new_default   (GError     **error);

guint        mc_catalogue_get_n_procedures (McCatalogue *self);
/* Transfer none; NULL when unknown. */
McProcedure *mc_catalogue_lookup           (McCatalogue *self,
                                            const char  *code);
/* Procedures whose folded name/field/code match every word of @query as a word
 * prefix, best first (exact phrase, then all words, then popularity). An empty
 * query returns nothing. Transfer container; elements are McProcedure (ref'd by
 * the array). At most @max_results (0 = no limit). */
GPtrArray   *mc_catalogue_search           (McCatalogue *self,
                                            const char  *query,
                                            guint        max_results);
/* The @n most popular procedures, most popular first. Transfer container. */
GPtrArray   *mc_catalogue_get_popular      (McCatalogue *self,
                                            guint        n);
/* Every procedure, catalogue order, as a GListModel of McProcedure. Transfer none. */
GListModel  *mc_catalogue_get_model        (McCatalogue *self);

G_END_DECLS
