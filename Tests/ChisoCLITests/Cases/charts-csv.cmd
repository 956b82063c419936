# Charts and trend columns in the csv format.
run Tests/ChisoCoreTests/Fixtures/charts.chiso --format csv
