# The tour as CSV, with --locale en: machine numbers stay as they are, texts follow the locale.
run notebooks/tour.chiso --format csv --locale en
