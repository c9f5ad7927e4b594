"""SQL text for statements Python writes (paths, table names, options): one quoting rule."""


def sql_text(text: str) -> str:
    """`text` as an SQL string literal: in single quotes, each quote doubled."""
    return "'" + text.replace("'", "''") + "'"
