# The same marks in Markdown.
run Tests/ChisoCLITests/Cases/review/amend.chiso --set t.khac@2022H2=7 --format md
