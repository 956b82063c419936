# An error and a failed check: the error decides the exit code.
# expect exit: 65
check Tests/ChisoCLITests/Cases/error-and-failed-check.chiso
