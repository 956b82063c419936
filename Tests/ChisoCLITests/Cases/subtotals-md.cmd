# Subtotal columns in Markdown: after each year's last period, labelled Năm 2018.
run Tests/ChisoCoreTests/Fixtures/subtotals.chiso --format md
