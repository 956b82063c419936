# run still prints the notebook when a check fails, and exits 1.
# expect exit: 1
run Tests/ChisoCLITests/Cases/failing-check.chiso
