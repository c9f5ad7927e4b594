"""One pass over an SIE 4 file's bytes, compiled with numba: the rows as delimited UTF-8 text.

The pass implements the grammar of `orchestration.ingest.sie4` (SPACE, QUOTED, BARE, the
lone-brace lines, `check_record` and the { } block rules) byte by byte. It stops at the first
line that breaks any of them and returns that line's number and a code; Python then names the
problem with its own tokenizer (`sie4._explain`), so the wording is defined once. For a good
file it writes, per counted #TRANS/#RTRANS row, the stage table's ten columns and the line
number, separated by a byte the file does not hold, for DuckDB's CSV reader to load in one go:
the row's #VER (period, serie-vernr, date, text) is filled in during the pass, so no join is
needed afterwards. It also collects the #KSUMMA text, the lines Python reads itself (headers)
and a hash per #VER for the repeated-voucher check.

Why compiled: a Python loop over a million lines takes seconds, DuckDB's CSV reader cannot
split an object list or carry a voucher to its rows, and every SQL formulation measured cost
several times the plain CSV read (see DECISIONLOG.md, 2026-11-25).
"""

from __future__ import annotations

import numpy as np
from numba import njit

# Kinds of lines.
BLANK, OPEN, CLOSE, VER, TRANS, RTRANS, BTRANS, HEADER, OTHER, KSUMMA = range(10)
# What the pass returns in status[0].
OK, GRAMMAR, NESTED, OPEN_AFTER, CLOSE_UNOPENED, VER_OPEN, OUTSIDE, UNCLOSED, CR, WIDE, FULL = (
    range(11)
)
# The rule each code breaks, by its name in sie4._STRUCTURE (other codes: the line's grammar).
PROBLEMS = {
    NESTED: "nested",
    OPEN_AFTER: "open",
    CLOSE_UNOPENED: "close",
    VER_OPEN: "ver_open",
    OUTSIDE: "outside",
    UNCLOSED: "unclosed",
}
# status[] slots.
S_CODE, S_LINE, S_OUT, S_KS, S_ROWS, S_VERS, S_HEADERS, S_KSUMMA, S_LONGEST = range(9)
SLOTS = 9
MAX_TOKENS = 1 << 16  # fields and object-list parts on one line

_SPACE, _TAB, _QUOTE, _BACKSLASH, _HASH, _CR, _NL = 32, 9, 34, 92, 35, 13, 10
_OPEN, _CLOSE = 123, 125
_DIGIT0, _DIGIT9, _MINUS, _DOT, _COMMA = 48, 57, 45, 46, 44
_BARE, _QUOTED, _LIST_OPEN, _LIST_CLOSE = 0, 1, 2, 3


@njit(cache=True, nogil=True, inline="always")
def _byte(data, i, end, esc):
    """The value's byte at data[i] and where the next one starts (\\" and \\\\ are one byte)."""
    if esc and data[i] == _BACKSLASH and i + 1 < end:  # noqa: SIM102 (one test per line)
        if data[i + 1] == _QUOTE or data[i + 1] == _BACKSLASH:
            return data[i + 1], i + 2
    return data[i], i + 1


@njit(cache=True, nogil=True, inline="always")
def _same(data, a0, a1, aesc, b0, b1, besc):
    """Whether two token values are equal after unescaping (\\" and \\\\)."""
    if not aesc and not besc:
        if a1 - a0 != b1 - b0:
            return False
        for i in range(a1 - a0):
            if data[a0 + i] != data[b0 + i]:
                return False
        return True
    i, j = a0, b0
    while i < a1 and j < b1:
        x, i = _byte(data, i, a1, aesc)
        y, j = _byte(data, j, b1, besc)
        if x != y:
            return False
    return i == a1 and j == b1


@njit(cache=True, nogil=True, inline="always")
def _is_word(data, start, end, esc, word, length):
    """Whether a token's value is word[:length] (a label or a dimension number)."""
    if esc or end - start != length:
        return False
    for i in range(length):
        if data[start + i] != word[i]:
            return False
    return True


