# Subtotal columns in CSV: after each year's last period, headed by the year as machines write it (2018).
run Tests/ChisoCoreTests/Fixtures/subtotals.chiso --format csv
