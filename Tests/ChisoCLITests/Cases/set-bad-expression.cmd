# --set with an expression that does not parse: exit 64, its place inside the option.
# expect exit: 64
run notebooks/tour.chiso --set 'population=1 +'
