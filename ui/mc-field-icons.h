/* mc-field-icons.h: the picture shown beside a field (lĩnh vực) in the list
 * of fields.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The icon name (in the kiosk's resource icon theme) for the field called
 * @field, as the catalogue spells it: matched by words of its folded name
 * ("Đăng ký, quản lý cư trú" -> the house), so a renamed or new field of the
 * same kind still gets its picture; any other field gets a folder. Never NULL;
 * a static string. */
const char *mc_field_icon_name (const char *field);

G_END_DECLS
