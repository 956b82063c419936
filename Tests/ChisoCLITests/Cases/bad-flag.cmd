# An unknown option: exit 64, the error and the usage on stderr.
# expect exit: 64
run notebooks/tour.chiso --no-such-flag
