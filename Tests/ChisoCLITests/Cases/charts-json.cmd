# Charts and trend columns in the json format.
run Tests/ChisoCoreTests/Fixtures/charts.chiso --format json
