# The same marks in HTML (a class, a title and a note list).
run Tests/ChisoCLITests/Cases/review/amend.chiso --set t.khac@2022H2=7 --format html
