# A notebook that cannot be read.
# expect exit: 66
why notebooks/no-such.chiso x
