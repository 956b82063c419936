# A failed check: exit 1, the check's place and message on stderr, nothing on stdout.
# expect exit: 1
check Tests/ChisoCLITests/Cases/failing-check.chiso