@njit(cache=True, nogil=True, inline="always")
def _is_date(data, start, end, esc):
    """YYYYMMDD and a day of the calendar (years 1-9999, as Python's datetime.date)."""
    if esc or end - start != 8:
        return False
    for i in range(8):
        if data[start + i] < _DIGIT0 or data[start + i] > _DIGIT9:
            return False
    year = 0
    for i in range(4):
        year = year * 10 + data[start + i] - _DIGIT0
    month = (data[start + 4] - _DIGIT0) * 10 + data[start + 5] - _DIGIT0
    day = (data[start + 6] - _DIGIT0) * 10 + data[start + 7] - _DIGIT0
    if year < 1 or month < 1 or month > 12 or day < 1:
        return False
    days = 31
    if month == 4 or month == 6 or month == 9 or month == 11:
        days = 30
    elif month == 2:
        leap = (year % 4 == 0 and year % 100 != 0) or year % 400 == 0
        days = 29 if leap else 28
    return day <= days


@njit(cache=True, nogil=True, inline="always")
def _is_amount(data, start, end, esc):
    """-?[0-9]+(\\.[0-9]{1,2})? (sie4.AMOUNT)."""
    if esc or start >= end:
        return False
    i = start
    if data[i] == _MINUS:
        i += 1
    digits = 0
    while i < end and _DIGIT0 <= data[i] <= _DIGIT9:
        i += 1
        digits += 1
    if digits == 0:
        return False
    if i == end:
        return True
    if data[i] != _DOT:
        return False
    i += 1
    decimals = 0
    while i < end and _DIGIT0 <= data[i] <= _DIGIT9:
        i += 1
        decimals += 1
    return i == end and 1 <= decimals <= 2


@njit(cache=True, nogil=True, inline="always")
def _put(out, o, data, start, end, esc, utf8):
    """Write a token's value, unescaped, as UTF-8; the new output position."""
    i = start
    while i < end:
        b, i = _byte(data, i, end, esc)
        if b < 128:
            out[o] = b
            o += 1
        else:
            for k in range(utf8[b, 0]):
                out[o] = utf8[b, 1 + k]
                o += 1
    return o


@njit(cache=True, nogil=True, inline="always")
def _put_raw(ks, o, data, start, end, esc):
    """Write a token's value, unescaped, in the file's own bytes (for #KSUMMA)."""
    i = start
    while i < end:
        ks[o], i = _byte(data, i, end, esc)
        o += 1
    return o


@njit(cache=True, nogil=True, inline="always")
def _iso(out, o, data, start):
    """YYYYMMDD at data[start] as YYYY-MM-DD."""
    for k in range(4):
        out[o + k] = data[start + k]
    out[o + 4] = _MINUS
    out[o + 5] = data[start + 4]
    out[o + 6] = data[start + 5]
    out[o + 7] = _MINUS
    out[o + 8] = data[start + 6]
    out[o + 9] = data[start + 7]
    return o + 10


@njit(cache=True, nogil=True, inline="always")
def _token(tkind, tstart, tend, tesc, count, kind, start, end, esc):
    """Append a token (a value's span, or a list's brace); the new count."""
    tkind[count] = kind
    tstart[count] = start
    tend[count] = end
    tesc[count] = esc
    return count + 1


@njit(cache=True, nogil=True, inline="always")
def _hash(data, h, start, end, esc):
    """FNV-1a over a token's value (unescaped), continuing from h."""
    i = start
    while i < end:
        b, i = _byte(data, i, end, esc)
        h = (h ^ np.uint64(b)) * np.uint64(1099511628211)
    return h


