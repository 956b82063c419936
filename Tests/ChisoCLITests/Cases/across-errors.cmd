# Every mistake in a table across notebooks, at its place: an unknown alias, a missing row (did you mean), a table named as a row, a private row, a period outside or finer than a table, a difference of three columns, a total that cannot be recomputed, a range, repeated and conflicting options, a formula, no rows.
# expect exit: 65
run Tests/ChisoCLITests/Cases/across/errors.chiso
