# A file that does not exist: exit 65, one line.
# expect exit: 66
run no/such/notebook.chiso
