# Charts and trend columns in the md format.
run Tests/ChisoCoreTests/Fixtures/charts.chiso --format md
