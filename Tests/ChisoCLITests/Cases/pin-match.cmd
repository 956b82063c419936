# Pins that match: the summary runs.
run Tests/ChisoCLITests/Cases/review/pins/sum.chiso
