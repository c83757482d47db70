#!/usr/bin/python3
# import-catalogue.py: builds data/catalogue.json, the procedure catalogue the kiosk
# ships, from the scraped National Public Service Portal pages in
# chatbot-tthc-raw.jsonl (see data/README.md for where that file comes from).
#
#   /usr/bin/python3 data/import-catalogue.py PATH/TO/chatbot-tthc-raw.jsonl \
#       > data/catalogue.json
#
# or with -o data/catalogue.json.  Python 3 standard library only.  The output is
# deterministic: the same input gives byte-identical output.  What the tool could
# not parse is reported on stderr; nothing is invented to fill a gap.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import hashlib
import json
import re
import sys
import unicodedata

FORMAT_VERSION = "1"
# The date of the data this catalogue reflects (the scrape's snapshot as read),
# not the time of the run, so that the output stays reproducible.
CATALOGUE_DATE = "2025-11-23"
SOURCE_REPO = "chatbot-tthc/chatbot_tthc"
SOURCE_COMMIT = "53229487610b07e0d7127f529b87c333f19aeb1e"

# The procedures a commune one-stop-shop counter handles, picked by hand from the
# 588 records the portal marks "Cấp xã".  Each entry: (code, the start of the name
# we expect for that code, why it is here).  The expected name guards against the
# scrape's misattributed pages (several codes carry another procedure's name, e.g.
# "Hỗ trợ phát triển sản xuất cộng đồng.").  Deliberately left out:
#   - Customs (Hải quan) and Tax (Thuế) procedures the portal mislabels "Cấp xã";
#   - "Người có công" records: their names are a scrape error ("Công bố Danh mục và
#     Quy trình nội bộ ..."), and the data has no bảo trợ xã hội procedures at all
#     (the ministry that owns them is not in the scrape);
#   - foreign-element (có yếu tố nước ngoài) and mobile (lưu động) civil-status
#     variants, which are rare at a commune counter;
#   - procedures an official rather than a citizen starts (approvals of plans,
#     works, funds), vehicle and waterway registrations.
PROCEDURES = [
    # Hộ tịch (civil status): the commune's daily work, under the Ministry of Justice.
    ("1.001193", "Thủ tục đăng ký khai sinh", "birth registration: the most common request"),
    ("1.000894", "Thủ tục đăng ký kết hôn", "marriage registration"),
    ("1.000656", "Thủ tục đăng ký khai tử", "death registration"),
    ("1.004873", "Thủ tục cấp Giấy xác nhận tình trạng hôn nhân",
     "marital status certificate, asked for by banks, notaries, marriages elsewhere"),
    ("1.004884", "Thủ tục đăng ký lại khai sinh", "re-registering a lost birth record"),
    ("1.004746", "Thủ tục đăng ký lại kết hôn", "re-registering a lost marriage record"),
    ("1.005461", "Đăng ký lại khai tử", "re-registering a lost death record"),
    ("1.001022", "Thủ tục đăng ký nhận cha, mẹ, con", "recognition of parent/child"),
    ("1.000689", "Thủ tục đăng ký khai sinh kết hợp đăng ký nhận cha, mẹ, con",
     "birth registration together with recognition of the father"),
    ("1.004837", "Thủ tục đăng ký giám hộ", "guardianship"),
    ("1.004845", "Thủ tục đăng ký chấm dứt giám hộ", "end of guardianship"),
    ("1.004859", "Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch",
     "correcting a civil-status record (name, ethnicity, ...)"),
    ("2.000635", "Cấp bản sao Trích lục hộ tịch",
     "copies of birth certificates and civil-status extracts"),
    ("2.002516", "Thủ tục xác nhận thông tin hộ tịch", "confirmation of civil-status data"),
    ("2.000986", "Liên thông thủ tục hành chính về đăng ký khai sinh, đăng ký thường trú",
     "the joined birth + residence + health-insurance procedure for children (Đề án 06)"),
    ("2.001023", "Liên thông các thủ tục hành chính về đăng ký khai sinh, cấp Thẻ bảo hiểm y tế",
     "the joined birth + health-insurance procedure for children (Đề án 06)"),
    # Nuôi con nuôi (adoption), also the commune's justice officer.
    ("2.001263", "Đăng ký việc nuôi con nuôi trong nước", "domestic adoption"),
    # Cư trú (residence): handled by the commune police, often via the same centre.
    ("1.004222", "Đăng ký thường trú", "permanent residence registration"),
    ("1.004194", "Đăng ký tạm trú", "temporary residence registration"),
    ("1.002755", "Gia hạn tạm trú", "extending temporary residence"),
    ("1.003197", "Xóa đăng ký thường trú", "removing a permanent residence"),
    ("1.010028", "Xóa đăng ký tạm trú", "removing a temporary residence"),
    ("1.003677", "Khai báo tạm vắng", "declaring a temporary absence"),
    ("1.010038", "Tách hộ", "splitting a household"),
    ("1.010041", "Xác nhận thông tin về cư trú", "residence confirmation (form CT07)"),
    ("1.010039", "Điều chỉnh thông tin về cư trú", "correcting residence data"),
    ("2.001159", "Thông báo lưu trú", "notifying a guest's stay"),
    # Căn cước (identity card): commune police or the commune one-stop shop.
    ("1.014061", "Cấp thẻ căn cước cho người từ đủ 14 tuổi trở lên", "first identity card"),
    ("1.014063", "Cấp đổi thẻ căn cước", "renewing an identity card"),
    ("1.014064", "Cấp lại thẻ căn cước", "replacing a lost identity card"),
    # Chứng thực (certification): the commune's other daily work.
    ("2.000815", "Chứng thực bản sao từ bản chính", "certified copies: the second most common request"),
    ("2.000884", "Chứng thực chữ ký trong các giấy tờ", "signature certification"),
    ("2.000992", "Chứng thực chữ ký người dịch mà người dịch là cộng tác viên",
     "translator's signature certification"),
    ("2.000908", "Thủ tục cấp bản sao từ sổ gốc", "copies from the original register"),
    ("2.001035", "Chứng thực giao dịch liên quan đến tài sản", "certifying a contract on property or land"),
    ("2.000913", "Chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch", "amending a certified contract"),
    ("2.000942", "Cấp bản sao có chứng thực từ bản chính giao dịch", "copy of a certified contract"),
    ("2.001019", "Chứng thực di chúc", "certifying a will"),
    ("2.001016", "Chứng thực văn bản từ chối nhận di sản", "certifying a refusal of inheritance"),
    ("2.001406", "Chứng thực văn bản phân chia di sản", "certifying a division of inheritance"),
    # Đất đai (land): since the 2025 reform, first registration and disputes start at the commune.
    ("1.013978", "Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận",
     "first land registration and certificate for households and individuals"),
    ("1.012796", "Đính chính Giấy chứng nhận đã cấp lần đầu có sai sót", "correcting a land certificate"),
    ("1.012812", "Hòa giải tranh chấp đất đai", "land dispute mediation"),
    ("1.013967", "Giải quyết tranh chấp đất đai thuộc thẩm quyền", "land dispute decision by the commune chair"),
    # Xây dựng (building permit for a family house).
    ("1.013225", "Cấp giấy phép xây dựng mới đối với công trình cấp III, cấp IV",
     "building permit, including individual houses"),
    # Giảm nghèo (poverty status), decided by the commune.
    ("1.011607", "Công nhận hộ nghèo, hộ cận nghèo thường xuyên hằng năm", "being recognised as a poor household"),
    ("1.011608", "Công nhận hộ thoát nghèo, hộ thoát cận nghèo thường xuyên hằng năm",
     "leaving poor-household status"),
    # Hộ kinh doanh (household business): registered at the commune since the 2025 reform.
    ("1.001612", "Đăng ký thành lập hộ kinh doanh", "registering a household business"),
    ("2.000720", "Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", "changing a household business"),
    ("1.001570", "Tạm ngừng kinh doanh, tiếp tục kinh doanh", "suspending a household business"),
    ("1.001266", "Chấm dứt hoạt động hộ kinh doanh", "closing a household business"),
]

