"""Pure helpers: file formats, validation, periods, Excel layout. No Dagster imports here."""
