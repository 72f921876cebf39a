import logging


class OneLineForExpected(logging.Formatter):
    """Refusals the site expects (4xx, a bad Host header) log one line, without a traceback."""

    def format(self, record):
        status = getattr(record, "status_code", None)
        expected = record.name.startswith("django.security") or (
            status is not None and 400 <= status < 500
        )
        if expected and record.exc_info:
            record = logging.makeLogRecord({**record.__dict__, "exc_info": None, "exc_text": None})
        return super().format(record)
