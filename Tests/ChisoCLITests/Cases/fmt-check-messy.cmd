# fmt --check on a file not in canonical layout: exit 1 and the change as a diff.
# expect exit: 1
fmt --check Tests/ChisoCLITests/Cases/messy.chiso
