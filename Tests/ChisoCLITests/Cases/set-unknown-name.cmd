# --set of a name the notebook does not have: exit 64, with a suggestion, nothing else printed.
# expect exit: 64
run notebooks/tour.chiso --set populaton=1
