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

/* Where a procedure is handled (cấp thực hiện), from the source's level text. */
typedef enum {
  MC_PROCEDURE_LEVEL_NONE     = 0,
  MC_PROCEDURE_LEVEL_COMMUNE  = 1 << 0,  /* Cấp xã */
  MC_PROCEDURE_LEVEL_PROVINCE = 1 << 1,  /* Cấp tỉnh */
  MC_PROCEDURE_LEVEL_MINISTRY = 1 << 2,  /* Cấp bộ */
  MC_PROCEDURE_LEVEL_OTHER    = 1 << 3,  /* Cơ quan khác */
} McProcedureLevels;
GQuark mc_catalogue_error_quark (void);

/* One required document (thành phần hồ sơ). Plain, immutable after load. */
typedef struct {
  char *name;      /* "Tờ khai đăng ký khai sinh theo mẫu" */
  char *form;      /* nullable: form template name, e.g. "Mẫu TK..." */
  char *quantity;  /* nullable: "1 bản chính", as the source says it */
  char *group;     /* nullable: "Giấy tờ phải nộp", or the case it applies to */
  /* From @quantity: how many originals (bản chính) and copies (bản sao or bản
   * chụp) to bring; -1 when the source does not say. */
  int   n_originals;
  int   n_copies;
} McRequiredDocument;

/* One way to submit (cách thức thực hiện). All nullable but @method. */
typedef struct {
  char *method;    /* "Trực tiếp", "Trực tuyến", "Dịch vụ bưu chính" */
  char *duration;  /* nullable: "5 ngày làm việc", or a bare figure the source gives without unit */
  char *fee;       /* nullable: "Miễn phí", "8.000 đồng" */
} McSubmissionMethod;

/* One legal document the procedure rests on (căn cứ pháp lý). */
typedef struct {
  char *number;    /* nullable: "123/2015/NĐ-CP" */
  char *title;     /* the title, shortened to about 160 characters */
} McLegalBasis;

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
/* The levels parsed from mc_procedure_get_level(). */
McProcedureLevels mc_procedure_get_levels  (McProcedure *self);
/* Whether a commune one-stop-shop counter takes this procedure: commune level
 * and not one of the customs/tax procedures the portal also marks "Cấp xã".
 * The kiosk offers "Nộp hồ sơ" only for these; others get the portal link. */
gboolean    mc_procedure_is_commune_counter (McProcedure *self);
/* Hand-picked as the commune counter's everyday work (data/import-catalogue.py). */
gboolean    mc_procedure_is_curated        (McProcedure *self);
/* Nullable: who may apply (đối tượng thực hiện), e.g. "Công dân Việt Nam". */
const char *mc_procedure_get_applicants    (McProcedure *self);
/* Nullable: the procedure's page on dichvucong.gov.vn (for the QR code). */
const char *mc_procedure_get_url           (McProcedure *self);
/* Nullable: the decision that published it, e.g. "163/QĐ-BTP". */
const char *mc_procedure_get_decision      (McProcedure *self);
/* Array of McSubmissionMethod*, owned by the procedure; may be empty. */
GPtrArray  *mc_procedure_get_methods       (McProcedure *self);
/* Array of McLegalBasis*, owned by the procedure; may be empty. */
GPtrArray  *mc_procedure_get_legal_basis   (McProcedure *self);

/* A life event (sinh con, kết hôn, ...) for browsing without typing, from
 * data/life-events.json. Owned by the catalogue. */
typedef struct {
  char      *id;          /* "birth", "marriage", ... stable, for tests and icons */
  char      *title;       /* Vietnamese, as shown on the tile: "Sinh con" */
  char      *title_en;    /* English */
  char      *icon_name;   /* nullable: a symbolic icon name */
  GPtrArray *procedures;  /* McProcedure*, most useful first; codes not in the catalogue are left out */
} McLifeEvent;

/* A field (lĩnh vực) and how many procedures it has. Owned by the catalogue. */
typedef struct {
  char *name;             /* "Hộ tịch" */
  guint n_procedures;
  guint n_commune;        /* of them, taken at a commune counter */
} McCatalogueField;
#define MC_TYPE_CATALOGUE (mc_catalogue_get_type ())
G_DECLARE_FINAL_TYPE (McCatalogue, mc_catalogue, MC, CATALOGUE, GObject)

/* Loads a catalogue file: JSON (see data/README.md for its format), plain or
 * gzip-compressed (recognised by its content, not its name). The life events
 * (life-events.json) and synonyms (synonyms.json) come from the same directory
 * when there, else from the shipped data directories; without them the
 * catalogue still loads, with no events and no synonyms. Blocks: the full
 * catalogue takes a few hundred milliseconds, see mc_catalogue_load_async(). */
