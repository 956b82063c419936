# The units tables as HTML: the period in the corner, the total column (a total line when transposed) set apart.
run Tests/ChisoCLITests/Cases/across/units.chiso --format html
