"""Text handling shared by every source: decoding bytes, URLs, sanitising, dates, HTML.

- :mod:`~zonereader.text.decode`: bytes to text with the charset rules Chinese portals need.
- :mod:`~zonereader.text.urls`: canonical URLs, the identity of articles.
- :mod:`~zonereader.text.sanitize`: strip escape sequences and controls from untrusted text.
- :mod:`~zonereader.text.dates`: find a date (and time) in text, as China Standard Time.
- :mod:`~zonereader.text.html`: HTML to text blocks and paragraphs.
"""
