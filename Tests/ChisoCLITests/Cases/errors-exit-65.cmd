# Notebook errors: exit 65, each with its place and a caret (and a suggestion);
# problems stay local: the good cells still print.
# expect exit: 65
run Tests/ChisoCLITests/Cases/errors.chiso
