# Subtotal columns in HTML: a class and a style of their own (the style only on a page with subtotals).
run Tests/ChisoCoreTests/Fixtures/subtotals.chiso --format html
