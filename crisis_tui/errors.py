"""Errors every entry point reports in one line (kept here, light, so importing them is free)."""


class StoreError(Exception):
    """The archive cannot be used: a newer schema, an unreadable file, a full disk."""


class ConfigError(Exception):
    """A configuration problem, with the place it was found."""

    def __init__(self, file: str, line: int | None, field: str, message: str):
        self.file, self.line, self.field, self.message = file, line, field, message
        where = f"{file}:{line}" if line else file
        text = f"{where}: {field}: {message}" if field else f"{where}: {message}"
        # a key or value may carry escape sequences ("\e[2J" is valid YAML): print them as nothing
        from crisis_tui.sanitize import clean_line

        super().__init__(clean_line(text, 2000))
