# A folder is not a notebook: exit 66.
# expect exit: 66
check notebooks
