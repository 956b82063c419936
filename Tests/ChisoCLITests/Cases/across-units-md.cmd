# The units tables as Markdown (the transposed one with a line per unit).
run Tests/ChisoCLITests/Cases/across/units.chiso --format md
