# Subtotal columns under --locale en: headed 2018, 2019; a year held in part is #N/A with one warning.
run Tests/ChisoCoreTests/Fixtures/subtotals-warnings.chiso --locale en
