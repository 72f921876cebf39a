"""Importers: the national table (`national`), the report PDFs (`pdf`), text clean-up (`text`)."""
