"""Importers: the national outcomes table (`national`), the report PDFs (`pdf`), shared text clean-up (`text`)."""
