"""Messages shared across core and services, each in Chinese and English.

Modules with messages of their own declare them beside the code with `bilingual(zh, en)`.
"""

from __future__ import annotations

from propdesk.core.i18n import bilingual


class M:
    validation_failed = bilingual(
        "发现 {count} 处问题，未做任何修改：", "{count} problem(s) found; nothing was changed:"
    )
    problem_row_field = bilingual(
        "第 {row} 行「{field}」：{reason}", "row {row}, {field}: {reason}"
    )
    problem_row = bilingual("第 {row} 行：{reason}", "row {row}: {reason}")
    problem_field = bilingual("「{field}」：{reason}", "{field}: {reason}")
    book_locked = bilingual(
        "账套正被其他程序占用，请稍后再试：{path}",
        "The book is in use by another program; try again later: {path}",
    )
    not_a_book = bilingual(
        "这不是 propdesk 账套文件：{path}", "This is not a propdesk book: {path}"
    )
    damaged_book = bilingual(
        "账套文件已损坏，无法打开：{path}（{detail}）",
        "The book file is damaged and cannot be opened: {path} ({detail})",
    )
    newer_book = bilingual(
        "账套由更新版本的 propdesk 创建，请升级程序后再打开：{path}",
        "The book was made by a newer propdesk; upgrade the program to open it: {path}",
    )
    missing_book = bilingual("账套不存在：{path}", "No book at {path}")
    cannot_connect = bilingual(
        "无法连接数据库：{path}（{detail}）", "Cannot connect to the database: {path} ({detail})"
    )
