# fmt of a file that does not exist: exit 66, one line.
# expect exit: 66
fmt no/such/notebook.chiso
