# The units tables as CSV, as drawn (transposed too), machine names and the canonical period on each line.
run Tests/ChisoCLITests/Cases/across/units.chiso --format csv
