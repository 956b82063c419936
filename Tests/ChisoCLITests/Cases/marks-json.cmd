# The same marks as data in JSON (origins).
run Tests/ChisoCLITests/Cases/review/amend.chiso --set t.khac@2022H2=7 --format json
