# Charts that cannot be drawn: the errors, and what is drawn.
# expect exit: 65
run Tests/ChisoCoreTests/Fixtures/charts-errors.chiso --format json