# Popularity rank, 1 = most asked for at a commune counter (shown first on the
# kiosk's home screen).  Everything else is 0.  An editorial choice, written down
# here so it can be argued with.
POPULARITY = {
    "1.001193": 1,   # khai sinh
    "1.004222": 2,   # thường trú
    "2.000815": 3,   # chứng thực bản sao
    "2.000884": 4,   # chứng thực chữ ký
    "1.004194": 5,   # tạm trú
    "1.000894": 6,   # kết hôn
    "1.004873": 7,   # xác nhận tình trạng hôn nhân
    "1.000656": 8,   # khai tử
    "2.000635": 9,   # bản sao trích lục / giấy khai sinh
    "1.010041": 10,  # xác nhận thông tin cư trú
    "2.000986": 11,  # liên thông khai sinh, thường trú, BHYT
    "1.014063": 12,  # cấp đổi thẻ căn cước
}

EXCLUDED_FIELDS = ("hải quan", "thuế")

NO_INFO = "Không có thông tin"
METHODS = ("Trực tuyến", "Trực tiếp", "Dịch vụ bưu chính")
DOC_HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
METHOD_HEADER = "Hình thức nộpThời gianPhí, lệ phíMô tả"

report_lines = []


def report(code, what):
    line = f"{code}: {what}"
    if line not in report_lines:
        report_lines.append(line)


