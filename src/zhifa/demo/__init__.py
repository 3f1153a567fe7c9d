"""The demo district: a scenario file (scenarios/*.toml) → a district-year of records through the product's
services and its bulk loader, then the annual report (``zhifa demo``).

Modules by concern: ``scenario`` (the file format), ``catalogue`` (the powers and violations a demo district
uses), ``base`` (state and sampling helpers), ``registry``, ``parties``, ``inspections``, ``cases``,
``oversight`` (the steps), ``generator`` (the driver that runs them in one transaction).
"""
