# Amended values marked: an override in the import, a `with` line, a --set; notes under each table.
run Tests/ChisoCLITests/Cases/review/amend.chiso --set t.khac@2022H2=7