def clean(text):
    """NFC, NBSP and zero-width characters, white space runs; None for nothing."""
    if text is None:
        return None
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u00a0", " ").replace("\u202f", " ")
    text = re.sub("[\u200b-\u200f\u2060\ufeff]", "", text)
    text = re.sub(r"\s+", " ", text).strip()
    if not text or text == NO_INFO:
        return None
    return text


# --- cách thức thực hiện: method / duration / fee / description rows ------------

DURATION_UNITS = ("Ngày làm việc", "Ngày", "Giờ", "Tháng", "Năm", "Tuần", "Phút")
_DUR = r"(?P<dur>\d+(?:[.,]\d+)?(?: (?:%s))?|%s)" % ("|".join(DURATION_UNITS), NO_INFO)
_AMOUNT = r"\d{1,3}(?:,\d{3})*(?:\.\d+)?"
_CURRENCY = r"(?:Việt Nam Đồng|VNĐ|Đồng|đồng|USD)"
_FEE_START = r"(?=Miễn phí|%s|%s ?%s)" % (NO_INFO, _AMOUNT, _CURRENCY)
# A row starts where a method name is directly followed by a duration cell and the
# start of a fee cell.  Method names inside descriptions ("... như: Trực tuyến qua
# Cổng ...") are not followed by a duration, so they do not split rows.
ROW_RE = re.compile(r"(?P<method>%s)%s%s" % ("|".join(METHODS), _DUR, _FEE_START))
FEE_RE = re.compile(r"(?P<free>Miễn phí)|(?P<noinfo>%s)|(?P<amount>%s) ?(?P<cur>%s)"
                    % (NO_INFO, _AMOUNT, _CURRENCY))


