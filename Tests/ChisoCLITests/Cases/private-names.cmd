# Private tables and cells (names starting with _) are computed but not printed.
run Tests/ChisoCLITests/Cases/private-names.chiso
