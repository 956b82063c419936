# Subtotal columns in JSON: periods and values stay one per period; the table lists its subtotals, each row their values.
run Tests/ChisoCoreTests/Fixtures/subtotals.chiso --format json
