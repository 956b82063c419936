# An empty notebook: a warning, nothing printed, success.
run Tests/ChisoCLITests/Cases/empty.chiso