@njit(cache=True, nogil=True)
def scan(
    data,  # uint8[:] the file, ending in a line end
    labels,  # uint8[:, :] #VER #TRANS #RTRANS #BTRANS #KSUMMA, then header labels
    label_lengths,  # int64[:]
    dims,  # uint8[4, :] the dimension number (text) per ledger column
    dim_lengths,  # int64[4]: 0 when the column has no dimension
    utf8,  # uint8[256, 4]: length and UTF-8 bytes per code page 437 byte
    delimiter,  # the field separator of the output
    out,  # uint8[:] the rows
    ks,  # uint8[:] the #KSUMMA text (empty array: none is collected)
    header_lines,  # int64[:, 3]: line, start, end of lines Python reads
    ver_lines,  # int64[:] line of each #VER
    ver_hashes,  # uint64[:] hash of its serie and number
    line0,  # lines before data[0] (data may be a part of the file, see sie4._scan)
    ksumma0,  # #KSUMMA lines before data[0]
    status,  # int64[SLOTS]
):
    n = data.shape[0]
    tstart = np.empty(MAX_TOKENS, np.int64)
    tend = np.empty(MAX_TOKENS, np.int64)
    tkind = np.empty(MAX_TOKENS, np.int8)
    tesc = np.empty(MAX_TOKENS, np.bool_)
    fidx = np.empty(MAX_TOKENS, np.int64)  # fields: the token of a string or of a list's '{'
    flist = np.empty(MAX_TOKENS, np.bool_)
    # The previous row's tokens, to find a #TRANS repeating its #RTRANS.
    pstart = np.empty(MAX_TOKENS, np.int64)
    pend = np.empty(MAX_TOKENS, np.int64)
    pkind = np.empty(MAX_TOKENS, np.int8)
    pesc = np.empty(MAX_TOKENS, np.bool_)
    pcount = 0
    prow_kind = -1
    prow_voucher = -1
    out_size = out.shape[0]
    collect = ks.shape[0] > 0

    o = 0
    k = 0
    rows = 0
    vouchers = 0
    headers = 0
    line = line0
    longest = 0
    depth = 0
    last_open = 0
    previous = BLANK  # the kind of the last line that is neither blank nor a lone '{'
    ksumma = ksumma0  # #KSUMMA lines seen: the text is collected while it is 1
    # The current #VER: its line's span, series, number, date and text tokens.
    ver_start = ver_end = 0
    s0 = s1 = n0 = n1 = d0 = x0 = x1 = 0
    sesc = nesc = xesc = False
    pos = 0
    code = OK
    while pos < n:
        line += 1
        ls = pos
        nl = pos
        crs = 0  # CRs on the line: one before its end is an error (found below)
        while data[nl] != _NL:
            if data[nl] == _CR:
                crs += 1
            nl += 1
        pos = nl + 1
        le = nl
        while le > ls and data[le - 1] == _CR:
            le -= 1
        first = ls
        while first < le and (data[first] == _SPACE or data[first] == _TAB):
            first += 1
        if first == le:
            continue  # blank
        last = le
        while data[last - 1] == _SPACE or data[last - 1] == _TAB:
            last -= 1
        if crs > nl - le:
            code = CR
            break

        if last - first == 1 and (data[first] == _OPEN or data[first] == _CLOSE):
            if data[first] == _OPEN:
                depth += 1
                if depth > 1:
                    code = NESTED
                    break
                if previous != VER:
                    code = OPEN_AFTER
                    break
                last_open = line
            else:
                depth -= 1
                if depth < 0:
                    code = CLOSE_UNOPENED
                    break
                previous = CLOSE
            continue

        # Tokens (sie4.tokenize).
        count = 0
        p = ls
        prev = 0  # 1: a value, 2: a list's '}', 3: a list's '{'
        in_list = False
        while True:
            sp = p
            while p < le and (data[p] == _SPACE or data[p] == _TAB):
                p += 1
            spaced = p > sp or p == ls
            if p >= le:
                if in_list:
                    code = GRAMMAR
                break
            if count >= MAX_TOKENS:
                code = WIDE
                break
            b = data[p]
            if b == _CLOSE:
                if not in_list:
                    code = GRAMMAR
                    break
                count = _token(tkind, tstart, tend, tesc, count, _LIST_CLOSE, p, p, False)
                in_list = False
                prev = 2
                p += 1
                continue
            if not spaced and (prev == 1 or prev == 2):
                code = GRAMMAR
                break
            if b == _OPEN:
                if in_list:
                    code = GRAMMAR
                    break
                count = _token(tkind, tstart, tend, tesc, count, _LIST_OPEN, p, p, False)
                in_list = True
                prev = 3
                p += 1
                continue
            if b == _QUOTE:
                p += 1
                start = p
                esc = False
                while p < le and data[p] != _QUOTE:
                    if data[p] == _BACKSLASH:
                        esc = True
                        p += 2
                    else:
                        p += 1
                if p >= le:
                    code = GRAMMAR
                    break
                count = _token(tkind, tstart, tend, tesc, count, _QUOTED, start, p, esc)
                p += 1
            else:
                start = p
                p += 1
                while p < le:
                    c = data[p]
                    if c == _SPACE or c == _TAB or c == _OPEN or c == _CLOSE:
                        break
                    p += 1
                count = _token(tkind, tstart, tend, tesc, count, _BARE, start, p, False)
            prev = 1
        if code != OK:
            break

        # The label: a string starting with '#'.
        if tkind[0] >= _LIST_OPEN or tend[0] == tstart[0] or data[tstart[0]] != _HASH:
            code = GRAMMAR
            break
        fields = 0
        t = 0
        while t < count:
            fidx[fields] = t
            flist[fields] = tkind[t] == _LIST_OPEN
            if flist[fields]:
                while tkind[t] != _LIST_CLOSE:
                    t += 1
            t += 1
            fields += 1
        kind = OTHER
        for j in range(labels.shape[0]):
            if _is_word(data, tstart[0], tend[0], tesc[0], labels[j], label_lengths[j]):
                kind = VER + j if j < 4 else (KSUMMA if j == 4 else HEADER)
                break

        if kind == VER:
            ok = fields >= 4
            for f in range(1, fields):
                if flist[f]:
                    ok = False
            a, b2, c3 = fidx[1], fidx[2], fidx[3]
            if not (
                ok
                and tend[a] > tstart[a]
                and tend[b2] > tstart[b2]
                and _is_date(data, tstart[c3], tend[c3], tesc[c3])
            ):
                code = GRAMMAR
                break
            if depth != 0:
                code = VER_OPEN
                break
            ver_start, ver_end = ls, le
            s0, s1, sesc = tstart[a], tend[a], tesc[a]
            n0, n1, nesc = tstart[b2], tend[b2], tesc[b2]
            d0 = tstart[c3]
            if fields > 4:
                x0, x1, xesc = tstart[fidx[4]], tend[fidx[4]], tesc[fidx[4]]
            else:
                x0, x1, xesc = 0, 0, False
            h = np.uint64(14695981039346656037)
            h = _hash(data, h, s0, s1, sesc)
            h = (h ^ np.uint64(0)) * np.uint64(1099511628211)  # between series and number
            h = _hash(data, h, n0, n1, nesc)
            ver_lines[vouchers] = line
            ver_hashes[vouchers] = h
            vouchers += 1
        elif kind == TRANS or kind == RTRANS or kind == BTRANS:
            ok = fields >= 4 and not flist[1] and flist[2] and not flist[3]
            for f in range(4, fields):
                if flist[f]:
                    ok = False
            if ok:
                a = fidx[1]
                parts = 0
                t = fidx[2] + 1
                while tkind[t] != _LIST_CLOSE:
                    parts += 1
                    t += 1
                c3 = fidx[3]
                ok = (
                    tend[a] > tstart[a]
                    and parts % 2 == 0
                    and _is_amount(data, tstart[c3], tend[c3], tesc[c3])
                )
                if ok and fields > 4:
                    d = fidx[4]
                    ok = tend[d] == tstart[d] or _is_date(data, tstart[d], tend[d], tesc[d])
            if not ok:
                code = GRAMMAR
                break
            if depth != 1:
                code = OUTSIDE
                break
            counted = kind != BTRANS
            if (
                kind == TRANS
                and prow_kind == RTRANS
                and prow_voucher == vouchers
                and pcount == count
            ):
                same = True
                for t in range(1, count):
                    # values compare as values: "1930" is 1930 (a list's braces by kind)
                    braces = pkind[t] >= _LIST_OPEN or tkind[t] >= _LIST_OPEN
                    if (braces and pkind[t] != tkind[t]) or not _same(
                        data, pstart[t], pend[t], pesc[t], tstart[t], tend[t], tesc[t]
                    ):
                        same = False
                        break
                if same:
                    counted = False  # the #TRANS that repeats its #RTRANS
            if kind == RTRANS:  # only a #TRANS right after an #RTRANS is compared
                for t in range(count):
                    pstart[t], pend[t], pkind[t], pesc[t] = tstart[t], tend[t], tkind[t], tesc[t]
            pcount, prow_kind, prow_voucher = count, kind, vouchers
            if counted:
                # At most 3 bytes per byte of the row's and its #VER's lines, and the fixed parts.
                if o + 3 * ((le - ls) + (ver_end - ver_start)) + 64 > out_size:
                    code = FULL
                    break
                row_start = o
                for j in range(6):  # period YYYYMM
                    out[o + j] = data[d0 + j]
                o += 6
                out[o] = delimiter
                o = _put(out, o + 1, data, s0, s1, sesc, utf8)
                out[o] = _MINUS
                o = _put(out, o + 1, data, n0, n1, nesc, utf8)
                out[o] = delimiter
                o += 1
                day = d0
                if fields > 4 and tend[fidx[4]] > tstart[fidx[4]]:
                    day = tstart[fidx[4]]
                o = _iso(out, o, data, day)
                out[o] = delimiter
                a = fidx[1]
                o = _put(out, o + 1, data, tstart[a], tend[a], tesc[a], utf8)
                for col in range(4):
                    out[o] = delimiter
                    o += 1
                    length = dim_lengths[col]
                    if length == 0:
                        continue
                    t = fidx[2] + 1
                    while tkind[t] != _LIST_CLOSE:
                        if _is_word(data, tstart[t], tend[t], tesc[t], dims[col], length):
                            o = _put(out, o, data, tstart[t + 1], tend[t + 1], tesc[t + 1], utf8)
                            break
                        t += 2
                out[o] = delimiter
                o += 1
                c3 = fidx[3]
                for i in range(tstart[c3], tend[c3]):
                    out[o] = _COMMA if data[i] == _DOT else data[i]
                    o += 1
                out[o] = delimiter
                o += 1
                if fields > 5 and tend[fidx[5]] > tstart[fidx[5]]:
                    x = fidx[5]
                    o = _put(out, o, data, tstart[x], tend[x], tesc[x], utf8)
                elif x1 > x0:
                    o = _put(out, o, data, x0, x1, xesc, utf8)
                out[o] = delimiter
                o += 1
                digits = 1
                value = line
                while value >= 10:
                    value //= 10
                    digits += 1
                value = line
                for j in range(digits - 1, -1, -1):
                    out[o + j] = _DIGIT0 + value % 10
                    value //= 10
                o += digits
                out[o] = _NL
                o += 1
                rows += 1
                longest = max(longest, o - row_start)
        if kind == HEADER or kind == KSUMMA:
            header_lines[headers, 0] = line
            header_lines[headers, 1] = ls
            header_lines[headers, 2] = le
            headers += 1
        if kind == KSUMMA:
            ksumma += 1
        elif collect and ksumma == 1:
            for t in range(count):
                if tkind[t] < _LIST_OPEN:
                    k = _put_raw(ks, k, data, tstart[t], tend[t], tesc[t])
        previous = kind
    if code == OK and depth > 0:
        code = UNCLOSED
        line = last_open
    status[S_CODE] = code
    status[S_LINE] = line
    status[S_OUT] = o
    status[S_KS] = k
    status[S_ROWS] = rows
    status[S_VERS] = vouchers
    status[S_HEADERS] = headers
    status[S_KSUMMA] = ksumma
    status[S_LONGEST] = longest
