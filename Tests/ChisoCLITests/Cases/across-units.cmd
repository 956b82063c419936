# Units side by side with a province total: figures added up, rates recomputed on the totals, a stock summed, a text row's total empty; then the half-year roll-up transposed (a line per unit)
run Tests/ChisoCLITests/Cases/across/units.chiso