McCatalogue *mc_catalogue_new_from_file (const char  *path,
                                         GError     **error);
/* The catalogue shipped with the kiosk: catalogue.json.gz or catalogue.json in
 * $MOTCUA_DATA_DIR, then the source tree (when run from the build tree), then
 * PKGDATADIR. Blocks, like mc_catalogue_new_from_file(). */
McCatalogue *mc_catalogue_new_default   (GError     **error);

/* Loads in a worker thread, so the window shows at once: the newest valid
 * catalogue, that is @updates_dir/catalogue.json.gz when @updates_dir is given
 * and holds one that loads (see mc-catalogue-update.h), else the shipped one as
 * mc_catalogue_new_default() finds it. A downloaded catalogue that fails to
 * load is skipped (logged), never fatal: the shipped one is the fallback. */
void         mc_catalogue_load_async    (const char           *updates_dir,
                                         GCancellable         *cancellable,
                                         GAsyncReadyCallback   callback,
                                         gpointer              user_data);
McCatalogue *mc_catalogue_load_finish   (GAsyncResult         *result,
                                         GError              **error);
/* The same search, blocking (what the async variant runs in its thread). */
McCatalogue *mc_catalogue_load          (const char           *updates_dir,
                                         GError              **error);

/* The catalogue's own version ("20251123.1a2b3c4d": date and content digest)
 * and date ("2025-11-23"), for clerk mode and motcua-ctl; the format version
 * when the file has no catalogue version; date NULL when not given. */
const char  *mc_catalogue_get_version   (McCatalogue *self);
const char  *mc_catalogue_get_date      (McCatalogue *self);
/* The file it was loaded from. */
const char  *mc_catalogue_get_path      (McCatalogue *self);

guint        mc_catalogue_get_n_procedures (McCatalogue *self);
/* Transfer none; NULL when unknown. */
McProcedure *mc_catalogue_lookup           (McCatalogue *self,
                                            const char  *code);
/* Search as the citizen types. @query and the catalogue are compared by their
 * search keys (mc_text_search_key(): case, tones, diacritics, đ/d, NFC/NFD and
 * the i/y variants do not matter), word by word, each query word matching as a
 * prefix of a word of the name, the field or the code. Everyday filler words
 * ("làm", "cho", "thủ tục", "xin", ...) may match or not.
 *
 * Order, best first:
 *  1. procedures named by a synonym the query contains (data/synonyms.json:
 *     "giấy khai sinh", "hộ khẩu", "sổ đỏ", ...), in the synonym's order,
 *     then those matching the synonym's terms;
 *  2. the query as a phrase inside the name (from a word start);
 *  3. every word a prefix of a word of the name;
 *  4. every word matches, some only in the field or code;
 *  5. only when nothing matches every word: the procedures matching most of
 *     the words (at least two thirds), most words first.
 * Within a rank: commune-counter procedures, then the curated ones, then by
 * popularity, then by name. An empty query returns nothing. Thread-safe (the
 * catalogue is immutable after load); no allocation per procedure.
 * Transfer container; elements are McProcedure (ref'd by the array). At most
 * @max_results (0 = no limit). */
GPtrArray   *mc_catalogue_search           (McCatalogue *self,
                                            const char  *query,
                                            guint        max_results);
/* The @n most popular procedures, most popular first. Transfer container. */
GPtrArray   *mc_catalogue_get_popular      (McCatalogue *self,
                                            guint        n);
/* Every procedure, catalogue order, as a GListModel of McProcedure. Transfer none. */
GListModel  *mc_catalogue_get_model        (McCatalogue *self);

/* Array of McLifeEvent*, in the order of data/life-events.json. Transfer none. */
GPtrArray   *mc_catalogue_get_life_events  (McCatalogue *self);
/* The procedures of the life event @event_id, most useful first; NULL when
 * there is no such event. Transfer container (elements ref'd). */
GPtrArray   *mc_catalogue_get_by_event     (McCatalogue *self,
                                            const char  *event_id);
/* Array of McCatalogueField*: the fields with commune-counter procedures first
 * (most such procedures first), then the others by size. Transfer none. */
GPtrArray   *mc_catalogue_get_fields       (McCatalogue *self);
/* The procedures of a field (exact name), ranked as search ties are; only
 * commune-counter ones when @commune_only. Empty when unknown. Transfer
 * container (elements ref'd). */
GPtrArray   *mc_catalogue_get_by_field     (McCatalogue *self,
                                            const char  *field,
                                            gboolean     commune_only);

G_END_DECLS
