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
        report(code, "documents: no table header; the whole text kept as one document")
        return [{"name": clean_doc_name(text), "form": None, "quantity": None, "group": None}]
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
    return documents


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


def convert(record):
    code = record["ma_thu_tuc"]
    methods = parse_methods(code, record.get("cach_thuc_thuc_hien"))
    procedure = {
        "code": code,
        "name": clean(record["ten_thu_tuc"]),
        "field": clean(record.get("linh_vuc")),
        "level": clean(record.get("cap_thuc_hien")),
        "agency": parse_agency(code, record),
        "fee": display_fee(code, methods),
        "duration": display_duration(methods),
        "result": parse_result(code, record.get("ket_qua_xu_ly")),
        "popularity": POPULARITY.get(code, 0),
        "methods": [{k: v for k, v in m.items() if not k.startswith("_")} for m in methods],
        "documents": parse_documents(code, record.get("thanh_phan_ho_so")),
        "decision": clean(record.get("so_quyet_dinh")),
        "url": clean(record.get("detail_url")),
        "source": f"{SOURCE_REPO}@{SOURCE_COMMIT[:12]}:{record['_source_path']}",
    }
    if procedure["fee"] is None:
        report(code, "no display fee")
    if procedure["duration"] is None:
        report(code, "no display duration")
    return procedure


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("input", help="chatbot-tthc-raw.jsonl")
    parser.add_argument("-o", "--output", help="where to write (default: stdout)")
    args = parser.parse_args()

    sha = hashlib.sha256()
    records = {}
    with open(args.input, "rb") as f:
        for line in f:
            sha.update(line)
            record = json.loads(line)
            records[record["ma_thu_tuc"]] = record

    procedures = []
    seen = set()
    for code, expected_name, _why in PROCEDURES:
        if code in seen:
            sys.exit(f"{code} listed twice")
        seen.add(code)
        record = records.get(code)
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
        procedures.append(convert(record))

    for code in POPULARITY:
        if code not in seen:
            sys.exit(f"popular {code} is not in the catalogue")

    catalogue = {
        "version": FORMAT_VERSION,
        "generated_from": f"https://github.com/{SOURCE_REPO} @ {SOURCE_COMMIT} : "
                          "scripts/crawler/data/raw/ (dichvucong.gov.vn pages)",
        "input_sha256": sha.hexdigest(),
        "procedures": procedures,
    }
    text = json.dumps(catalogue, ensure_ascii=False, indent=1) + "\n"
    if args.output:
        with open(args.output, "w", encoding="utf-8") as f:
            f.write(text)
    else:
        sys.stdout.write(text)

    print(f"import-catalogue: {len(procedures)} procedures, "
          f"{sum(len(p['documents']) for p in procedures)} documents; "
          f"{len(report_lines)} notes:", file=sys.stderr)
    for line in report_lines:
        print("  " + line, file=sys.stderr)


if __name__ == "__main__":
    main()
