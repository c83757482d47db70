/* search-vectors.h: search vectors from how citizens ask at a commune counter;
 * shared by tests/test-search.c and bench/bench-search.c (recall).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

typedef struct {
  const char *query;
  const char *first;        /* nullable: must be the very first result */
  const char *top3[3];      /* nullable entries: must each be within the top 3 */
} Vector;

/* Public national codes: 1.001193 khai sinh, 1.004222 thường trú, 1.004194 tạm
 * trú, 2.000815 chứng thực bản sao, 2.000884 chứng thực chữ ký, 1.000894 kết
 * hôn, 1.000656 khai tử, 1.004873 xác nhận tình trạng hôn nhân, 1.013978 đăng
 * ký đất đai (sổ đỏ), 1.014061/63/64 thẻ căn cước, 1.010041 xác nhận cư trú,
 * 2.000635 bản sao trích lục, 1.001612 hộ kinh doanh, 1.004859 cải chính hộ tịch. */
static const Vector search_vectors[] = {
  /* Tones, no tones, upper case. */
  { "đăng ký khai sinh", "1.001193", { NULL } },
  { "dang ky khai sinh", "1.001193", { NULL } },
  { "DANG KY KHAI SINH", "1.001193", { NULL } },
  { "đăng ký thường trú", "1.004222", { NULL } },
  { "dang ky tam tru", "1.004194", { NULL } },
  { "ket hon", "1.000894", { "1.004746" } },
  { "khai tu", "1.000656", { NULL } },
  /* NFD input (as some phone keyboards and pasted text give it). */
  { "\x64\xc4\x83\xcc\x80ng ky\xcc\x81 ke\xcc\x82\xcc\x81t ho\xcc\x82n", "1.000894", { NULL } },
  { "chu\xcc\x9b\xcc\x81ng thu\xcc\x9b\xcc\xa3\x63 ba\xcc\x89n sao", "2.000815", { NULL } },
  /* Misspelt or misplaced tones. */
  { "đang kí khai sinh", "1.001193", { NULL } },
  { "thuờng trụ", "1.004222", { NULL } },
  { "chựng thưc bản sao", "2.000815", { NULL } },
  { "kêt hôn", "1.000894", { NULL } },
  /* i/y variants. */
  { "đăng kí kết hôn", "1.000894", { NULL } },
  { "dang ki tam tru", "1.004194", { NULL } },
  { "chứng thực chữ kí", "2.000884", { NULL } },
  { "hộ tich", NULL, { "1.004859" } },
  /* Half-typed (every keystroke counts). */
  { "khai si", "1.001193", { NULL } },
  { "thuong t", "1.004222", { NULL } },
  { "chung th ban s", "2.000815", { NULL } },
  { "tam tr", "1.004194", { NULL } },
  /* Everyday words and synonyms. */
  { "giấy khai sinh", "1.001193", { "2.000635" } },
  { "làm giấy khai sinh cho con", "1.001193", { NULL } },
  { "lam giay khai sinh", "1.001193", { NULL } },
  { "hộ khẩu", "1.004222", { NULL } },
  { "nhap ho khau", "1.004222", { NULL } },
  { "sổ đỏ", "1.013978", { NULL } },
  { "so do", "1.013978", { NULL } },
  { "lam so do", "1.013978", { NULL } },
  { "làm căn cước", "1.014061", { "1.014063", "1.014064" } },
  { "lam cccd", "1.014061", { NULL } },
  { "mất căn cước", "1.014064", { NULL } },
  { "công chứng", "2.000815", { NULL } },
  { "cong chung giay to", "2.000815", { NULL } },
  { "photo công chứng", "2.000815", { NULL } },
  { "giấy chứng tử", "1.000656", { NULL } },
  { "giay chung tu", "1.000656", { NULL } },
  { "giấy độc thân", "1.004873", { NULL } },
  { "xac nhan doc than", "1.004873", { NULL } },
  { "xác nhận tình trạng hôn nhân", "1.004873", { NULL } },
  { "đăng ký tạm trú", "1.004194", { NULL } },
  { "thuê trọ", "1.004194", { NULL } },
  { "xác nhận cư trú", "1.010041", { NULL } },
  { "CT07", "1.010041", { NULL } },
  { "mở quán", "1.001612", { NULL } },
  { "đăng ký kinh doanh", "1.001612", { NULL } },
  { "lấy vợ", "1.000894", { NULL } },
  { "bìa đỏ", "1.013978", { NULL } },
  { "đổi tên", "1.004859", { NULL } },
  { "xin giấy phép xây nhà", "1.013225", { NULL } },
  /* Codes. */
  { "1.001193", "1.001193", { NULL } },
  { "2.000815", "2.000815", { NULL } },
};

