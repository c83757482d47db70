/* mc-cccd-qr.h: the QR code printed on the chip CCCD card, and the USB HID
 * QR reader that types it.
 *
 * The payload (Thông tư 06/2021/TT-BCA chip CCCD, QR on the front; the thẻ căn
 * cước of Thông tư 16/2024/TT-BCA from 1/7/2024 carries it on the back) is UTF-8
 * text, fields separated by '|', no escaping, no checksum:
 *
 *   7 fields  number|old CMND|full name|ddmmyyyy birth|Nam/Nữ|permanent address|ddmmyyyy issue
 *             e.g. 001090012345|012345678|Nguyễn Văn An|01011990|Nam|Số 1, Phường Hàng Bài,
 *             Quận Hoàn Kiếm, Hà Nội|15042021. The old number is empty for people who never
 *             had a 9-digit CMND ("001090012345||Nguyễn …"). This is the list the police
 *             (baobariavungtau.com.vn, 2022-12; ictnews.vietnamnet.vn, 2021-04) give: "số
 *             CCCD, số CMND 9 số; họ và tên; ngày sinh; giới tính; nơi thường trú; ngày cấp".
 *   6 fields  number|full name|birth|sex|address|issue: no old-number field at all, as
 *             several public parsers document it (e.g. phalconsupply/phongkham
 *             docs/QR_SCANNER.md); also a 7-field payload cut after the address.
 *   8 fields  the 7 fields and one more: an expiry date ddmmyyyy on some cards, or empty
 *             (a trailing '|'); public parsers model it as optional "expiryDate". It may
 *             also be a text such as "Không thời hạn" (no expiry): then it is ignored.
 * No official specification of the layout is published; the parser therefore
 * finds the layout from the fields themselves (where the ddmmyyyy birth date
 * followed by Nam/Nữ is) rather than trusting the count alone.
 *
 * The number is cross-checked with mc_cccd_validate() (digits 1-3 province,
 * digit 4 century and sex, digits 5-6 birth year) against the birth date and
 * sex read from the card; its errors (MC_IDENTITY_ERROR) are passed on as they
 * are. The address is the pre-2025 one printed on the card (commune, district,
 * province); it is split here, and mapping it to the 2025 commune is done
 * elsewhere (the administrative units module).
 *
 * Personal data: never log a payload, a field, or a reader's buffer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "mc-identity.h"

G_BEGIN_DECLS

/* A payload longer than this (in bytes) is rejected: real ones are ~150-300. */
#define MC_CCCD_QR_MAX_LENGTH 1024

#define MC_CCCD_QR_ERROR (mc_cccd_qr_error_quark ())
typedef enum {
  MC_CCCD_QR_ERROR_EMPTY,
  MC_CCCD_QR_ERROR_TOO_LONG,   /* over MC_CCCD_QR_MAX_LENGTH bytes */
  MC_CCCD_QR_ERROR_FORMAT,     /* not a CCCD payload: bad UTF-8, control bytes, wrong
                                * number of fields, no birth date + sex where expected */
  MC_CCCD_QR_ERROR_FIELD,      /* a CCCD payload with a field missing or impossible */
} McCccdQrError;
GQuark mc_cccd_qr_error_quark (void);

/* A card read from its QR code. Strings are NFC, white space collapsed, never
 * NULL unless marked nullable. */
typedef struct {
  char  *number;            /* 12 digits, checked */
  char  *old_id;            /* nullable: the old CMND number (9 digits, or 12) */
  char  *full_name;         /* "Nguyễn Văn An" */
  GDate  birth_date;        /* valid */
  McSex  sex;               /* MC_SEX_MALE or MC_SEX_FEMALE */
  char  *address;           /* the permanent address as on the card; may be "" */
  char  *address_street;    /* nullable: house number, street, hamlet … (all the parts
                             * before the last three, joined with ", ") */
  char  *address_commune;   /* nullable: "Phường Hàng Bài" (pre-2025 unit) */
  char  *address_district;  /* nullable: "Quận Hoàn Kiếm" */
  char  *address_province;  /* nullable: "Hà Nội" */
  GDate  issue_date;        /* g_date_valid() is FALSE when the card has none */
  GDate  expiry_date;       /* g_date_valid() is FALSE when the card has none */
  guint  n_fields;          /* 6, 7 or 8, as read */
} McCccdCard;

GType       mc_cccd_card_get_type (void);
#define MC_TYPE_CCCD_CARD (mc_cccd_card_get_type ())
McCccdCard *mc_cccd_card_copy     (const McCccdCard *card);
void        mc_cccd_card_free     (McCccdCard       *card);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCccdCard, mc_cccd_card_free)

/* Parses @payload (@length bytes, or NUL-terminated if -1), as zbar decodes it
 * or a HID reader types it (a trailing CR/LF and surrounding spaces are
 * ignored). Returns a new card, or NULL with @error set: MC_CCCD_QR_ERROR, or
 * MC_IDENTITY_ERROR when the number is wrong or disagrees with the birth date
 * or sex. Messages are translated and say what to do. */
McCccdCard *mc_cccd_qr_parse      (const char  *payload,
                                   gssize       length,
                                   GError     **error);

/* Splits a card's address on commas, from the end: province, district,
 * commune, and the rest as the street part. "Thôn 3, Xã Ea Kao, Thành phố Buôn Ma
 * Thuột, Đắk Lắk" -> street "Thôn 3", commune "Xã Ea Kao", district "Thành phố
 * Buôn Ma Thuột", province "Đắk Lắk". With two parts: district and province;
 * with one (no comma): the street part only. Each out may be NULL; outs
 * that get no part are set to NULL. Returns FALSE for an empty address. */
gboolean    mc_cccd_address_split (const char  *address,
                                   char       **out_street,
                                   char       **out_commune,
                                   char       **out_district,
                                   char       **out_province);

/* The HID reader accumulator. A USB QR reader in keyboard mode types the
 * payload as key presses a few milliseconds apart, then Enter; a person types
 * tens or hundreds of milliseconds apart. Feed every character the field's key
 * controller sees (with the event time; GDK gives milliseconds: multiply by
 * 1000) and Enter as '\r' or '\n'. When Enter ends a burst of fast keys that
 * looks like a CCCD payload (at least 20 characters and 5 '|'), the payload is
 * returned; anything else returns NULL. Timestamps only need to be monotonic;
 * a gap longer than @max_gap_us (or a clock going backwards) starts a new
 * burst. */
typedef struct _McCccdQrReader McCccdQrReader;

/* @max_gap_us: the longest gap between two keys of one scan; 0 for the
 * default, 30 ms. */
McCccdQrReader *mc_cccd_qr_reader_new              (gint64           max_gap_us);
void            mc_cccd_qr_reader_free             (McCccdQrReader  *reader);
/* Returns the complete payload (free it) or NULL. Other control characters
 * (Tab, Escape, …) end the burst without a payload. */
char           *mc_cccd_qr_reader_feed             (McCccdQrReader  *reader,
                                                    gunichar         key,
                                                    gint64           time_us);
/* How many characters the current fast burst has: once it is more than a few
 * the UI may take the keys as a scan in progress (and keep them out of the
 * focused field, or remove that many characters when the payload arrives). */
guint           mc_cccd_qr_reader_get_burst_length (McCccdQrReader  *reader);
void            mc_cccd_qr_reader_reset            (McCccdQrReader  *reader);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (McCccdQrReader, mc_cccd_qr_reader_free)

G_END_DECLS
