# One version cannot be read (66).
# expect exit: 66
diff Tests/ChisoCLITests/Cases/review/v1.chiso Tests/ChisoCLITests/Cases/review/no-such.chiso
