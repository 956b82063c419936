# Charts and trend columns in the html format.
run Tests/ChisoCoreTests/Fixtures/charts.chiso --format html
