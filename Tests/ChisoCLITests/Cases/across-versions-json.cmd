# The difference column as data: its values, texts and format (points for a percent row).
run Tests/ChisoCLITests/Cases/across/versions.chiso --format json
