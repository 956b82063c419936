# A pin that does not match: an error naming the file, the pinned and the actual hash, and what to do (65).
# expect exit: 65
check Tests/ChisoCLITests/Cases/review/pins/stale.chiso