def balanced_paren(text, start):
    """Index just past the parenthesised group opening at text[start], or -1."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "(":
            depth += 1
        elif text[i] == ")":
            depth -= 1
            if depth == 0:
                return i + 1
    return -1


def format_amount(amount, currency):
    value = amount.replace(",", "")
    if "." in value:
        whole, frac = value.split(".", 1)
    else:
        whole, frac = value, ""
    whole = f"{int(whole):,}".replace(",", ".")
    number = whole + ("," + frac if frac and int(frac) else "")
    if currency in ("Việt Nam Đồng", "VNĐ", "Đồng", "đồng"):
        return number + " đồng", "VND"
    return number + " " + currency, currency


def parse_duration(code, dur):
    if dur == NO_INFO:
        return None
    m = re.fullmatch(r"(\d+(?:[.,]\d+)?)(?: (.+))?", dur)
    number, unit = m.group(1), m.group(2)
    if unit is None:
        # The portal shows a bare figure; its unit is not in the source, so the
        # number stays as it is and nothing is invented.
        report(code, f"duration '{number}' has no unit; kept as the bare number")
        return number
    return f"{number} {unit.lower()}"


def parse_methods(code, text):
    text = clean(text) or ""
    if not text.startswith(METHOD_HEADER):
        report(code, "submission methods: table header not found; none kept")
        return []
    body = text[len(METHOD_HEADER):]
    starts = list(ROW_RE.finditer(body))
    if not starts or starts[0].start() != 0:
        report(code, "submission methods: could not find the first row; none kept")
        return []
    methods = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(body)
        cell = body[m.end():end]
        fee_m = FEE_RE.match(cell)
        fee = None
        currency = None
        if fee_m.group("free"):
            fee = "Miễn phí"
        elif fee_m.group("amount"):
            fee, currency = format_amount(fee_m.group("amount"), fee_m.group("cur"))
            rest = cell[fee_m.end():]
            # "2,000 Việt Nam Đồng(/trang)": a short "(/unit)" right after the amount.
            per = re.match(r"\(/([^()]{1,30})\)", rest)
            if per:
                fee += "/" + per.group(1).strip()
        dur = m.group("dur")
        if re.fullmatch(r"\d+(?:[.,]\d+)?", dur) and fee_m.group("amount") \
                and body[m.end("dur") - 1:m.end("dur")].isdigit():
            report(code, f"duration '{dur}' runs into the fee amount; split may be wrong")
        methods.append({
            "method": m.group("method"),
            "duration": parse_duration(code, dur),
            "fee": fee,
            "_currency": currency,
        })
        if fee is None:
            report(code, f"{m.group('method')}: no fee in the source")
    return methods


def by_method(values):
    """[(text, method)] -> one display text: 'X' or 'X (a), Y (b)'."""
    groups = {}
    for text, method in values:
        groups.setdefault(text, []).append(method.lower())
    if len(groups) == 1:
        return next(iter(groups))
    parts = []
    for text, methods in groups.items():
        unique = list(dict.fromkeys(methods))
        parts.append(f"{text} ({', '.join(unique)})")
    return ", ".join(parts)


def display_fee(code, methods):
    # Foreign-currency rows are what Vietnamese missions abroad charge
    # (e.g. "10 USD/bản" for certified copies); a commune counter charges in đồng.
    local = [m for m in methods if m["_currency"] in (None, "VND")]
    if len(local) < len(methods):
        report(code, "fee in foreign currency (mission abroad) left out of the display fee")
    known = [(m["fee"], m["method"]) for m in local if m["fee"] is not None]
    if not known:
        return None
    return by_method(known)


def display_duration(methods):
    known = [(m["duration"], m["method"]) for m in methods if m["duration"] is not None]
    if not known:
        return None
    return by_method(known)


# --- thành phần hồ sơ: required documents --------------------------------------

# "1 bản chính", "01 bản sao", "1 bản chụp"; several in a row are one cell.
QTY_RE = re.compile(r"(?P<num>\d+) (?P<kind>bản chính|bản sao|bản chụp)")
# The form cell is an attached file's name, run straight onto the end of the name
# cell: "...(Mẫu DC02 ... của Bộ Công an)Mẫu DC02 Phiếu đề nghị ....doc".  It starts
# right after a sentence end with no space and has no sentence break inside.
FORM_RE = re.compile(r"(?<=[.;:)])(?P<form>[^\s.;:)](?:(?![.;:)]\s).)*?"
                     r"\.(?:docx?|pdf|xlsx?|rtf))$", re.IGNORECASE)


def split_quantity_number(num):
    """The digits before 'bản ...' run into the document name ('Mẫu số 18' +
    '1 bản chính' = '181 bản chính').  A quantity is one digit, or two with a
    leading zero ('01 bản sao'); the rest belongs to the name."""
    if len(num) == 2 and num[0] == "0":
        return "", num
    return num[:-1], num[-1]


def parse_rows(code, chunk):
    """Rows of one table: name [form] quantity, ... -> (rows, trailing text)."""
    rows = []
    pos = 0
    while True:
        m = QTY_RE.search(chunk, pos)
        if not m:
            break
        prefix, num = split_quantity_number(m.group("num"))
        quantities = [f"{num} {m.group('kind')}"]
        end = m.end()
        while True:  # "1 bản chụp1 bản chính", "1 bản chính,1 bản sao"
            more = re.compile(r",? ?").match(chunk, end)
            more = QTY_RE.match(chunk, more.end())
            if not more or len(more.group("num")) > 2:
                break
            quantities.append(f"{more.group('num')} {more.group('kind')}")
            end = more.end()
        name = chunk[pos:m.start()] + prefix
        rows.append((name, ", ".join(quantities)))
        pos = end
    return rows, chunk[pos:]


def clean_doc_name(name):
    name = clean(name) or ""
    name = re.sub(r"^[-+*•–]+\s*", "", name).strip()
    return name or None


def parse_documents(code, text):
    text = clean(text)
    if text is None:
        report(code, "no documents in the source")
        return []
    chunks = text.split(DOC_HEADER)
    if len(chunks) == 1:
        name = clean_doc_name(text)
        if name is None:
            report(code, "documents: no table header and no text; none kept")
            return []
        report(code, "documents: no table header; the whole text kept as one document")
        return [{"name": name, "form": None, "quantity": None, "group": None}]
    documents = []
    dropped_notes = 0
    group = chunks[0]
    for i, chunk in enumerate(chunks[1:]):
        rows, trailing = parse_rows(code, chunk)
        last = i == len(chunks) - 2
        group_title = clean(re.sub(r"^[-*\s]+|[:\s]+$", "", group)) if group else None
        is_note = group_title is not None and group_title.lower().startswith("lưu ý")
        for raw_name, quantity in rows:
            form = None
            fm = FORM_RE.search(raw_name.strip())
            if fm:
                form = clean(fm.group("form"))
                raw_name = raw_name.strip()[:fm.start("form")]
            name = clean_doc_name(raw_name)
            if name is None:
                report(code, f"documents: a quantity '{quantity}' without a name; dropped")
                continue
            if is_note or re.match(r"lưu ý\b", name, re.IGNORECASE):
                dropped_notes += 1
                continue
            documents.append({"name": name, "form": form, "quantity": quantity,
                              "group": group_title})
        if not rows and clean(chunk):
            if last:
                # A table whose cells have no quantity at all: keep the text whole.
                report(code, "documents: a table without quantities; kept as one document")
                documents.append({"name": clean_doc_name(chunk), "form": None,
                                  "quantity": None, "group": group_title})
                trailing = ""
            else:
                report(code, "documents: a table without quantities before the next table")
        # The text after a table's last quantity is the next table's title.
        group = trailing
    if clean(group):
        report(code, f"documents: text after the last table kept as one document: "
                     f"'{clean(group)[:60]}'")
        documents.append({"name": clean_doc_name(group), "form": None, "quantity": None,
                          "group": None})
    if dropped_notes:
        report(code, f"documents: {dropped_notes} rows of the 'Lưu ý' (notes) table left out")
    named = [d for d in documents if d["name"]]
    if len(named) < len(documents):
        report(code, f"documents: {len(documents) - len(named)} without a name left out")
    return named


# --- kết quả xử lý ----------------------------------------------------------------

# "KQ.G15.000031", "KQ-G01.000064", "KQ.G10.001159- Biên bản ...", and one "dsfas".
RESULT_CODE_RE = re.compile(r"^(?:[A-Za-z0-9.\-+]*?\d(?=[^\d.\-]|-\s|$)|[a-z]+(?=[A-ZĐ]|$))")


def parse_result(code, text):
    text = clean(text)
    if text is None:
        return None
    # Everything from "Từ khóa" on is the portal page's UI ("Chọn cơ quan thực hiện...").
    cut = text.find("Từ khóa")
    if cut >= 0:
        text = text[:cut]
    pieces = re.split(r"Mã: ?", text)
    names = [pieces[0]]
    for piece in pieces[1:]:
        m = RESULT_CODE_RE.match(piece)
        if not m:
            report(code, f"result: code not recognised in '{piece[:30]}'")
            names.append(piece)
            continue
        names.append(piece[m.end():])
    out = []
    for name in names:
        name = clean(name)
        if not name:
            continue
        name = re.sub(r"^[-+*•]+\s*", "", name).rstrip(" .;")
        if name and name not in out:
            out.append(name)
    return "; ".join(out) if out else None


def parse_agency(code, record):
    for key in ("co_quan_thuc_hien", "co_quan_co_tham_quyen"):
        value = clean(record.get(key))
        if value is None:
            continue
        if value[0].islower():
            # A cut-off sentence from another cell, not an agency name.
            report(code, f"agency '{value[:40]}...' is not a name; ignored")
            continue
        return value.rstrip(" .")
    report(code, "no agency in the source")
    return None


# --- cấp thực hiện, đối tượng, căn cứ pháp lý --------------------------------------

LEVEL_WORDS = (("cấp xã", "xa"), ("cấp tỉnh", "tinh"), ("cấp bộ", "bo"), ("cơ quan khác", "khac"))


def parse_levels(code, raw):
    """'Cấp bộ, Cấp tỉnh, Cấp xã' -> ['xa', 'tinh', 'bo'] (commune first)."""
    if raw is None:
        report(code, "no level in the source")
        return []
    low = raw.lower()
    levels = [short for word, short in LEVEL_WORDS if word in low]
    if not levels:
        report(code, f"level '{raw}' not recognised")
    return levels


def is_commune_counter(code, levels, field):
    """Whether a commune one-stop-shop counter takes this procedure.  The portal
    marks some customs and tax procedures "Cấp xã" (what it means is the local
    customs post or tax team, not the commune People's Committee); a commune
    counter does not receive those, so they are kept and searchable but flagged."""
    if "xa" not in levels:
        return False
    low = (field or "").lower()
    if any(word in low for word in EXCLUDED_FIELDS):
        report(code, f"'Cấp xã' in the source but field '{field}': commune_counter false")
        return False
    return True


# A legal document number: "85/2019/TT-BTC", "02/2011/QH13", "5519/QĐ-BQP".  The
# suffix stops before the next cell (a capitalised word or the next number).
_SUFFIX = r"[A-ZĐ]+\d*(?:-[A-ZĐ]+\d*)*(?![a-zà-ỹđ/])"
LEGAL_NUM_RE = re.compile(r"(?P<num>\d+)/(?:(?P<year>\d{4})/)?(?P<suffix>%s)" % _SUFFIX)
LEGAL_HEADER = "Tên văn bản pháp lýMã văn bản"
LEGAL_TITLE_MAX = 160


def short_title(title):
    title = title.strip(" .;,")
    if len(title) > LEGAL_TITLE_MAX:
        cut = title.rfind(" ", 0, LEGAL_TITLE_MAX)
        title = title[:cut if cut > 0 else LEGAL_TITLE_MAX] + "…"
    return title


def parse_legal(code, text):
    """The flattened 'title number title number ...' table -> [{number, title}].
    A number cell is one glued to the text before it (no space): numbers quoted
    inside a title have a space before them."""
    text = clean(text)
    if text is None:
        report(code, "no legal basis in the source")
        return []
    if not text.startswith(LEGAL_HEADER):
        report(code, "legal basis: table header not found; none kept")
        return []
    body = text[len(LEGAL_HEADER):]
    out = []
    pos = 0
    for m in LEGAL_NUM_RE.finditer(body):
        start = m.start()
        if start == 0 or body[start - 1].isspace():
            continue
        num = m.group("num")
        if len(num) > 4:
            # "năm 2024" + "05/2024/UBTVQH15" run together: a year starts the run.
            if re.match(r"(19|20)\d\d", num):
                start += 4
            else:
                report(code, f"legal basis: number '{m.group(0)}' runs into the title")
        if start < pos:
            continue
        title = body[pos:start]
        number = body[start:m.end()]
        if not title.strip():
            title = number
        out.append({"number": number, "title": short_title(clean(title) or number)})
        pos = m.end()
    if clean(body[pos:]):
        report(code, "legal basis: text after the last number left out")
    if not out:
        report(code, "legal basis: no document number found")
    return out


def convert(record):
    code = record["ma_thu_tuc"]
    methods = parse_methods(code, record.get("cach_thuc_thuc_hien"))
    level_raw = clean(record.get("cap_thuc_hien"))
    levels = parse_levels(code, level_raw)
    field = clean(record.get("linh_vuc"))
    procedure = {
        "code": code,
        "name": clean(record["ten_thu_tuc"]),
        "field": field,
        "level": level_raw,
        "levels": levels,
        "commune_counter": is_commune_counter(code, levels, field),
        "applicants": clean(record.get("doi_tuong_thuc_hien")),
        "agency": parse_agency(code, record),
        "fee": display_fee(code, methods),
        "duration": display_duration(methods),
        "result": parse_result(code, record.get("ket_qua_xu_ly")),
        "popularity": POPULARITY.get(code, 0),
        "methods": [{k: v for k, v in m.items() if not k.startswith("_")} for m in methods],
        "documents": parse_documents(code, record.get("thanh_phan_ho_so")),
        "legal": parse_legal(code, record.get("can_cu_phap_ly")),
        "decision": clean(record.get("so_quyet_dinh")),
        "url": clean(record.get("detail_url")),
        "source": f"{SOURCE_REPO}@{SOURCE_COMMIT[:12]}:{record['_source_path']}",
    }
    if procedure["fee"] is None:
        report(code, "no display fee")
    if procedure["duration"] is None:
        report(code, "no display duration")
    return procedure


# --- ThuTucHanhChinh: the structured detail files (mostly Ministry of Defence) -----

STRUCT_REPO = "nhdandz/ThuTucHanhChinh"
STRUCT_COMMIT = "936e184ef5b6afd7debfecf42e66888c4d6174ba"
FORM_FILE_RE = re.compile(r"\.(?:docx?|pdf|xlsx?|rtf)$", re.IGNORECASE)


def struct_fee(code, text):
    """'Phí : 0 Đồng', 'Lệ phí : 50.000 Đồng', 'Phí : Không Đồng' -> display text."""
    text = clean(text)
    if text is None:
        return None
    m = re.search(r"(\d[\d.,]*) ?(?:Đồng|đồng|VNĐ)", text)
    if m:
        value = int(re.sub(r"[.,]", "", m.group(1)) or "0")
        return "Miễn phí" if value == 0 else f"{value:,}".replace(",", ".") + " đồng"
    if re.search(r"\bKhông\b", text):
        return "Miễn phí"
    report(code, f"fee '{text[:40]}' not understood; left unknown")
    return None


def struct_duration(code, text):
    text = clean(text)
    if text is None:
        return None
    m = re.fullmatch(r"(\d+(?:[.,]\d+)?)(?: (.+))?", text)
    if not m:
        return text
    if m.group(2) is None:
        report(code, f"duration '{text}' has no unit; kept as the bare number")
        return text
    return f"{m.group(1)} {m.group(2).lower()}"


def struct_quantity(note):
    note = clean(note) or ""
    parts = []
    for label, kind in (("Bản chính", "bản chính"), ("Bản sao", "bản sao")):
        m = re.search(label + r": ?(\d+)", note)
        if m and int(m.group(1)) > 0:
            parts.append(f"{int(m.group(1))} {kind}")
    return ", ".join(parts) or None


def convert_structured(record):
    meta = record["metadata"]
    content = record.get("content", {})
    tables = record.get("tables", {})
    code = meta["mã_thủ_tục"]
    level_raw = clean(meta.get("cấp_thực_hiện"))
    levels = parse_levels(code, level_raw)
    field = clean(meta.get("lĩnh_vực"))
    methods = []
    for row in tables.get("hinh_thuc_nop", []):
        method = clean(row.get("hinh_thuc"))
        if method is None:
            continue
        fee = struct_fee(code, row.get("phi_le_phi"))
        if fee is None:
            report(code, f"{method}: no fee in the source")
        methods.append({"method": method,
                        "duration": struct_duration(code, row.get("thoi_han_giai_quyet")),
                        "fee": fee, "_currency": "VND" if fee else None})
    documents = []
    for row in tables.get("thanh_phan_ho_so", []):
        name = clean_doc_name(row.get("ten_giay_to"))
        if name is None:
            continue
        # The columns are shifted in the source: so_luong holds the form file.
        form = clean(row.get("so_luong"))
        if form is not None and not FORM_FILE_RE.search(form):
            form = None
        documents.append({"name": name, "form": form,
                          "quantity": struct_quantity(row.get("ghi_chu")), "group": None})
    legal = []
    for row in tables.get("can_cu_phap_ly", []):
        title = clean(row.get("trich_yeu"))
        number = clean(row.get("so_ky_hieu"))
        if number is not None and "/" not in number:
            # Truncated in the source ("12"): take the number from the title.
            m = LEGAL_NUM_RE.search(title or "")
            number = m.group(0) if m else None
            if number is None:
                report(code, "legal basis: truncated number left unknown")
        if title or number:
            legal.append({"number": number, "title": short_title(title or number)})
    decision = clean(meta.get("số_quyết_định"))
    if decision:
        decision = re.sub(r"^Quyết định số ", "", decision)
    agency = clean(content.get("cơ_quan_thực_hiện")) or clean(content.get("cơ_quan_có_thẩm_quyền"))
    procedure = {
        "code": code,
        "name": clean(meta.get("tên_thủ_tục")),
        "field": field,
        "level": level_raw,
        "levels": levels,
        "commune_counter": is_commune_counter(code, levels, field),
        "applicants": clean(content.get("đối_tượng_thực_hiện")),
        "agency": agency.rstrip(" .") if agency else None,
        "fee": display_fee(code, methods),
        "duration": display_duration(methods),
        "result": (clean(content.get("kết_quả_thực_hiện")) or "").rstrip(" .") or None,
        "popularity": 0,
        "methods": [{k: v for k, v in m.items() if not k.startswith("_")} for m in methods],
        "documents": documents,
        "legal": legal,
        "decision": decision,
        # The detail files do not carry the portal page's address.
        "url": None,
        "source": f"{STRUCT_REPO}@{STRUCT_COMMIT[:12]}:{record['_source_path']}",
    }
    if procedure["agency"] is None:
        report(code, "no agency in the source")
    if procedure["fee"] is None:
        report(code, "no display fee")
    if procedure["duration"] is None:
        report(code, "no display duration")
    return procedure


def read_jsonl(path, sha):
    with open(path, "rb") as f:
        for line in f:
            sha.update(line)
            yield json.loads(line)


def summary(procedures):
    """Counts of what is unknown, by kind, for the report's head."""
    kinds = [
        ("no display fee", lambda p: p["fee"] is None),
        ("no display duration", lambda p: p["duration"] is None),
        ("a duration is a bare figure with no unit",
         lambda p: any(m["duration"] and re.fullmatch(r"[\d.,]+", m["duration"]) for m in p["methods"])),
        ("no agency", lambda p: p["agency"] is None),
        ("no documents", lambda p: not p["documents"]),
        ("no legal basis", lambda p: not p["legal"]),
        ("no portal url", lambda p: p["url"] is None),
        ("no result", lambda p: p["result"] is None),
    ]
    commune = [p for p in procedures if p["commune_counter"]]
    lines = []
    for label, test in kinds:
        lines.append(f"  {label}: {sum(1 for p in procedures if test(p))} "
                     f"({sum(1 for p in commune if test(p))} of them commune counter)")
    return lines


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input", help="chatbot-tthc-raw.jsonl")
    parser.add_argument("structured", nargs="?",
                        help="thutuchanhchinh-structured.jsonl (optional)")
    parser.add_argument("-o", "--output", help="where to write (default: stdout)")
    parser.add_argument("--report", help="write the full list of what was not parsed here")
    parser.add_argument("--date", default=CATALOGUE_DATE,
                        help="the catalogue's date (YYYY-MM-DD), shown in clerk mode")
    parser.add_argument("--excerpt", action="store_true",
                        help="the input is an excerpt (tests): curated codes not in it are skipped")
    parser.add_argument("--curated-only", action="store_true",
                        help="only the hand-picked commune procedures (the old catalogue)")
    args = parser.parse_args()

    sha = hashlib.sha256()
    records = {}
    for record in read_jsonl(args.input, sha):
        records[record["ma_thu_tuc"]] = record
    input_sha = [sha.hexdigest()]

    procedures = []
    seen = set()
    for code, expected_name, _why in PROCEDURES:
        if code in seen:
            sys.exit(f"{code} listed twice")
        seen.add(code)
        record = records.get(code)
        if record is None and args.excerpt:
            continue
        if record is None:
            sys.exit(f"{code} not in the input")
        name = clean(record["ten_thu_tuc"])
        if not name.startswith(unicodedata.normalize("NFC", expected_name)):
            sys.exit(f"{code}: expected '{expected_name}', the source says '{name}'")
        level = clean(record.get("cap_thuc_hien")) or ""
        if "cấp xã" not in level.lower():
            sys.exit(f"{code}: not a commune-level procedure ({level})")
        field = (clean(record.get("linh_vuc")) or "").lower()
        if any(word in field for word in EXCLUDED_FIELDS):
            sys.exit(f"{code}: customs/tax procedure ({field})")
        procedure = convert(record)
        procedure["curated"] = True
        procedures.append(procedure)

    for code in POPULARITY:
        if code not in seen and not args.excerpt:
            sys.exit(f"popular {code} is not in the catalogue")

    n_structured = 0
    if not args.curated_only:
        rest = [convert(records[code]) for code in sorted(records) if code not in seen]
        seen.update(records)
        if args.structured:
            sha2 = hashlib.sha256()
            for record in read_jsonl(args.structured, sha2):
                code = record["metadata"]["mã_thủ_tục"]
                if code in seen:
                    report(code, "also in the structured file; the portal page's record kept")
                    continue
                seen.add(code)
                rest.append(convert_structured(record))
                n_structured += 1
            input_sha.append(sha2.hexdigest())
        for p in rest:
            if not p["name"]:
                sys.exit(f"{p['code']}: no name")
        # The commune counter's procedures first, then the rest by code.
        rest.sort(key=lambda p: (not p["commune_counter"], p["code"]))
        procedures += rest

    for p in procedures:
        p.setdefault("curated", False)

    digest = hashlib.sha256(json.dumps(procedures, ensure_ascii=False, sort_keys=True)
                            .encode("utf-8")).hexdigest()
    catalogue = {
        "version": FORMAT_VERSION,
        # What clerk mode and motcua-ctl show; changes whenever the content does.
        "catalogue_version": f"{args.date.replace('-', '')}.{digest[:8]}",
        "date": args.date,
        "generated_from": f"https://github.com/{SOURCE_REPO} @ {SOURCE_COMMIT} : "
                          "scripts/crawler/data/raw/ (dichvucong.gov.vn pages)"
                          + (f"; https://github.com/{STRUCT_REPO} @ {STRUCT_COMMIT} : "
                             "data/extracted_fixed/" if n_structured else ""),
        "input_sha256": " ".join(input_sha),
        "procedures": procedures,
    }
    if args.curated_only:
        text = json.dumps(catalogue, ensure_ascii=False, indent=1) + "\n"
    else:
        # 2,800 procedures: no indentation, it only costs bytes and parse time.
        text = json.dumps(catalogue, ensure_ascii=False, separators=(",", ":")) + "\n"
    if args.output:
        data = text.encode("utf-8")
        if args.output.endswith(".gz"):
            import gzip
            import io
            buf = io.BytesIO()
            # mtime 0 and no file name: the same input gives the same bytes.
            with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
                gz.write(data)
            data = buf.getvalue()
        with open(args.output, "wb") as f:
            f.write(data)
    else:
        sys.stdout.write(text)

    commune = sum(1 for p in procedures if p["commune_counter"])
    head = [f"import-catalogue: {len(procedures)} procedures ({commune} at a commune counter, "
            f"{sum(1 for p in procedures if p['curated'])} curated, {n_structured} from the "
            f"structured file), {sum(len(p['documents']) for p in procedures)} documents; "
            f"{len(report_lines)} notes. Unknown fields stay null:"] + summary(procedures)
    for line in head:
        print(line, file=sys.stderr)
    if args.report:
        with open(args.report, "w", encoding="utf-8") as f:
            f.write("\n".join(head) + "\n\nEvery note, by procedure code:\n")
            for line in report_lines:
                f.write("  " + line + "\n")
    elif args.curated_only:
        for line in report_lines:
            print("  " + line, file=sys.stderr)


if __name__ == "__main__":
    main()
